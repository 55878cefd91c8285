// The suite file's schema: one task and its cases. Every object is strict so an unknown key is
// an error (the loader suggests the nearest valid name).
import { z } from "zod";
import { type Judge, JudgeSchema, LabelSchema, SimilarSchema, SuiteJudgeSchema } from "./judge-schema.js";
import { MAX } from "./limits.js";
import { count, nonEmpty } from "./primitives.js";

export const OutputSpecSchema = z
  .strictObject({
    format: z.enum(["text", "json"]).default("text"),
    /** A JSON Schema the output must satisfy (format: json). */
    schema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("a JSON Schema the output must satisfy (format: json)"),
    regex: nonEmpty
      .optional()
      .describe("a regular expression (JavaScript syntax) the whole output must match"),
    /** Required language of the answer, e.g. `zh` (judged by the share of Han characters) or `en`. */
    language: z
      .enum(["zh", "en", "ja", "ko"])
      .optional()
      .describe("required language of the answer (zh is judged by the share of Han characters)"),
    maxLength: count(MAX.outputLength).optional().describe("maximum length of the output in characters"),
    /** Plain-words description of the format, shown to the `prompt` strategy. */
    description: nonEmpty.optional().describe("plain-words description of the format, shown to the model"),
  })
  .describe("The format every answer must have");

export const ExampleSchema = z
  .strictObject({
    input: nonEmpty,
    output: nonEmpty.describe("the ideal answer, in exactly the required output format"),
  })
  .describe("An input and its ideal answer: a few-shot example for `prompt`, training data for `tuned`");

export const ExpectSchema = z
  .strictObject({
    equals: z.string().optional().describe("the whole output (trimmed) equals this"),
    contains: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("the output contains this text (every item of a list)"),
    notContains: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("the output contains none of these texts"),
    regex: nonEmpty.optional().describe("the output matches this regular expression"),
    oneOf: z.array(z.string()).min(1).optional().describe("the output (trimmed) equals one of these"),
    /** JSON subset equality: every key given here must be present and equal in the output. */
    json: z
      .unknown()
      .optional()
      .describe("JSON subset equality: every key given here must be present and equal in the output"),
    number: z
      .strictObject({ value: z.number(), tolerance: z.number().nonnegative().default(0) })
      .optional()
      .describe("the output's number is within `tolerance` of `value`"),
    /** The case is an out-of-domain probe: an "I don't know" answer passes, anything else is a hallucination. */
    refusal: z
      .boolean()
      .optional()
      .describe('out-of-domain probe: an "I don\'t know" answer passes, anything else is a hallucination'),
    ignoreCase: z.boolean().optional().describe("compare text case-insensitively"),
    reference: nonEmpty
      .optional()
      .describe("an ideal answer: the judge grades against it, `similar` compares with it"),
    similar: SimilarSchema.optional(),
  })
  .describe("What a correct answer looks like; every given check must pass");

const CASE_ID_RULE =
  "use letters and digits of any script with their marks (composed, NFC), '.', '_' or '-', starting with a letter or digit";

export const CaseSchema = z
  .strictObject({
    // Letters and digits of any script: an evaluation set keeps its ids in its own language. Marks
    // (\p{M}: the vowel signs of Hindi, Thai, Tamil…) after the first character, since those
    // scripts spell words with them; never first, where a mark has no letter to sit on. No spaces,
    // slashes ("suite/id" on the command line) or control characters; composed letters only (NFC),
    // so "café" typed by two editors is one id and baselines still match.
    id: z
      .string()
      .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u, { message: CASE_ID_RULE, abort: true })
      .refine((id) => id === id.normalize("NFC"), {
        // It looks right on screen: say what is wrong and show the form to write.
        error: (issue) =>
          `"${String(issue.input).normalize("NFC")}" is written decomposed (NFD: a letter and a separate combining mark): write it composed (NFC), as editors do`,
      })
      .describe("stable id, unique in the suite (runs are compared case by case)"),
    input: nonEmpty.describe("the user message"),
    tags: z
      .array(nonEmpty)
      .default([])
      .describe(
        "free labels, shown in reports (e.g. `out-of-domain`); they change no scoring: `expect: { refusal: true }` is what makes a case an out-of-domain probe",
      ),
    expect: ExpectSchema,
    judge: JudgeSchema.optional().describe("this case's changes to the suite's judge (e.g. its own rubric)"),
    labels: z
      .array(LabelSchema)
      .min(1)
      .optional()
      .describe("answers a human graded: the judge grades them too, for judge-human agreement"),
  })
  .describe("One evaluation case");

