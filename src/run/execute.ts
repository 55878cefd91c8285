import type { Price } from "../config/index.js";
import {
  type CallError,
  type ChatClient,
  type ChatResponse,
  classifyError,
  costOfTokens,
  costOfUsage,
  EndpointFatalError,
  priceFor,
  type Redactor,
} from "../model/index.js";
import { TRIAL_SCHEMA, type TrialCost, type TrialRecord } from "../runlog/index.js";
import { type JudgingSettings, type ScoreContext, type ScorerSet, scoreAnswer } from "../scoring/index.js";
import type { PlannedTrial } from "./plan.js";

export interface TrialContext {
  runId: string;
  /** The chat client of an endpoint (cache -> limiter -> SDK). */
  chat(endpoint: string): ChatClient;
  prices: Record<string, Price>;
  scorers: ScorerSet;
  /** Models scorers may call (judges); absent: scorers that need one say so. */
  models?: ScoreContext["models"];
  /** The project's judge default, judge repeat and similarity embedder. */
  judging?: JudgingSettings;
  /** Every recorded error message passes it (an embedding or judge call may echo a key). */
  redactor: Redactor;
}

function toCallError(error: unknown, redactor: Redactor): CallError {
  const callError = classifyError(error, redactor);
  return { ...callError, message: redactor.message(callError.message) };
}

/** Dollars for embedding tokens; null when the model has no known price (free without tokens or model). */
export function embeddingCost(
  tokens: number,
  model: string | null,
  prices: Record<string, Price>,
): number | null {
  if (tokens <= 0 || !model) return 0;
  const price = priceFor(model, prices);
  return price ? costOfTokens(tokens, price.input) : null;
}

function trialCost(
  response: ChatResponse | null,
  model: string,
  embeddingTokens: number,
  embeddingModel: string | null,
  prices: Record<string, Price>,
): TrialCost {
  const chat = response
    ? costOfUsage(response.usage, priceFor(model, prices))
    : { input: 0, output: 0, total: 0 };
  const embedding = embeddingCost(embeddingTokens, embeddingModel, prices);
  const total = chat.total === null || embedding === null ? null : chat.total + embedding;
  return { total, input: chat.input, output: chat.output, embedding };
}

/**
 * Builds the request, calls the model, scores the answer. Failures become the record's error,
 * except a dead endpoint (EndpointFatalError): that trial did not run, and the run stops.
 */
export async function executeTrial(trial: PlannedTrial, ctx: TrialContext): Promise<TrialRecord> {
  const { suite, testCase, strategy } = trial;
  const client = ctx.chat(strategy.endpoint);
  const record: TrialRecord = {
    schema: TRIAL_SCHEMA,
    runId: ctx.runId,
    suite: suite.name,
    canary: suite.canary,
    caseId: testCase.id,
    caseTags: testCase.tags,
    input: testCase.input,
    strategy: strategy.name,
    strategyType: strategy.type,
    repeat: trial.repeat,
    endpoint: strategy.endpoint,
    model: strategy.model ?? "",
    simulated: client.simulated,
    messages: [],
    output: null,
    usage: null,
    embeddingTokens: 0,
    cost: { total: 0, input: 0, output: 0, embedding: 0 },
    latencyMs: null,
    scores: [],
    verdict: null,
    error: null,
    cached: false,
    startedAt: new Date().toISOString(),
  };
  try {
    const built = await strategy.buildRequest(suite, testCase.input);
    record.model = built.model;
    record.messages = built.messages;
    record.embeddingTokens = built.embeddingTokens;
    let response: ChatResponse | null = null;
    try {
      response = await client.complete({
        model: built.model,
        messages: built.messages,
        temperature: strategy.config.temperature ?? 0,
        maxTokens: strategy.config.maxTokens,
        cacheSlot: trial.repeat,
      });
    } catch (error) {
      if (error instanceof EndpointFatalError) throw error;
      record.error = toCallError(error, ctx.redactor);
    }
    record.cost = trialCost(response, built.model, built.embeddingTokens, built.embeddingModel, ctx.prices);
    if (response) {
      record.cached = response.cached === true;
      record.output = response.text;
      record.usage = response.usage;
      record.latencyMs = response.latencyMs;
      const context: ScoreContext = {
        suite,
        ...(ctx.models ? { models: ctx.models } : {}),
        ...(ctx.judging ? { judging: ctx.judging } : {}),
      };
      Object.assign(record, await scoreAnswer(response.text, testCase, context, ctx.scorers));
    }
  } catch (error) {
    if (error instanceof EndpointFatalError) throw error;
    record.error = toCallError(error, ctx.redactor);
  }
  return record;
}
