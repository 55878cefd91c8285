import type { z } from "zod";
import type { PathKey } from "./problem.js";
import type {
  EmbeddingConfig,
  EndpointConfig,
  Example,
  Expect,
  Judge,
  Label,
  OutputSpec,
  StrategyConfig,
  SuiteJudge,
} from "./schema.js";
import {
  CaseFileSchema,
  CaseSchema,
  ConfigSchema,
  EndpointSchema,
  ExampleSchema,
  ExpectSchema,
  JudgeSchema,
  LabelSchema,
  OutputSpecSchema,
  StrategySchema,
  SuiteJudgeSchema,
  TaskSchema,
} from "./schema.js";

// The semantic checks run on every part of a file that is valid on its own, even when another part
// fails the schema, so one pass lists all problems of a file.

export interface Indexed<T> {
  index: number;
  value: T;
}

/** A case's parts that are valid on their own. */
export interface CaseParts {
  id?: string;
  expect?: Expect;
  judge?: Judge;
  /** Labelled answers that are valid on their own, by their index. */
  labels: Indexed<Label>[];
}

/** A file the suite names, with the key that names it. */
export interface FileRef {
  at: PathKey[];
  file: string;
}

export interface SuiteParts {
  cases: Indexed<CaseParts>[];
  /** The `{ file }` entries of `cases`. */
  caseFiles: FileRef[];
  examples: Indexed<Example>[];
  output?: OutputSpec;
  notes?: string | string[];
  datasets?: string[];
  judge?: SuiteJudge;
}

export interface ConfigParts {
  endpoints: Record<string, EndpointConfig>;
  /** Names of all endpoints as written, valid or not: a typo'd endpoint is not also "unknown". */
  endpointNames: string[];
  strategies: Record<string, StrategyConfig>;
  strategyNames: string[];
  runStrategies: Indexed<string>[];
  judge?: Judge;
  similarityEmbedding?: EmbeddingConfig;
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

function validItems<T>(schema: z.ZodType<T>, values: unknown[]): Indexed<T>[] {
  return values.flatMap((v, index) => {
    const value = valid(schema, v);
    return value === undefined ? [] : [{ index, value }];
  });
}

/** The `{ file }` entries of a suite's `cases` (one, or a list) whose file is valid, each with its key. */
export function caseFileRefs(cases: unknown): FileRef[] {
  // Most entries are inline cases: a failed parse per case would allocate an error each (10,000 of them).
  const fileOf = (item: unknown) => {
    const { file } = record(item);
    return file === undefined ? undefined : valid(CaseFileSchema.shape.file, file);
  };
  if (!Array.isArray(cases)) {
    const file = fileOf(cases);
    return file === undefined ? [] : [{ at: ["cases", "file"], file }];
  }
  return cases.flatMap((item, i) => {
    const file = fileOf(item);
    return file === undefined ? [] : [{ at: ["cases", i, "file"], file }];
  });
}

export function suiteParts(data: unknown): SuiteParts {
  const raw = record(data);
  const task = record(raw.task);
  const notes = valid(TaskSchema.shape.notes, task.notes);
  const datasets = valid(TaskSchema.shape.datasets, task.datasets);
  const judge = valid(SuiteJudgeSchema, raw.judge);
  return {
    cases: list(raw.cases).map((c, index) => {
      const id = valid(CaseSchema.shape.id, record(c).id);
      const expect = valid(ExpectSchema, record(c).expect);
      const judge = valid(JudgeSchema, record(c).judge);
      return {
        index,
        value: {
          ...(id !== undefined ? { id } : {}),
          ...(expect !== undefined ? { expect } : {}),
          ...(judge !== undefined ? { judge } : {}),
          labels: validItems(LabelSchema, list(record(c).labels)),
        },
      };
    }),
    caseFiles: caseFileRefs(raw.cases),
    examples: validItems(ExampleSchema, list(task.examples)),
    output: valid(OutputSpecSchema, task.output ?? {}),
    ...(notes !== undefined ? { notes } : {}),
    ...(datasets !== undefined ? { datasets } : {}),
    ...(judge !== undefined ? { judge } : {}),
  };
}

export function configParts(data: unknown): ConfigParts {
  const raw = record(data);
  const endpoints: Record<string, EndpointConfig> = {};
  for (const [name, value] of Object.entries(record(raw.endpoints))) {
    const endpoint = valid(EndpointSchema, value);
    if (endpoint) endpoints[name] = endpoint;
  }
  const strategies: Record<string, StrategyConfig> = {};
  for (const [name, value] of Object.entries(record(raw.strategies))) {
    const strategy = valid(StrategySchema, value);
    if (strategy) strategies[name] = strategy;
  }
  const judge = valid(JudgeSchema, raw.judge);
  const similarity = valid(ConfigSchema.shape.similarity, raw.similarity);
  return {
    ...(judge !== undefined ? { judge } : {}),
    ...(similarity ? { similarityEmbedding: similarity.embedding } : {}),
    endpoints,
    endpointNames: Object.keys(record(raw.endpoints)),
    strategies,
    strategyNames: Object.keys(record(raw.strategies)),
    runStrategies: list(record(raw.run).strategies).flatMap((value, index) =>
      typeof value === "string" ? [{ index, value }] : [],
    ),
  };
}
