import type { StrategyType } from "../config/schema.js";
import type { CallError, ChatMessage, Usage } from "../model/types.js";
import type { Score, Verdict } from "../scoring/types.js";

export const TRIAL_SCHEMA = "tunebench.trial/1" as const;

/** Dollars; null means the model has no known price ("unpriced"), never $0. */
export interface TrialCost {
  total: number | null;
  input: number | null;
  output: number | null;
  embedding: number | null;
}

/**
 * One line of reports/<run-id>/trials.jsonl: the only contract between calling models and
 * scoring/reporting. Everything a report needs is here, so runs can be re-scored and compared offline.
 */
export interface TrialRecord {
  schema: typeof TRIAL_SCHEMA;
  runId: string;
  suite: string;
  canary: boolean;
  caseId: string;
  caseTags: string[];
  input: string;
  strategy: string;
  strategyType: StrategyType;
  repeat: number;
  endpoint: string;
  model: string;
  simulated: boolean;
  messages: ChatMessage[];
  output: string | null;
  usage: Usage | null;
  embeddingTokens: number;
  cost: TrialCost;
  latencyMs: number | null;
  scores: Score[];
  verdict: Verdict | null;
  /** Set when the call failed after retries: counted as an error, never as a model failure. */
  error: CallError | null;
  cached: boolean;
  startedAt: string;
}

/** First line of trials.jsonl: what produced the run. */
export interface RunHeader {
  schema: "tunebench.run/1";
  runId: string;
  startedAt: string;
  configFile: string;
  simulated: boolean;
  strategies: {
    name: string;
    type: StrategyType;
    endpoint: string;
    model: string | null;
    unavailable?: string;
  }[];
  suites: string[];
}
