// plan -> pool -> execute -> log. The runner only generates: it writes the run log and nothing
// else; summaries, comparisons and gates are analysis/ reading that log afterwards.
import path from "node:path";
import {
  type CaseSelection,
  type LoadedConfig,
  loadConfig,
  retrievalWithoutNotes,
  selectsSome,
} from "../config/index.js";
import {
  type EndpointCalls,
  type Endpoints,
  openEndpoints,
  probeBatchApi,
  simSettings,
} from "../endpoints/index.js";
import { batchPrice, EndpointFatalError, redactorFor } from "../model/index.js";
import type { RunHeader, Snapshot, TrialRecord } from "../runlog/index.js";
import { type JudgingSettings, judgeEndpoints, judgingSettings, loadScorers } from "../scoring/index.js";
import type { SimOptions } from "../sim/index.js";
import { runBatches } from "./batch.js";
import { openBatches } from "./batch-state.js";
import { checkPriced, openBudget } from "./budget.js";
import { executeTrial } from "./execute.js";
import { openRunFolder, type RunFolder } from "./folder.js";
import { buildHeader } from "./header.js";
import type { RunHooks, RunInfo } from "./hooks.js";
import { judgeAfterTrials } from "./judging.js";
import { countPlan, iteratePlan, type PlannedTrial } from "./plan.js";
import { anySignal, forEachConcurrent, saveBehind } from "./pool.js";
import { prepareSuites } from "./prepare.js";
import { reconcile } from "./reconcile.js";
import { openRecordings, referenceOf } from "./recordings.js";
import { chooseScope, type RunScope } from "./scope.js";
import { endpointsOf } from "./select.js";
import { checkResumedShard, shardFilter } from "./shard.js";
import { RunStoppedError } from "./stopped.js";
import { buildStrategies, unservedLines } from "./strategies.js";

export interface RunOptions {
  /** Path to eval.config.yaml (default: ./eval.config.yaml), or the config already loaded. */
  config?: string | LoadedConfig;
  /** Only these suites (names). */
  suites?: string[];
  /** Only these strategies (names), in this order. */
  strategies?: string[];
  concurrency?: number;
  repeat?: number;
  /** How often a judge grades each answer; default run.judgeRepeat. */
  judgeRepeat?: number;
  outDir?: string;
  runId?: string;
  /** Observers of the run's progress (reporters are). */
  reporters?: RunHooks[];
  /** Overrides of the simulator's settings from the config. */
  sim?: Partial<SimOptions>;
  /** Use the response cache (.tunebench/cache); default: run.cache (true). false = --no-cache. */
  cache?: boolean;
  /**
   * Continue a run: its folder (or trials.jsonl), or its run id under outDir. Its recorded plan
   * (suites, strategies, repeat, judge repeat, simulator) is restored; recorded trials are not sent again.
   */
  resume?: string;
  /** With resume: accept edited suites or config; changed and added cases are answered anew. */
  allowChanged?: boolean;
  /** With resume: send again the trials whose latest record is an error (the newer line wins). */
  retryErrors?: boolean;
  /** When aborted, no new trial starts; those in flight finish and are recorded. */
  signal?: AbortSignal;
  /** One-line notices: a stale lock taken over, changes accepted, errors retried. */
  onNote?: (message: string) => void;
  /** Where setup warnings go (a retrieval strategy on a suite without notes); default: stderr. */
  onWarning?: (line: string) => void;
  /**
   * Dollars the run may spend (default: run.maxCost): no new trial starts once it could pass
   * them, calls in flight counted. A resumed run's earlier trials count; resume with a higher one.
   */
  maxCost?: number;
  /** Only the index-th of count shards of the cases (1-based); a resumed shard run keeps its own. */
  shard?: { index: number; count: number };
  /** Send the trials through the Batch API (half the price; results when the batches are done). */
  batch?: boolean;
  /** `--case ID` / `--tag TAG`: only these cases of the suites (a resume restores the recorded ones). */
  cases?: CaseSelection;
}

export interface RunResult {
  runId: string;
  dir: string;
  header: RunHeader;
  /** Trials recorded by this invocation. */
  recorded: number;
  /** Trials in the plan, and those of them in the log now. */
  total: number;
  done: number;
  /** Stopped by `signal` before every trial was recorded. */
  interrupted: boolean;
  /** Per endpoint: requests sent, retries, 429s, pauses, and cache hits (this invocation only). */
  calls: Record<string, EndpointCalls>;
  /**
   * With a budget: what the whole run spent (trials, their judges, judgments), what its log had
   * spent before this invocation (a resume), whether the budget stopped it, and the judgments
   * after the trials it left unmade.
   */
  budget?: { maxCost: number; spent: number; before: number; stopped: boolean; judgmentsLeft: number };
}

/**
 * Loads config and suites, runs every suite × case × strategy, and writes the run log. The run
 * folder is locked from before its log is read until every way out (errors included).
 */
