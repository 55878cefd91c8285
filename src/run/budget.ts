// `--max-cost`: stop taking new trials (and judgments) before the run's spending could pass the
// budget. Every dollar counts: a trial's call, its scorers' calls (judges, embedders) and the
// judgments after the trials. Calls in flight count at the upper bound of what they may cost
// until their record says what they did.
import {
  ConfigError,
  configProblem,
  InputError,
  type LoadedConfig,
  type LoadedSuite,
  type Price,
  type Problem,
  selectStrategies,
} from "../config/index.js";
import { priceFor } from "../model/index.js";
import { type IndexBuildRecord, type JudgmentRecord, spentBy, type TrialRecord } from "../runlog/index.js";
import { type JudgingSettings, judgingSettings, type ScorerCall, scorerCalls } from "../scoring/index.js";
import type { Strategy } from "../strategies/index.js";
import { callCost, outputEstimate, promptTokens } from "./estimate.js";
import type { PreparedTrial } from "./execute.js";
import { openRecordings } from "./recordings.js";
import { boundOf, trialScorerCalls } from "./scorer-bound.js";
import { buildStrategies } from "./strategies.js";

/**
 * The first model of these strategies, or of what their scorers call (judges, API embedders), that
 * has no price, said as a problem (with the case file's row that set it, for a row's judge); null
 * when all have one.
 */
function unpriced(
  strategies: readonly Strategy[],
  scorers: readonly ScorerCall[],
  prices: Record<string, Price>,
): { message: string; row?: ScorerCall["row"] } | null {
  const fix = "which has no price; add it under prices: in the config";
  // A tuned strategy with a model per task calls each of them; a replay (recorded) spends nothing
  // now: its recorded cost is kept as it was.
  for (const s of strategies)
    for (const model of s.replay ? [] : (s.served?.map((m) => m.model) ?? (s.model ? [s.model] : [])))
      if (!priceFor(model, prices)) return { message: `strategy "${s.name}" calls ${model}, ${fix}` };
  const scorer = scorers.find((call) => !priceFor(call.model, prices));
  if (!scorer) return null;
  const { endpoint, model, row } = scorer;
  const what = row ? "the judge this row sets" : "a judge or embedder";
  return { message: `${what} on endpoint "${endpoint}" calls ${model}, ${fix}`, ...(row ? { row } : {}) };
}

/**
 * A budget needs prices: an unpriced model would spend without being counted. Refused where the
 * budget was set: `--max-cost` (`flag`), else the config's `run.maxCost` (its file:line); a row's
 * judge at its row (file:line), the place to fix besides the prices, read before the run as every
 * row is when its suite loads.
 */
export async function checkPriced(
  strategies: readonly Strategy[],
  suites: readonly LoadedSuite[],
  loaded: LoadedConfig,
  flag: number | undefined,
): Promise<void> {
  if ((flag ?? loaded.config.run.maxCost) === undefined) return;
  const recorded = strategies.some((s) => s.type === "recorded");
  const scorers = scorerCalls(judgingSettings(loaded.config), suites, recorded);
  const problem = unpriced(strategies, scorers, loaded.config.prices);
  if (problem === null) return;
  const { message, row } = problem;
  const budget = flag !== undefined ? "--max-cost" : "run.maxCost";
  if (row) throw new ConfigError([{ ...row, column: 1, path: "judge", message: `${budget}: ${message}` }]);
  if (flag !== undefined) throw new InputError(`--max-cost: ${message}`);
  throw new ConfigError([await configProblem(loaded, ["run", "maxCost"], message)]);
}

