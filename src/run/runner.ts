import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  type LoadedSuite,
  loadConfig,
  loadSuites,
  retrievalWithoutNotes,
  type StrategyConfig,
  selectStrategies,
} from "../config/index.js";
import { readTunedRecord } from "../finetune/record.js";
import {
  type CachedClient,
  type CacheStats,
  type ChatClient,
  createChatClient,
  type LimiterStats,
  preloadEncoding,
  type RateLimitedClient,
  type ResolvedEndpoint,
  resolveEndpoint,
  withCache,
  withRateLimit,
} from "../model/index.js";
import type { Reporter, RunInfo } from "../report/reporter.js";
import { type RunSummary, SummaryBuilder } from "../report/summary.js";
import { createEmbedder, LocalEmbedder } from "../retrieval/index.js";
import type { RunningSimulator, SimOptions } from "../sim/index.js";
import { createStrategy, type Strategy } from "../strategies/index.js";
import { executeTrial } from "./execute.js";
import { RunLogWriter, SUMMARY_FILE, TRIALS_FILE } from "./log.js";
import { iteratePlan, type PlannedTrial, planSize, trialKey } from "./plan.js";
import { forEachConcurrent } from "./pool.js";
import { type ResumeState, readForResume, resolveRunDir } from "./resume.js";
import { newRunId } from "./run-id.js";
import type { RunHeader } from "./trial.js";