export async function runSuites(options: RunOptions = {}): Promise<RunResult> {
  const loaded = typeof options.config === "object" ? options.config : await loadConfig(options.config);
  const note = options.onNote ?? (() => {});
  const outDir = path.resolve(loaded.dir, options.outDir ?? loaded.config.run.outDir);
  // A new run's scope is checked before its folder exists (a typo in --strategy leaves nothing
  // behind); a resumed run's scope comes from its log, read under the lock.
  const fresh = options.resume ? null : await chooseScope(loaded, null, options, note);
  const maxCost = options.maxCost ?? loaded.config.run.maxCost;
  const chatEndpoints = (scope: RunScope) => [...endpointsOf(scope.strategies, { embeddings: false })];
  if (fresh && options.batch) await probeBatchApi(loaded, chatEndpoints(fresh)); // before the folder
  const freshRecordings = fresh ? await recordingsOf(loaded, fresh) : null;
  if (fresh && freshRecordings && maxCost !== undefined) {
    const built = await buildStrategies(fresh.strategies, loaded, null, fresh.suites, freshRecordings);
    await checkPriced(
      built.filter((s) => s.unavailable() === null),
      fresh.suites,
      loaded,
      options.maxCost,
    );
  }
  const folder = await openRunFolder(
    outDir,
    redactorFor(loaded.config, process.env).text,
    options.resume,
    options.runId,
  );
  try {
    const { tookOver } = folder.lock;
    if (tookOver)
      note(`took over the lock of run ${folder.runId} from pid ${tookOver.pid} (no longer running)`);
    const scope = fresh ?? (await chooseScope(loaded, folder.resumed, options, note));
    // The resume command a run prints carries no --batch: a batch run stays one (its header says
    // so), and batches a run resumed with --batch left open are collected, not paid for again.
    const recorded = folder.resumed?.header?.plan?.batch === true;
    const open = !fresh && !options.batch && !recorded ? openBatches(folder.dir) : [];
    if (!options.batch && (recorded || open.length))
      note(
        `run ${folder.runId} ${recorded ? "was started with --batch" : `has ${open.length} batch(es) open`}: resuming it with --batch`,
      );
    const batch = options.batch === true || recorded || open.length > 0;
    if (!fresh && batch) await probeBatchApi(loaded, chatEndpoints(scope));
    const snapshots = freshRecordings ?? (await recordingsOf(loaded, scope));
    const judging = judgingSettings(loaded.config, scope.judgeRepeat);
    // Judges' endpoints open with the strategies': a missing key fails before the first trial.
    const judges = judgeEndpoints(
      judging,
      scope.suites,
      scope.strategies.some((s) => s.type === "recorded"),
    );
    const endpoints = await openEndpoints(loaded, {
      names: [...endpointsOf(scope.strategies), ...judges],
      concurrency: options.concurrency ?? loaded.config.run.concurrency,
      sim: scope.sim,
      ...(options.cache === undefined ? {} : { cache: options.cache }),
    });
    try {
      return await runScope(loaded, folder, scope, endpoints, {
        ...options,
        batch,
        judging,
        judges,
        snapshots,
      });
    } finally {
      await endpoints.close();
    }
  } finally {
    folder.close();
  }
}

/** The snapshots the scope's recorded strategies replay, checked against its suites. */
function recordingsOf(loaded: LoadedConfig, scope: RunScope): Promise<Map<string, Snapshot>> {
  return openRecordings(loaded, scope.strategies, scope.suites, selectsSome(scope.cases));
}