/**
 * What a case file's or dataset's name ends in. Checked with the file system beside it (semantic.ts),
 * so a directory named data/ or data.jsonl is called a directory; the JSON Schema keeps it for editors.
 */
export const DATA_FILE = /\.(jsonl|csv)$/i;

export const CaseFileSchema = z
  .strictObject({
    file: nonEmpty
      .meta({ pattern: DATA_FILE.source })
      .describe("a .jsonl or .csv file of cases, relative to the suite file"),
  })
  .describe(
    "Cases read from a file, so a large evaluation set need not live in YAML: JSONL (one case object a line) or CSV (columns id, input, tags, and expect as a JSON object or expect.<check> columns)",
  );

export const TaskSchema = z
  .strictObject({
    system: nonEmpty.describe("system prompt of the task"),
    /** The short instructions the tuned model gets (it learned the rest); defaults to `system`. */
    tunedSystem: nonEmpty
      .optional()
      .describe("the short instructions the tuned model gets (it learned the rest); defaults to `system`"),
    output: OutputSpecSchema.default(OutputSpecSchema.parse({})),
    examples: z
      .array(ExampleSchema)
      .default([])
      .describe("few-shot examples for `prompt`, training data for `tuned` (at least 10 to fine-tune)"),
    /** Files or globs (relative to the suite file) of .md/.txt notes for the `retrieval` strategy. */
    notes: z
      .union([nonEmpty, z.array(nonEmpty)])
      .optional()
      .describe("files or globs (relative to the suite file) of .md/.txt notes for the `retrieval` strategy"),
    /** Extra training data (JSONL in chat format, or CSV with input,output columns). */
    datasets: z
      .array(nonEmpty)
      .optional()
      .describe(
        "extra training data files, relative to the suite file (JSONL in chat format, or CSV with input,output columns)",
      ),
  })
  .describe("The task every case of the suite poses");

export const SuiteSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and '-'")
      .describe("unique suite name"),
    description: z.string().optional(),
    /** A canary suite holds unrelated general tasks: a drop there means "worse at tasks it was not tuned for". */
    canary: z
      .boolean()
      .default(false)
      .describe('unrelated general tasks: a drop here means "worse at tasks it was not tuned for"'),
    task: TaskSchema,
    judge: SuiteJudgeSchema.optional(),
    cases: z
      .union([
        CaseFileSchema,
        z.array(z.union([CaseSchema, CaseFileSchema])).min(1, "a suite needs at least one case"),
      ])
      .describe("the cases: a list of cases and { file } entries, or one { file: cases.jsonl }"),
  })
  .describe("A tunebench suite: one task and its cases");

export type OutputSpec = z.infer<typeof OutputSpecSchema>;
export type Example = z.infer<typeof ExampleSchema>;
export type Expect = z.infer<typeof ExpectSchema>;
export type Case = z.infer<typeof CaseSchema>;
export type CaseFile = z.infer<typeof CaseFileSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type Suite = z.infer<typeof SuiteSchema>;

/** A case file of a loaded suite, checked row by row when the suite loaded. */
export interface CaseFileInfo {
  /** Absolute path. */
  file: string;
  /** Rows (cases) it held then. */
  cases: number;
  /** Of them, rows with labelled answers: only then does the judging after the trials read it again. */
  labelled: number;
  /**
   * The judges rows set (`judge:` in a row), one per endpoint and model (and whether it gives a
   * rubric), with the first row setting it: a budget checks their prices before the run.
   */
  judges: { line: number; judge: Judge }[];
  /** Whether a row asks `expect.similar`: the similarity embedder is then called. */
  similar: boolean;
}

/** A case file's row: where a problem with the case it holds is to be fixed. */
export interface RowPlace {
  /** Absolute path. */
  file: string;
  line: number;
}

/**
 * A suite after loading: where it came from and its notes resolved to absolute file paths. `cases`
 * are the inline ones; the cases of `caseFiles` follow them and are streamed, never held (suiteCases).
 */
export interface LoadedSuite extends Omit<Suite, "cases"> {
  cases: Case[];
  /** The rows, by case id, of the `cases` read from case files (a `--case`/`--tag` selection holds them). */
  rows?: ReadonlyMap<string, RowPlace>;
  caseFiles?: CaseFileInfo[];
  file: string;
  dir: string;
  noteFiles: string[];
}