export interface RunOptions {
  /** Path to eval.config.yaml (default: ./eval.config.yaml). */
  config?: string;
  /** Only these suites (names). */
  suites?: string[];
  /** Only these strategies (names), in this order. */
  strategies?: string[];
  concurrency?: number;
  repeat?: number;
  outDir?: string;
  runId?: string;
  reporters?: Reporter[];
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

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

export interface RunResult {
  runId: string;
  dir: string;
  header: RunHeader;
  summary: RunSummary;
  /** Per endpoint: requests sent, retries, 429s, pauses, and cache hits (this invocation only). */
  calls: Record<string, EndpointCalls>;
}

/** What one endpoint's client did during a run. */
export interface EndpointCalls extends LimiterStats {
  /** null with --no-cache. */
  cache: CacheStats | null;
}

function endpointsUsed(strategies: { config: StrategyConfig }[]): Set<string> {
  const names = new Set<string>();
  for (const { config } of strategies) {
    names.add(config.endpoint);
    if (config.embedding && config.embedding !== "local") names.add(config.embedding.endpoint);
  }
  return names;
}

/** Loads config and suites, runs every suite × case × strategy, and writes the run log and summary. */
export async function runSuites(options: RunOptions = {}): Promise<RunResult> {
  const loaded = await loadConfig(options.config);
  const suites: LoadedSuite[] = await loadSuites(loaded, { only: options.suites });
  const { config } = loaded;
  const defs = selectStrategies(config, options.strategies);

  const usesBuiltinSim = [...endpointsUsed(defs)].some((name) => name === "sim" && !config.endpoints.sim);
  let sim: RunningSimulator | null = null;
  try {
    if (usesBuiltinSim) {
      // Loaded only when used: the simulator brings the tokenizer's ranks (tens of MB) with it.
      const { startSimulator } = await import("../sim/index.js");
      await preloadEncoding("o200k_base"); // the instance the simulator imports, not a second copy
      sim = await startSimulator({
        port: 0,
        latencyMs: config.sim.latencyMs,
        degrade: config.sim.degrade,
        seed: config.sim.seed,
        stateDir: path.join(loaded.dir, ".tunebench", "sim"),
        ...(config.sim.faults ? { faults: config.sim.faults } : {}),
        ...options.sim,
      });
    }
    const endpoints = new Map<string, ResolvedEndpoint>();
    const endpointFor = (name: string): ResolvedEndpoint => {
      let endpoint = endpoints.get(name);
      if (!endpoint) {
        endpoint = resolveEndpoint(name, config, process.env, sim?.url);
        endpoints.set(name, endpoint);
      }
      return endpoint;
    };
    const clientOptions = { timeoutMs: config.run.timeoutMs, maxRetries: config.run.maxRetries };
    const concurrency = options.concurrency ?? config.run.concurrency;
    const useCache = options.cache ?? config.run.cache;
    // The built-in simulator gets a new port every run: its cache identity is its answer-shaping settings.
    const simIdentity = `tunebench-sim/${version}?degrade=${options.sim?.degrade ?? config.sim.degrade}&seed=${options.sim?.seed ?? config.sim.seed}`;
    const clients = new Map<string, ChatClient>();
    const callStats = new Map<string, { limiter: LimiterStats; cache: CacheStats | null }>();
    // cache (disk + in-flight dedupe) -> limiter (budgets, retries, Retry-After) -> openai SDK
    // (one attempt per call, the SDK's request and error shapes) -> usage
    const clientFor = (name: string): ChatClient => {
      let client = clients.get(name);
      if (!client) {
        const endpoint = endpointFor(name);
        const budgets: { rpm?: number; tpm?: number } = endpoint.simulated
          ? config.sim
          : (config.endpoints[name] ?? {});
        const limited: RateLimitedClient = withRateLimit(
          createChatClient(endpoint, { ...clientOptions, maxRetries: 0 }),
          {
            rpm: budgets.rpm,
            tpm: budgets.tpm,
            maxRetries: config.run.maxRetries,
            maxInFlight: concurrency,
            // The simulator's x-ratelimit-* headers are decorative: it enforces no limit.
            honourHeaders: !endpoint.simulated,
          },
        );
        const cached: CachedClient | null = useCache
          ? withCache(limited, {
              dir: path.join(loaded.dir, ".tunebench", "cache"),
              identity: endpoint.simulated ? simIdentity : endpoint.baseURL,
            })
          : null;
        client = cached ?? limited;
        callStats.set(name, { limiter: limited.stats, cache: cached?.stats ?? null });
        clients.set(name, client);
      }
      return client;
    };
    // Resolve every endpoint up front so a missing key fails before any call is made.
    for (const name of endpointsUsed(defs)) endpointFor(name);

    const stateDir = path.join(loaded.dir, ".tunebench");
    // A tuned strategy without a model uses the one `tunebench tune` recorded for its endpoint.
    const tunedRecord = readTunedRecord(stateDir);
    const strategyConfig = (def: (typeof defs)[number]): StrategyConfig =>
      def.type === "tuned" && !def.config.model && tunedRecord?.endpoint === def.config.endpoint
        ? { ...def.config, model: tunedRecord.model }
        : def.config;
    const strategies: Strategy[] = defs.map((def) =>
      createStrategy(def.name, def.type, strategyConfig(def), {
        embedderFor: (c) =>
          c.embedding && c.embedding !== "local"
            ? createEmbedder(c.embedding, endpointFor, clientOptions)
            : new LocalEmbedder(),
        indexRoot: path.join(stateDir, "index"),
      }),
    );
    const runnable = strategies.filter((s) => s.unavailable() === null);

    const summary = new SummaryBuilder();
    const outDir = path.resolve(loaded.dir, options.outDir ?? config.run.outDir);
    let resumed: ResumeState | null = null;
    if (options.resume) {
      resumed = await readForResume(resolveRunDir(options.resume, outDir), (t) => summary.add(t));
    }
    const runId = resumed?.header?.runId ?? options.runId ?? newRunId();
    const dir = resumed?.dir ?? path.join(outDir, runId);
    mkdirSync(dir, { recursive: true });
    const header: RunHeader = resumed?.header ?? {
      schema: "tunebench.run/1",
      runId,
      startedAt: new Date().toISOString(),
      configFile: path.relative(process.cwd(), loaded.file),
      simulated: runnable.some((s) => clientFor(s.endpoint).simulated),
      strategies: strategies.map((s) => ({
        name: s.name,
        type: s.type,
        endpoint: s.endpoint,
        model: s.config.model ?? (s.type === "tuned" ? null : "sim-base"),
        ...(s.unavailable() ? { unavailable: s.unavailable() as string } : {}),
      })),
      suites: suites.map((s) => s.name),
    };
    const repeat = options.repeat ?? config.run.repeat;
    const info: RunInfo = { dir, total: planSize(suites, runnable, repeat) };
    const reporters = options.reporters ?? [];
    const log = new RunLogWriter(path.join(dir, TRIALS_FILE));
    summary.setHeader(header);
    try {
      if (!resumed?.header) log.append(header);
      const warn = options.onWarning ?? ((line: string) => process.stderr.write(`${line}\n`));
      for (const line of retrievalWithoutNotes(suites, defs)) warn(line);
      for (const r of reporters) await r.onRunStart?.(header, info);
      for (const suite of suites) for (const s of runnable) await s.prepare?.(suite);

      const finished = resumed?.done;
      const keyOf = (t: PlannedTrial) =>
        trialKey({ suite: t.suite.name, caseId: t.testCase.id, strategy: t.strategy.name, repeat: t.repeat });
      let done = 0;
      if (finished) for (const t of iteratePlan(suites, runnable, repeat)) if (finished.has(keyOf(t))) done++;
      function* pending(): Generator<PlannedTrial> {
        for (const t of iteratePlan(suites, runnable, repeat)) if (!finished?.has(keyOf(t))) yield t;
      }
      // A fixed pool of workers pulls trials from the lazy plan; each record is written and dropped.
      await forEachConcurrent(pending(), concurrency, async (trial) => {
        const record = await executeTrial(trial, { runId, clientFor, prices: config.prices });
        log.append(record);
        summary.add(record);
        done++;
        for (const r of reporters) r.onTrial?.(record, done, info);
      });
    } finally {
      log.close();
    }
    const result = summary.finish();
    writeFileSync(path.join(dir, SUMMARY_FILE), `${JSON.stringify(result, null, 2)}\n`);
    for (const r of reporters) await r.onRunEnd?.(result, info);
    const calls: Record<string, EndpointCalls> = {};
    for (const [name, stats] of callStats)
      calls[name] = { ...stats.limiter, cache: stats.cache ? { ...stats.cache } : null };
    return { runId, dir, header, summary: result, calls };
  } finally {
    await sim?.close();
  }
}
