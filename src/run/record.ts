// `tunebench record`: one strategy's answers in a run, frozen into a snapshot kept in the project
// (snapshots/<name>.jsonl). The snapshot is that run's log, cut down to the strategy: its header
// with what was recorded, then the trial records as the run wrote them.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import {
  InputError,
  type LoadedConfig,
  type LoadedSuite,
  loadSuites,
  writeFileAtomic,
} from "../config/index.js";
import { openEndpoints } from "../endpoints/index.js";
import { retirementOf } from "../model/index.js";
import { projectLayout } from "../project/index.js";
import {
  loadRun,
  type RunHeader,
  type RunPlan,
  type SnapshotInfo,
  type SuiteFingerprint,
  type TrialRecord,
} from "../runlog/index.js";
import { fingerprintSuite, questionHash } from "./fingerprint.js";

/** What cannot be recorded as asked: exit 2. */

/** A trial the model answered: what a snapshot keeps. */
const isAnswer = (t: TrialRecord) => t.output !== null && t.error === null;

export class RecordError extends InputError {
  override name = "RecordError";
}

export interface RecordOptions {
  loaded: LoadedConfig;
  /** The run whose answers are frozen: its folder or trials.jsonl. */
  run: string;
  /** The strategy of that run whose answers are recorded. */
  strategy: string;
  /** The snapshot's name: snapshots/<name>.jsonl. */
  name: string;
  /** Replace an existing snapshot (it may hold a model that no longer answers). */
  force?: boolean;
  /**
   * Ask the strategy's endpoint for the model's shutdown day: only when `record` has just run the
   * strategy itself. Recording a finished run (`--from`) calls nothing: the retirement table only.
   */
  askEndpoint?: boolean;
  now?: Date;
}

export interface RecordResult {
  file: string;
  info: SnapshotInfo;
  simulated: boolean;
  /** Answers recorded. */
  answers: number;
  /** "suite/case#repeat" (repeats from 1, as every report numbers them) of trials whose call failed: the snapshot holds no answer for them. */
  failed: string[];
}

/** Where a snapshot goes, refused when one is there and `force` is not given (checked before any call). */
export function snapshotTarget(loaded: LoadedConfig, name: string, force = false): string {
  const file = projectLayout(loaded.dir).snapshotFile(name);
  if (existsSync(file) && !force)
    throw new RecordError(
      `${path.relative(process.cwd(), file)} exists and may hold a model that no longer answers: pass --force to replace it, or choose another --name`,
    );
  return file;
}

/** The run's entry of `strategy`: refused when the run has none, or it replays a snapshot itself. */
function strategyEntry(header: RunHeader, strategy: string): RunHeader["strategies"][number] {
  const entry = header.strategies.find((s) => s.name === strategy);
  if (!entry)
    throw new RecordError(
      `run ${header.runId} has no strategy '${strategy}' (it ran ${header.strategies.map((s) => s.name).join(", ") || "none"})`,
    );
  if (entry.type === "recorded")
    throw new RecordError(
      `'${strategy}' already replays snapshot ${entry.snapshot ?? "?"}: copy that file instead of recording it again`,
    );
  return entry;
}

/**
 * The suites' cases as they are now, in one pass over each suite (cases from files are streamed):
 * its fingerprint, to check the run answered today's cases, and what each case the run's plan
 * posed asks (the snapshot's `questions`).
 */
async function casesNow(plan: RunPlan, suites: Map<string, LoadedSuite>, configDir: string) {
  const fingerprints = new Map<string, SuiteFingerprint>();
  const questions: SnapshotInfo["questions"] = {};
  for (const name of Object.keys(plan.suites)) questions[name] = {};
  for (const [name, suite] of suites) {
    const posed = plan.suites[name]?.cases ?? {};
    const asked = questions[name];
    const fingerprint = await fingerprintSuite(suite, configDir, (c) => {
      if (asked && Object.hasOwn(posed, c.id)) asked[c.id] = questionHash(suite, c);
    });
    fingerprints.set(name, fingerprint);
  }
  return { fingerprints, questions };
}