/** `validate`: a `run.maxCost` that every run would refuse (an unpriced model), as config problems. */
export async function budgetProblems(
  loaded: LoadedConfig,
  suites: readonly LoadedSuite[],
): Promise<Problem[]> {
  if (loaded.config.run.maxCost === undefined) return [];
  const defs = selectStrategies(loaded.config, undefined);
  try {
    const built = await buildStrategies(
      defs,
      loaded,
      null,
      suites,
      await openRecordings(loaded, defs, suites, false),
    );
    await checkPriced(
      built.filter((s) => s.unavailable() === null),
      suites,
      loaded,
      undefined,
    );
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/**
 * The run's budget, `spent` already (what a resumed run's log spent: the budget covers the whole
 * run); null without one.
 */
export function openBudget(
  maxCost: number | undefined,
  prices: Record<string, Price>,
  spent: number,
  options: {
    chatPrice?: (price: Price | null) => Price | null;
    interrupt?: AbortSignal;
    judging?: JudgingSettings;
  } = {},
): Budget | null {
  if (maxCost === undefined) return null;
  const budget = new Budget(maxCost, spent, prices, options.chatPrice, options.judging);
  // Ctrl-C: a trial waiting for room sends nothing, as no new trial starts after it.
  if (options.interrupt?.aborted) budget.interrupt();
  options.interrupt?.addEventListener("abort", () => budget.interrupt(), { once: true });
  return budget;
}

/** A call let through; settling it with the record it produced counts what that spent (null: nothing). */
export type Admission = { settle(record: TrialRecord | JudgmentRecord | null): void };

export class Budget {
  private reserved = 0;
  /** Calls admitted and not settled (counted, not read off `reserved`, which rounding leaves above 0). */
  private inFlight = 0;
  /** Trials waiting for a call in flight to settle (see admitWhenFree). */
  private waiting: (() => void)[] = [];
  private readonly stop = new AbortController();
  private interrupted = false;
  /** Trials (or judgments) held back because the budget would not cover them. */
  heldBack = 0;

  constructor(
    readonly maxCost: number,
    private spent: number,
    private readonly prices: Record<string, Price>,
    /** The price calls are billed at (the batch price with --batch). */
    private readonly chatPrice: (price: Price | null) => Price | null = (price) => price,
    /** The judges that grade each answer as it is scored: their calls are part of a trial's bound. */
    private readonly judging?: JudgingSettings,
  ) {}

  /** What the run spent and whether the budget stopped it (once the calls in flight are done). */
  summary(): { maxCost: number; spent: number; stopped: boolean } {
    return { maxCost: this.maxCost, spent: this.spent, stopped: this.stopped };
  }

  /** admitWhenFree, bound to this budget: what TrialContext.admit takes. */
  readonly admitter = (p: PreparedTrial) => this.admitWhenFree(p);
  /** The same for calls of a known bound: a judgment after the trials, a cached answer's scorers. */
  readonly boundAdmitter = (bound: number) => this.admitBoundWhenFree(bound);

  /** Aborts once a trial was held back: the run takes no more. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  /**
   * The most a prepared trial may cost: its call, and its scorers' calls on its answer (judges,
   * embedders; never batched).
   */
  bound(p: PreparedTrial): number {
    const { trial, record, request } = p;
    const output = outputEstimate(trial.suite, trial.strategy).bound;
    const answer = { tokens: output, model: record.model };
    const scoring = boundOf(trialScorerCalls(trial, answer, this.judging, this.prices, p.reference));
    const call = callCost(
      record.model,
      {
        prompt: request ? promptTokens(request) : 0,
        output,
        embedding: record.embeddingTokens,
        embeddingModel: p.embeddingModel,
      },
      this.prices,
      this.chatPrice,
    );
    return (call ?? 0) + scoring;
  }

  /**
   * A batch's trial is admitted when it is submitted and settled when its result is collected,
   * by another pass over the plan: its bound is worked out again (it is the same).
   */
  settle(p: PreparedTrial, record: TrialRecord): void {
    this.release(this.bound(p), record);
  }

  private release(bound: number, record: TrialRecord | JudgmentRecord | null): void {
    this.reserved -= bound;
    this.inFlight--;
    this.spent += record ? spentBy(record) : 0;
    this.wake();
  }

  /**
   * Counts what was spent outside any admission: a retrieval index built before the trials (its
   * notes' size is known only as it is embedded; `--dry-run` says it does not estimate it).
   */
  count(build: IndexBuildRecord): void {
    this.spent += spentBy(build);
  }

  /** The run was interrupted: the trials waiting for room give up. */
  interrupt(): void {
    this.interrupted = true;
    this.wake();
  }

  /** Lets the trials waiting for room look again. */
  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  /**
   * Admits a trial now if it fits. One that does not fit only because of calls in flight (their
   * bound is far above what they usually cost) waits for them: stopping at once would end a run at
   * a fraction of its budget at high concurrency. One that would not fit with nothing in flight
   * stops the run. Synchronous calls only: a batch's calls settle when the batch is collected.
   */
  admitWhenFree(p: PreparedTrial): Promise<Admission | null> {
    return this.admitBoundWhenFree(this.bound(p));
  }

  /** admitWhenFree for calls of this bound. */
  private async admitBoundWhenFree(bound: number): Promise<Admission | null> {
    while (
      !this.stopped &&
      this.inFlight > 0 &&
      this.spent + this.reserved + bound > this.maxCost &&
      this.spent + bound <= this.maxCost
    ) {
      await new Promise<void>((wake) => this.waiting.push(wake));
      if (this.interrupted) return null;
    }
    return this.admitAt(bound);
  }

  /**
   * Counts a trial a stopped run already submitted in a batch (its cost is coming, fits or not):
   * new trials are admitted beside it, and collecting it settles it as if admitted here.
   */
  reserve(p: PreparedTrial): void {
    this.reserved += this.bound(p);
    this.inFlight++;
  }

  /** Admits a trial if it fits now, else stops the run (a batch's trials: they never wait). */
  admit(p: PreparedTrial): Admission | null {
    return this.admitAt(this.bound(p));
  }

  /** Admits calls of this bound if they fit now, else stops the run (a batch's cached answers' scorers). */
  admitAt(bound: number): Admission | null {
    if (this.stopped || this.spent + this.reserved + bound > this.maxCost) {
      this.stop.abort();
      this.heldBack++;
      this.wake(); // those waiting for room give up too: the run takes no more
      return null;
    }
    this.reserved += bound;
    this.inFlight++;
    return { settle: (record) => this.release(bound, record) };
  }
}
