// plan -> pool -> execute -> log. The runner only generates: it writes the run log and nothing
// else; summaries, comparisons and gates are analysis/ reading that log afterwards.
import path from "node:path";
import {
  type CaseSelection,
  type LoadedConfig,
  type LoadedSuite,
  loadConfig,
  loadSuites,
  retrievalWithoutNotes,
  selectCases,
  selectStrategies,
} from "../config/index.js";
import { type EndpointCalls, openEndpoints } from "../endpoints/index.js";
import { trainingCostOf } from "../model/index.js";
import { projectLayout, readTunedRecord, SIM_BASE_MODEL } from "../project/index.js";
import { LocalEmbedder } from "../retrieval/index.js";
import { RUN_SCHEMA, type RunHeader, trialKey } from "../runlog/index.js";
import { loadScorers } from "../scoring/index.js";
import type { SimOptions } from "../sim/index.js";
import { STRATEGIES, type Strategy } from "../strategies/index.js";
import { executeTrial } from "./execute.js";
import { openRunFolder } from "./folder.js";
import type { RunHooks, RunInfo } from "./hooks.js";
import { iteratePlan, type PlannedTrial, planSize } from "./plan.js";
import { forEachConcurrent } from "./pool.js";
import { endpointsOf } from "./select.js";

export interface RunOptions {
  /** Path to eval.config.yaml (default: ./eval.config.yaml), or the config already loaded. */
  config?: string | LoadedConfig;
  /** Only these suites (names). */
  suites?: string[];
  /** Only these cases (`--case`, `--tag`): see selectCases. */
  cases?: CaseSelection;
  /** Only these strategies (names), in this order. */
  strategies?: string[];
  concurrency?: number;
  repeat?: number;
  outDir?: string;
  runId?: string;
  /** Observers of the run's progress (reporters are). */
  reporters?: RunHooks[];
  /** Overrides of the simulator's settings from the config. */
  sim?: Partial<SimOptions>;
  /** Use the response cache (.tunebench/cache); default: run.cache (true). false = --no-cache. */
  cache?: boolean;
  /**
   * Continue a killed run: its folder (or trials.jsonl), or its run id under outDir. Recorded
   * trials are kept and not sent again; the rest are appended to the same log, same run id.
   */
  resume?: string;
  /** Where setup warnings go (a retrieval strategy on a suite without notes); default: stderr. */
  onWarning?: (line: string) => void;
}

export interface RunResult {
  runId: string;
  dir: string;
  header: RunHeader;
  /** Trials recorded by this invocation. */
  recorded: number;
  /** Per endpoint: requests sent, retries, 429s, pauses, and cache hits (this invocation only). */
  calls: Record<string, EndpointCalls>;
}

/** Loads config and suites, runs every suite × case × strategy, and writes the run log. */
export async function runSuites(options: RunOptions = {}): Promise<RunResult> {
  const loaded = typeof options.config === "object" ? options.config : await loadConfig(options.config);
  const suites: LoadedSuite[] = selectCases(
    await loadSuites(loaded, { only: options.suites }),
    options.cases,
  );
  const { config } = loaded;
  const defs = selectStrategies(config, options.strategies);
  const scorers = await loadScorers(loaded);
  const concurrency = options.concurrency ?? config.run.concurrency;
  const endpoints = await openEndpoints(loaded, {
    names: endpointsOf(defs),
    concurrency,
    ...(options.sim ? { sim: options.sim } : {}),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
  try {
    const layout = projectLayout(loaded.dir);
    const deps = {
      embedderFor: (c: { embedding?: Parameters<typeof endpoints.embedder>[0] }) =>
        c.embedding ? endpoints.embedder(c.embedding) : new LocalEmbedder(),
      indexRoot: layout.index,
      tunedRecord: readTunedRecord(layout.tunedRecord),
    };
    const strategies: Strategy[] = defs.map((d) => STRATEGIES[d.type](d.name, d.config, deps));
    const runnable = strategies.filter((s) => s.unavailable() === null);
    const folder = await openRunFolder(
      path.resolve(loaded.dir, options.outDir ?? config.run.outDir),
      options.resume,
      options.runId,
    );
    const repeat = options.repeat ?? config.run.repeat;
    const degrade = options.sim?.degrade ?? config.sim.degrade;
    const planned = planSize(suites, runnable, repeat);
    const header: RunHeader = folder.resumedHeader ?? {
      schema: RUN_SCHEMA,
      runId: folder.runId,
      startedAt: new Date().toISOString(),
      configFile: path.relative(process.cwd(), loaded.file),
      simulated: runnable.some((s) => endpoints.resolve(s.endpoint).simulated),
      strategies: strategies.map((s) => ({
        name: s.name,
        type: s.type,
        endpoint: s.endpoint,
        model: s.model ?? (s.type === "tuned" ? null : SIM_BASE_MODEL),
        ...(s.unavailable() ? { unavailable: s.unavailable() as string } : {}),
        ...(deps.tunedRecord && s.type === "tuned" && s.model === deps.tunedRecord.model
          ? { training: trainingCostOf(deps.tunedRecord, config.prices) }
          : {}),
      })),
      suites: suites.map((s) => s.name),
      planned,
      ...(degrade > 0 && runnable.some((s) => endpoints.resolve(s.endpoint).simulated)
        ? { simDegrade: degrade }
        : {}),
    };
    const info: RunInfo = { dir: folder.dir, total: planned };
    const hooks = options.reporters ?? [];
    const keyOf = (t: PlannedTrial) =>
      trialKey({ suite: t.suite.name, caseId: t.testCase.id, strategy: t.strategy.name, repeat: t.repeat });
    let done = 0;
    let recorded = 0;
    try {
      if (!folder.resumedHeader) folder.log.append(header);
      const warn = options.onWarning ?? ((line: string) => process.stderr.write(`${line}\n`));
      for (const line of retrievalWithoutNotes(suites, defs)) warn(line);
      for (const h of hooks) await h.onRunStart?.(header, info);
      for (const suite of suites) for (const s of runnable) await s.prepare?.(suite);
      for (const t of iteratePlan(suites, runnable, repeat)) if (folder.done.has(keyOf(t))) done++;
      function* pending(): Generator<PlannedTrial> {
        for (const t of iteratePlan(suites, runnable, repeat)) if (!folder.done.has(keyOf(t))) yield t;
      }
      const ctx = { runId: folder.runId, chat: endpoints.chat, prices: config.prices, scorers };
      // A fixed pool of workers pulls trials from the lazy plan; each record is written and dropped.
      await forEachConcurrent(pending(), concurrency, async (trial) => {
        const record = await executeTrial(trial, ctx);
        folder.log.append(record);
        done++;
        recorded++;
        for (const h of hooks) h.onTrial?.(record, done, info);
      });
    } finally {
      folder.log.close();
    }
    for (const h of hooks) await h.onRunEnd?.({ ...info, done });
    return { runId: folder.runId, dir: folder.dir, header, recorded, calls: endpoints.calls() };
  } finally {
    await endpoints.close();
  }
}