/** The run's trials of `strategy`, checked: they must answer the cases as the suites ask them now. */
function recordedTrials(
  header: RunHeader,
  trials: readonly TrialRecord[],
  strategy: string,
  current: Map<string, SuiteFingerprint>,
): TrialRecord[] {
  const mine = trials.filter((t) => t.strategy === strategy);
  const changed = mine
    .filter((t) => t.caseHash === undefined || current.get(t.suite)?.cases[t.caseId] !== t.caseHash)
    .map((t) => `${t.suite}/${t.caseId}`);
  if (changed.length)
    throw new RecordError(
      `run ${header.runId} answered cases that changed since, or are gone: ${[...new Set(changed)].slice(0, 8).join(", ")}; run them again (tunebench run --strategy ${strategy}), then record that run`,
    );
  return mine;
}

/**
 * The model's shutdown day as its endpoint reports it (`shutdown_date` of GET /v1/models/{id}, as
 * OpenAI's does) when `ask`, else from the retirement table; null when neither knows one. An
 * endpoint that cannot say (gone, offline, no such route) is no error: the snapshot is what matters.
 */
async function announcedShutdown(
  loaded: LoadedConfig,
  endpoint: string,
  model: string,
  asked: string,
  ask: boolean,
): Promise<SnapshotInfo["retires"] | null> {
  if (ask)
    try {
      const endpoints = await openEndpoints(loaded, { names: [endpoint] });
      try {
        const found = (await endpoints
          .sdk(endpoint)
          .models.retrieve(model, { timeout: 5000, maxRetries: 0 })) as {
          shutdown_date?: string | null;
        };
        if (found.shutdown_date)
          return {
            shutdown: found.shutdown_date,
            source: `GET /v1/models/${model} on endpoint ${endpoint}, ${asked.slice(0, 10)}`,
          };
      } finally {
        await endpoints.close();
      }
    } catch {
      // Fall through to the table.
    }
  const known = retirementOf(model, loaded.config.retirements);
  return known ? { shutdown: known.shutdown, source: known.source } : null;
}

/** Freezes the answers of `strategy` in `run` into snapshots/<name>.jsonl. */
export async function recordSnapshot(options: RecordOptions): Promise<RecordResult> {
  const { loaded, strategy, name } = options;
  const file = snapshotTarget(loaded, name, options.force);
  const run = await loadRun(options.run);
  const { header } = run;
  if (!header?.plan)
    throw new RecordError(
      `${run.source} has no run plan (written by an older tunebench): run the strategy again, then record that run`,
    );
  const suites = new Map<string, LoadedSuite>();
  for (const suite of await loadSuites(loaded))
    if (header.suites.includes(suite.name)) suites.set(suite.name, suite);
  const missing = header.suites.filter((s) => !suites.has(s));
  if (missing.length)
    throw new RecordError(
      `run ${header.runId} posed suites that are not in the config now: ${missing.join(", ")}`,
    );
  const entry = strategyEntry(header, strategy);
  const { fingerprints, questions } = await casesNow(header.plan, suites, loaded.dir);
  const mine = recordedTrials(header, run.trials, strategy, fingerprints);
  const answered = mine.filter(isAnswer);
  if (answered.length === 0)
    throw new RecordError(
      `run ${header.runId} holds no answer of '${strategy}' to record (every call failed?)`,
    );
  const model = answered[0]?.model ?? entry.model ?? "";
  const info: SnapshotInfo = {
    name,
    strategy,
    strategyType: entry.type,
    model,
    endpoint: entry.endpoint,
    recordedAt: (options.now ?? new Date()).toISOString(),
    fromRun: header.runId,
    questions,
    selected: Boolean(header.plan.cases),
  };
  const retires = await announcedShutdown(
    loaded,
    entry.endpoint,
    model,
    info.recordedAt,
    options.askEndpoint === true,
  );
  if (retires) info.retires = retires;
  const simulated = answered.some((t) => t.simulated);
  const snapshotHeader: RunHeader = {
    ...header,
    simulated,
    strategies: [{ ...entry, model }],
    planned: answered.length,
    snapshot: info,
  };
  const lines = [snapshotHeader, ...answered].map((line) => JSON.stringify(line));
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole and renamed: a crash never leaves half a snapshot of a model that may be gone.
  writeFileAtomic(file, `${lines.join("\n")}\n`);
  const failed = mine.filter((t) => !isAnswer(t)).map((t) => `${t.suite}/${t.caseId}#${t.repeat + 1}`);
  return { file, info, simulated, answers: answered.length, failed };
}
