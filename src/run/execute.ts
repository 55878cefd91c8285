import type { Price } from "../config/index.js";
import {
  type CallError,
  type ChatClient,
  type ChatRequest,
  type ChatResponse,
  classifyError,
  costOfTokens,
  costOfUsage,
  EndpointFatalError,
  priceFor,
  type Redactor,
  type ResponseStore,
} from "../model/index.js";
import { TRIAL_SCHEMA, type TrialCost, type TrialRecord } from "../runlog/index.js";
import {
  type JudgingSettings,
  type Reference,
  type ScoreContext,
  type ScorerSet,
  scoreAnswer,
} from "../scoring/index.js";
import type { PlannedTrial } from "./plan.js";
import { type AdmitBound, admitScoring } from "./scoring-room.js";

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
  /** A recorded model's answer to the trial's case, to score agreement with (a recorded strategy in the run). */
  reference?(trial: PlannedTrial): Reference | undefined;
  /** Every recorded error message passes it (an embedding or judge call may echo a key). */
  redactor: Redactor;
  /**
   * Asked before each call (a budget): null = do not send it; the trial is left for a later run.
   * It may wait for calls in flight to finish. What it returns hears the trial's record when the
   * call is done, whatever happened: a budget's other trials may be waiting for it.
   */
  admit?(trial: PreparedTrial): Promise<{ settle(record: TrialRecord): void } | null>;
  /**
   * The same for calls of a known bound: the scorers' own calls on an answer that was no call (one
   * the cache held, or a replay).
   */
  admitBound?: AdmitBound;
  /** The answers an endpoint's response cache keeps (null: the cache is off), asked before `admit`. */
  responses?(endpoint: string): ResponseStore | null;
}

/** A trial whose request is built, ready to send (synchronously or in a batch). */
export interface PreparedTrial {
  trial: PlannedTrial;
  record: TrialRecord;
  /** null when building the request failed (the record holds the error) or it was replayed (`replayed`). */
  request: ChatRequest | null;
  embeddingModel: string | null;
  simulated: boolean;
  /** The recorded model's answer the agreement scorer matches this trial's against. */
  reference?: Reference;
  /** A replayed answer (`recorded`), not scored yet: its scorers' calls need room first (scoreReplayed). */
  replayed?: string;
}

/** What came back for a request: an answer or the failure. */
export type CallOutcome = { response: ChatResponse } | { error: unknown };

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
  p: PreparedTrial,
  prices: Record<string, Price>,
  chatPrice: (price: Price | null) => Price | null,
): TrialCost {
  const chat = response
    ? costOfUsage(response.usage, chatPrice(priceFor(p.record.model, prices)))
    : { input: 0, output: 0, total: 0 };
  const embedding = embeddingCost(p.record.embeddingTokens, p.embeddingModel, prices);
  const total = chat.total === null || embedding === null ? null : chat.total + embedding;
  return { total, input: chat.input, output: chat.output, embedding };
}

/**
 * A recorded trial as this run's answer: the request, output, usage and cost as recorded (the
 * recording's frozen price), served without a call, so it spent nothing now (`cached`).
 */
function replayed(recorded: TrialRecord): Partial<TrialRecord> {
  const { model, endpoint, simulated, messages, output, usage, embeddingTokens, cost, latencyMs } = recorded;
  return {
    model,
    endpoint,
    simulated,
    messages,
    output,
    usage,
    embeddingTokens,
    cost,
    latencyMs,
    cached: true,
  };
}

/** Scores an answer into its record; a scorer's failure is the record's error, a dead judge endpoint stops the run. */
async function scoreInto(
  record: TrialRecord,
  output: string,
  { trial, reference }: Pick<PreparedTrial, "trial" | "reference">,
  ctx: TrialContext,
) {
  try {
    const context: ScoreContext = {
      suite: trial.suite,
      ...(ctx.models ? { models: ctx.models } : {}),
      ...(ctx.judging ? { judging: ctx.judging } : {}),
      ...(reference ? { reference } : {}),
    };
    Object.assign(record, await scoreAnswer(output, trial.testCase, context, ctx.scorers));
  } catch (error) {
    // A dead judge endpoint stops the run, as a dead strategy endpoint does.
    if (error instanceof EndpointFatalError) throw error;
    record.error = toCallError(error, ctx.redactor);
  }
}

/**
 * Builds a trial's request (retrieval searches its notes here). Never throws: failures become the
 * record's error. A replayed trial (`recorded`) comes back with its answer and no request, to be
 * scored by scoreReplayed.
 */