async function runScope(
  loaded: LoadedConfig,
  folder: RunFolder,
  scope: RunScope,
  endpoints: Endpoints,
  options: RunOptions & { judging: JudgingSettings; judges: Set<string>; snapshots: Map<string, Snapshot> },
): Promise<RunResult> {
  const { config } = loaded;
  const scorers = await loadScorers(loaded);
  const strategies = await buildStrategies(
    scope.strategies,
    loaded,
    endpoints,
    scope.suites,
    options.snapshots,
  );
  const runnable = strategies.filter((s) => s.unavailable() === null);
  const { suites, repeat } = scope;
  const plan = await reconcile(loaded, scope, strategies, folder, options, options.onNote ?? (() => {}));
  checkResumedShard(options.shard, folder.resumed?.header);
  const shard = folder.resumed?.header?.shard ?? options.shard;
  const only = shard ? shardFilter(shard) : undefined;
  const resumed = folder.resumed?.recorded.size ? plan.stateOf : null;
  const counted = await countPlan(suites, runnable, repeat, only, resumed);
  const header = folder.resumed?.header ?? {
    ...buildHeader(folder.runId, loaded, {
      strategies,
      serves: (s, name) => {
        const suite = suites.find((x) => x.name === name);
        return !suite || !s.serves || s.serves(suite);
      },
      // A simulated judge's scores are simulated numbers too, and so are a simulated recording's.
      simulated:
        runnable.some((s) => (s.replay ? s.replay.simulated : endpoints.resolve(s.endpoint).simulated)) ||
        [...options.judges].some((name) => endpoints.resolve(name).simulated),
      repeat,
      judgeRepeat: options.judging.repeat,
      sim: simSettings(loaded, scope.sim),
      configHashes: plan.configHashes,
      suites: plan.fingerprints,
      cases: scope.cases,
      batch: options.batch,
      planned: counted.total,
    }),
    ...(shard ? { shard } : {}),
  };
  if (!folder.resumed?.header) folder.log.append(header);
  if (plan.note) folder.log.append(plan.note);
  // What the log spent and erred before this invocation: the budget and the progress count the whole run.
  const spentBefore = folder.resumed?.spent ?? 0;
  const info: RunInfo = {
    dir: folder.dir,
    total: counted.total,
    batch: options.batch === true,
    spentBefore,
    errorsBefore: counted.errors,
  };
  const hooks = options.reporters ?? [];
  let done = counted.done;
  let recorded = 0;
  const maxCost = options.maxCost ?? config.run.maxCost;
  // A new run's prices were checked before its folder existed; a resume's scope comes from its log.
  if (folder.resumed) await checkPriced(runnable, suites, loaded, options.maxCost);
  const budget = openBudget(maxCost, config.prices, spentBefore, {
    judging: options.judging,
    ...(options.batch ? { chatPrice: batchPrice } : {}),
    ...(options.signal ? { interrupt: options.signal } : {}),
  });
  const warn = options.onWarning ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const line of retrievalWithoutNotes(suites, scope.strategies)) warn(line);
  for (const line of unservedLines(strategies, suites)) warn(line);
  for (const h of hooks) await h.onRunStart?.(header, info);
  async function* todo(): AsyncGenerator<PlannedTrial> {
    for await (const t of iteratePlan(suites, runnable, repeat, only)) if (plan.isPending(t)) yield t;
  }
  const models = endpoints.scoringModels();
  const { judging } = options;
  const ctx = {
    runId: folder.runId,
    chat: endpoints.chat,
    prices: config.prices,
    scorers,
    models,
    judging,
    redactor: endpoints.redactor,
    admit: budget?.admitter,
    admitBound: budget?.boundAdmitter,
    responses: endpoints.responses,
    reference: referenceOf(runnable),
  };
  // A trial counts (done, hooks) once its line is in the log.
  const keep = async (answered: TrialRecord, trial: PlannedTrial) => {
    const record = Object.assign(answered, { caseHash: plan.caseHash(trial) }); // not copied: ~1 KB a trial
    await folder.log.record(record);
    done++;
    recorded++;
    for (const h of hooks) h.onTrial?.(record, done, info);
  };
  const stop = budget ? anySignal(options.signal, budget.signal) : options.signal;
  const concurrency = options.concurrency ?? config.run.concurrency;
  // A fixed pool of workers pulls trials from the lazy plan; each record is written and dropped.
  // A worker takes its next trial while its record is written (the disk's latency is not added to
  // every trial's), but not while `concurrency` records wait: calls paid for and not yet in the log
  // never outnumber twice the workers (a kill loses at most those).
  const saving = saveBehind(concurrency);
  const work = async (trial: PlannedTrial) => {
    const answered = await executeTrial(trial, ctx);
    if (answered) await saving.add(keep(answered, trial)); // null: held back by the budget
  };
  const { dir, runId, log } = folder;
  const note = options.onNote ?? (() => {});
  let interrupted = false;
  let judgmentsLeft = 0;
  try {
    const builds = await prepareSuites(suites, runnable, { runId, prices: config.prices, log });
    for (const build of builds) budget?.count(build);
    if (options.batch)
      await runBatches({
        dir,
        runId,
        endpoints,
        ctx,
        pending: todo,
        record: keep,
        note,
        budget,
        signal: options.signal,
      });
    else {
      // Every record handed over is written (or failed) before the run counts or stops.
      await forEachConcurrent(todo(), concurrency, work, stop).finally(saving.settled);
      await saving.flush();
    }
    interrupted = done < info.total && options.signal?.aborted === true;
    // Pairwise and labelled judgments read the finished trials (a resumed run judges what is
    // missing); a run the budget stopped judges nothing: its resume with more does.
    if (!interrupted && !budget?.stopped)
      judgmentsLeft = (
        await judgeAfterTrials({
          dir,
          runId,
          suites,
          models,
          judging,
          log,
          concurrency,
          ...(only ? { only } : {}),
          ...(budget ? { budget: { admit: budget.boundAdmitter, prices: config.prices } } : {}),
        })
      ).left;
  } catch (error) {
    // A dead endpoint: the pool took no new trial and let those in flight settle; say what to fix.
    if (error instanceof EndpointFatalError)
      throw new RunStoppedError(error, { dir, recorded, left: info.total - done });
    throw error;
  }
  if (!interrupted) for (const h of hooks) await h.onRunEnd?.({ ...info, done });
  const spent = budget ? { budget: { ...budget.summary(), before: spentBefore, judgmentsLeft } } : {};
  const calls = endpoints.calls();
  return { runId, dir, header, recorded, total: info.total, done, interrupted, calls, ...spent };
}
