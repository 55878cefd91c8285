import type { Case, LoadedSuite, StrategyConfig, StrategyType } from "../config/schema.js";
import type { ChatMessage } from "../model/types.js";
import type { TunedModelRecord } from "../project/index.js";
import type { Embedder } from "../retrieval/index.js";
import type { Snapshot, TrialRecord } from "../runlog/index.js";
import type { ServedModel } from "./tuned-serving.js";

/** What a strategy hands to the model client for one case. */
export interface BuiltRequest {
  model: string;
  messages: ChatMessage[];
  /** Tokens spent embedding the query (retrieval). */
  embeddingTokens: number;
  embeddingModel: string | null;
}

/** The usual request: a system prompt, then the case input (embedding tokens only for retrieval). */
export function systemThenInput(
  model: string,
  system: string,
  input: string,
  embeddingTokens = 0,
  embeddingModel: string | null = null,
): BuiltRequest {
  return {
    model,
    messages: [
      { role: "system", content: system },
      { role: "user", content: input },
    ],
    embeddingTokens,
    embeddingModel,
  };
}

/** What preparing a suite spent outside any trial: retrieval embedding its notes into a new index. */
export interface Preparation {
  embeddingTokens: number;
  /** The model to price the tokens with; null for free local embeddings. */
  embeddingModel: string | null;
}

/** Answers from a recording instead of a model: what the `recorded` strategy has in place of calls. */
export interface Replayer {
  /** The recording was made on a simulator: its numbers are simulated ones. */
  readonly simulated: boolean;
  /** The recorded trial (request, output, usage, cost) of a case; throws when none was recorded. */
  answer(suite: LoadedSuite, testCase: Case, repeat: number): TrialRecord;
  /** The recorded model's announced shutdown, as the snapshot recorded it. */
  readonly retires?: { shutdown: string; source: string };
  /** The recorded answer to a case (that repeat, else the first), for agreement; null when none. */
  output(suite: string, caseId: string, repeat: number): string | null;
}

/** A way of solving a task: turns a case input into a request. One file per strategy. */
export interface Strategy {
  readonly name: string;
  readonly type: StrategyType;
  readonly endpoint: string;
  readonly config: StrategyConfig;
  /** The model it calls; null when it has none (a tuned strategy before any tuning job). */
  readonly model: string | null;
  /** Whether it answers this suite's cases (absent: every suite); a tuned one only where it has a model. */
  serves?(suite: LoadedSuite): boolean;
  /** The model it calls for this suite, where that differs by suite (a model per task). */
  modelFor?(suite: LoadedSuite): string | null;
  /** `tuned`: its models, each with the task suites it serves and the job that trained it. */
  readonly served?: readonly ServedModel[];
  /** Set on the strategy the run adds to check one more model of `canaryOf` on the canary suites. */
  readonly canaryOf?: string;
  /** Why this strategy cannot run (e.g. no tuned model recorded yet); null when it can. */
  unavailable(): string | null;
  /**
   * Once per suite before its cases run (retrieval builds or reuses its index here); says what
   * it spent, if anything (a reused index spent nothing).
   */
  prepare?(suite: LoadedSuite): Promise<Preparation | undefined>;
  buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest>;
  /** Set when the strategy answers without calling any model (`recorded`): no request is built. */
  readonly replay?: Replayer;
}

/** What strategies get from the composition root. */
export interface StrategyDeps {
  /** Embedder for a retrieval strategy's `embedding` setting. */
  embedderFor(config: StrategyConfig): Embedder;
  /** Where retrieval indexes live (.tunebench/index). */
  indexRoot: string;
  /** What `tunebench tune` recorded, oldest first: a tuned strategy without a model serves from them. */
  tunedRecords: readonly TunedModelRecord[];
  /** The run's task (non-canary) suites: which of them a tuned strategy has a model for. */
  taskSuites: readonly string[];
  /** The snapshots `recorded` strategies answer from, by name, read and checked before the run. */
  snapshots?: ReadonlyMap<string, Snapshot>;
}

/** Every strategy type has one: `(name, config, deps) => Strategy`. */
export type StrategyFactory = (name: string, config: StrategyConfig, deps: StrategyDeps) => Strategy;