export async function prepareTrial(trial: PlannedTrial, ctx: TrialContext): Promise<PreparedTrial> {
  const { suite, testCase, strategy } = trial;
  const { replay } = strategy;
  // A recorded strategy has no endpoint opened for it: it calls nothing.
  const simulated = replay ? replay.simulated : ctx.chat(strategy.endpoint).simulated;
  const reference = ctx.reference?.(trial);
  const done = (request: ChatRequest | null, embeddingModel: string | null = null): PreparedTrial => ({
    trial,
    record,
    request,
    embeddingModel,
    simulated,
    ...(reference ? { reference } : {}),
  });
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
    simulated,
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
    if (replay) {
      const recorded = replay.answer(suite, testCase, trial.repeat);
      Object.assign(record, replayed(recorded));
      return { ...done(null), replayed: recorded.output ?? "" };
    }
    const built = await strategy.buildRequest(suite, testCase.input);
    record.model = built.model;
    record.messages = built.messages;
    record.embeddingTokens = built.embeddingTokens;
    const request: ChatRequest = {
      model: built.model,
      messages: built.messages,
      temperature: strategy.config.temperature ?? 0,
      maxTokens: strategy.config.maxTokens,
      cacheSlot: trial.repeat,
    };
    return done(request, built.embeddingModel);
  } catch (error) {
    if (error instanceof EndpointFatalError) throw error;
    record.error = toCallError(error, ctx.redactor);
    return done(null);
  }
}

/**
 * Scores a replayed answer into its record. It spent nothing, but its scorers may call a judge or
 * an embedder: those calls are admitted (by `admit`, a budget's) before they are made, as a cached
 * answer's are. null when the budget holds them back (the trial is left for a later run).
 */
export async function scoreReplayed(
  p: PreparedTrial,
  answer: string,
  ctx: TrialContext,
  admit: AdmitBound | undefined,
): Promise<TrialRecord | null> {
  const admission = await admitScoring(p, answer, ctx, admit);
  if (admission === null) return null;
  try {
    await scoreInto(p.record, answer, p, ctx);
  } finally {
    admission?.settle(p.record);
  }
  return p.record;
}

/**
 * Costs and scores what came back: the one path from an answer to a trial record, whether the
 * call was synchronous or part of a batch (`chatPrice` turns the list price into the batch price).
 */
export async function finishTrial(
  p: PreparedTrial,
  outcome: CallOutcome,
  ctx: TrialContext,
  chatPrice: (price: Price | null) => Price | null = (price) => price,
): Promise<TrialRecord> {
  const { record } = p;
  const response = "response" in outcome ? outcome.response : null;
  if (!response) record.error = toCallError((outcome as { error: unknown }).error, ctx.redactor);
  record.cost = trialCost(response, p, ctx.prices, chatPrice);
  if (response) {
    record.cached = response.cached === true;
    record.output = response.text;
    record.usage = response.usage;
    record.latencyMs = response.latencyMs;
    await scoreInto(record, response.text, p, ctx);
  }
  return record;
}

/**
 * Builds the request, calls the model, scores the answer. Failures become the record's error,
 * except a dead endpoint (EndpointFatalError): that trial did not run, and the run stops. null
 * when `ctx.admit` held the call back (a budget reached).
 */
export async function executeTrial(trial: PlannedTrial, ctx: TrialContext): Promise<TrialRecord | null> {
  const p = await prepareTrial(trial, ctx);
  if (p.replayed !== undefined) return scoreReplayed(p, p.replayed, ctx, ctx.admitBound);
  if (!p.request) return p.record;
  // An answer the cache holds is no call: it costs nothing, so it needs room in the budget only for
  // its scorers' calls the caches do not hold (a budget below one call's bound still finishes a
  // cached run). Without a budget the chat client asks the cache itself.
  const store = ctx.admit ? ctx.responses?.(trial.strategy.endpoint) : null;
  const stored = (await store?.peek(p.request)) ?? null;
  const admission = stored ? await admitScoring(p, stored.text, ctx, ctx.admitBound) : await ctx.admit?.(p);
  if (admission === null) return null;
  if (stored) store?.hit(); // counted once used: a trial the budget holds back used nothing
  let record = p.record;
  try {
    let outcome: CallOutcome;
    try {
      outcome = { response: stored ?? (await ctx.chat(trial.strategy.endpoint).complete(p.request)) };
    } catch (error) {
      // A dead endpoint: this trial did not run, and the run stops (the budget lets it go).
      if (error instanceof EndpointFatalError) throw error;
      outcome = { error };
    }
    record = await finishTrial(p, outcome, ctx);
    return record;
  } finally {
    admission?.settle(record);
  }
}
