import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import {
  ConfigError,
  type LoadedConfig,
  type LoadedSuite,
  loadConfig,
  loadSuites,
  resolveStrategies,
  type StrategyConfig,
} from "../config/index.js";
import { type ChatClient, createChatClient, type ResolvedEndpoint, resolveEndpoint } from "../model/index.js";
import type { Reporter, RunInfo } from "../report/reporter.js";
import { type RunSummary, SummaryBuilder } from "../report/summary.js";
import { createEmbedder, LocalEmbedder } from "../retrieval/index.js";
import { type RunningSimulator, type SimOptions, startSimulator } from "../sim/index.js";
import { createStrategy, type Strategy } from "../strategies/index.js";
import { executeTrial } from "./execute.js";
import { RunLogWriter, SUMMARY_FILE, TRIALS_FILE } from "./log.js";
import { planTrials } from "./plan.js";
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
}

export interface RunResult {
  runId: string;
  dir: string;
  header: RunHeader;
  summary: RunSummary;
}

function selectStrategies(loaded: LoadedConfig, only: string[] | undefined) {
  const all = resolveStrategies(loaded.config);
  if (!only?.length) return all;
  const problems = only
    .filter((name) => !all.some((s) => s.name === name))
    .map((name) => ({
      file: loaded.file,
      line: 1,
      column: 1,
      path: "strategies",
      message: `unknown strategy "${name}"; defined: ${all.map((s) => s.name).join(", ")}`,
    }));
  if (problems.length) throw new ConfigError(problems);
  return only.map((name) => all.find((s) => s.name === name) as (typeof all)[number]);
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
  const defs = selectStrategies(loaded, options.strategies);

  const usesBuiltinSim = [...endpointsUsed(defs)].some((name) => name === "sim" && !config.endpoints.sim);
  let sim: RunningSimulator | null = null;
  try {
    if (usesBuiltinSim) {
      sim = await startSimulator({
        port: 0,
        latencyMs: config.sim.latencyMs,
        degrade: config.sim.degrade,
        seed: config.sim.seed,
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
    const clients = new Map<string, ChatClient>();
    const clientFor = (name: string): ChatClient => {
      let client = clients.get(name);
      if (!client) {
        client = createChatClient(endpointFor(name), clientOptions);
        clients.set(name, client);
      }
      return client;
    };
    // Resolve every endpoint up front so a missing key fails before any call is made.
    for (const name of endpointsUsed(defs)) endpointFor(name);

    const stateDir = path.join(loaded.dir, ".tunebench");
    const strategies: Strategy[] = defs.map((def) =>
      createStrategy(def.name, def.type, def.config, {
        embedderFor: (c) =>
          c.embedding && c.embedding !== "local"
            ? createEmbedder(c.embedding, endpointFor, clientOptions)
            : new LocalEmbedder(),
        indexRoot: path.join(stateDir, "index"),
      }),
    );
    const runnable = strategies.filter((s) => s.unavailable() === null);

    const runId = options.runId ?? newRunId();
    const dir = path.resolve(loaded.dir, options.outDir ?? config.run.outDir, runId);
    mkdirSync(dir, { recursive: true });
    const header: RunHeader = {
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
    const plan = planTrials(suites, runnable, options.repeat ?? config.run.repeat);
    const info: RunInfo = { dir, total: plan.length };
    const reporters = options.reporters ?? [];
    const log = new RunLogWriter(path.join(dir, TRIALS_FILE));
    const summary = new SummaryBuilder();
    summary.setHeader(header);
    try {
      log.append(header);
      for (const r of reporters) await r.onRunStart?.(header, info);
      for (const suite of suites) for (const s of runnable) await s.prepare?.(suite);

      const limit = pLimit(options.concurrency ?? config.run.concurrency);
      let done = 0;
      await Promise.all(
        plan.map((trial) =>
          limit(async () => {
            const record = await executeTrial(trial, { runId, clientFor, prices: config.prices });
            log.append(record);
            summary.add(record);
            done++;
            for (const r of reporters) r.onTrial?.(record, done, info);
          }),
        ),
      );
    } finally {
      log.close();
    }
    const result = summary.finish();
    writeFileSync(path.join(dir, SUMMARY_FILE), `${JSON.stringify(result, null, 2)}\n`);
    for (const r of reporters) await r.onRunEnd?.(result, info);
    return { runId, dir, header, summary: result };
  } finally {
    await sim?.close();
  }
}
