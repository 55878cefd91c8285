// An answer the response cache held (or a snapshot replayed) cost nothing, but its scorers may
// still call a judge or an embedder: under `--max-cost` those calls are admitted before the
// scorers run, at their bound for this very answer, leaving out the calls whose answers the caches
// hold (a cached run with cached judges still finishes under any budget).
import type { Price } from "../config/index.js";
import type { ResponseStore } from "../model/index.js";
import type { TrialRecord } from "../runlog/index.js";
import type { JudgingSettings, Reference, ScoringModels } from "../scoring/index.js";
import type { PlannedTrial } from "./plan.js";
import { type ScorerCallBound, trialScorerCalls } from "./scorer-bound.js";

/** What admitting a cached answer's scoring needs of the trial context (execute.ts). */
export interface ScoringRoomContext {
  prices: Record<string, Price>;
  judging?: JudgingSettings;
  models?: ScoringModels;
  responses?(endpoint: string): ResponseStore | null;
}

/** A budget's admission of calls of a bound: null when they do not fit. */
export type AdmitBound = (bound: number) => Promise<{ settle(record: TrialRecord | null): void } | null>;

/** Whether a cache holds what the call would answer (then it spends nothing). */
async function cached(call: ScorerCallBound, ctx: ScoringRoomContext): Promise<boolean> {
  if ("request" in call) return ((await ctx.responses?.(call.endpoint)?.peek(call.request)) ?? null) !== null;
  return (await ctx.models?.embedder(call.embedding).holds?.(call.texts)) ?? false;
}

/**
 * Admits (by `admit`) the scorers' calls on `text`, a cached or replayed answer to `trial`:
 * undefined when there is no budget or nothing to call, null when the budget holds them back (the
 * trial is left for later). The caches are asked first: only a call they miss is bounded.
 */
export async function admitScoring(
  p: { trial: PlannedTrial; reference?: Reference },
  text: string,
  ctx: ScoringRoomContext,
  admit: AdmitBound | undefined,
): Promise<{ settle(record: TrialRecord | null): void } | null | undefined> {
  if (!admit) return undefined;
  let bound = 0;
  for (const call of trialScorerCalls(p.trial, { text }, ctx.judging, ctx.prices, p.reference))
    if (!(await cached(call, ctx))) bound += call.bound();
  return bound > 0 ? admit(bound) : undefined;
}
