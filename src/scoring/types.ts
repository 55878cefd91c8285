// The scorer contract, as Inspect AI's: an async function of the answer, the case and a context,
// registered by name. A scorer returns null when it has nothing to say about a case.
import type { AgreementSettings, Case, EmbeddingConfig, Judge, LoadedSuite, Price } from "../config/index.js";
import type { ChatClient } from "../model/index.js";
import type { Embedder } from "../retrieval/index.js";
import type { Score, Verdict } from "../runlog/index.js";

export type { Score, Verdict };

/** Models a scorer may call (a judge): the same cached, rate-limited clients as the strategies'. */
export interface ScoringModels {
  chat(endpoint: string): ChatClient;
  /** The run's price table (config overrides included), to cost a judge's calls. */
  prices: Record<string, Price>;
  /** An API embedder for `expect.similar`, answers cached like chat answers. */
  embedder(config: Exclude<EmbeddingConfig, "local">): Embedder;
}

/** The project's judging settings from eval.config.yaml. */
export interface JudgingSettings {
  /** The default judge (`judge:`); suites and cases override it field by field. */
  judge?: Judge;
  /** How often a judge grades each answer (`run.judgeRepeat`). */
  repeat: number;
  /** How `expect.similar` embeds (`similarity.embedding`). */
  embedding: EmbeddingConfig;
  /** How answers are matched against a recorded model's (`agreement:`); absent: the defaults. */
  agreement?: AgreementSettings;
}

/** The recorded model's answer to the same case: what the `agreement` scorer matches against. */
export interface Reference {
  /** The recorded strategy's name in the run. */
  strategy: string;
  output: string;
}

/** What a scorer may use beyond the answer and the case. */
export interface ScoreContext {
  suite: LoadedSuite;
  /** Absent when scoring runs without endpoints (unit tests): a judge then records an error. */
  models?: ScoringModels;
  /** Absent: no project default judge, each answer judged once, local similarity embeddings. */
  judging?: JudgingSettings;
  /** A recorded model's answer to this case (a recorded strategy is in the run); absent otherwise. */
  reference?: Reference;
}

/** A scorer's conclusion; the registry adds its name. */
export type ScoreResult = Omit<Score, "scorer">;

export type Scorer = (
  output: string,
  testCase: Case,
  context: ScoreContext,
) => ScoreResult | null | Promise<ScoreResult | null>;

/**
 * A scorer in the registry. `format` scorers decide the trial's formatOk, `correctness` scorers
 * its pass (all that give a pass/fail must pass). `agreement` scorers decide neither: agreeing
 * with a recorded model is reported beside a candidate's own quality, never folded into it.
 */
export interface RegisteredScorer {
  role: "format" | "correctness" | "agreement";
  score: Scorer;
}

export type ScorerSet = Readonly<Record<string, RegisteredScorer>>;
