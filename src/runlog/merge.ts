// `tunebench merge`: the shard runs of one plan (`run --shard i/n` in n CI jobs) put back
// together as one run log, which every report reads as if it had been one run. Two passes: the
// first checks the shards belong together (one plan, no shard twice, no trial in two shards, none
// missing) before anything is written; the second streams the trials into the new log, in the
// order of the plan (interleave.ts), with the shards' index builds and judgments.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { InputError } from "../config/index.js";
import { shownPath } from "../config/path-kind.js";
import { caseOrder, withoutOrder } from "./case-order.js";
import { findRun, newRunId, runLogFile, runPlacesShown, runProblem, TRIALS_FILE } from "./files.js";
import type { IndexBuildRecord } from "./index-build.js";
import { interleaveShards } from "./interleave.js";
import { describeTrialKey, suiteCaseKey, trialKey } from "./key.js";
import { scanRunLog } from "./reader.js";
import type { RunHeader, TrialRecord } from "./record.js";
import { RunLogWriter } from "./writer.js";

/** The shards cannot be merged: bad input (exit 2), nothing written. */
export class MergeError extends InputError {
  override name = "MergeError";
}

export interface MergeResult {
  runId: string;
  dir: string;
  header: RunHeader;
  trials: number;
  /** Shards whose log holds fewer trials than they planned (killed, or stopped at a budget). */
  incomplete: { name: string; trials: number; planned: number }[];
}

interface ShardLog {
  name: string;
  file: string;
  header: RunHeader & { shard: NonNullable<RunHeader["shard"]> };
  /** Line of the record that counts for each trial (a later line for the same trial wins). */
  lines: Map<string, number>;
  /** The retrieval indexes the shard built (and paid for): a few lines. */
  indexBuilds: IndexBuildRecord[];
}

async function readShard(run: string, runsDir: string): Promise<ShardLog> {
  const dir = findRun(run, runsDir);
  if (!dir) {
    const problem = runProblem(run, runsDir);
    if (problem) throw new MergeError(`merge: ${problem}`);
    throw new MergeError(
      `merge: no run log at ${runPlacesShown(run, runsDir)}: run ids are looked up in ${shownPath(runsDir)} (run.outDir); give a shard's run folder or its ${TRIALS_FILE} by its path (a downloaded artifact's too)`,
    );
  }
  const file = runLogFile(dir);
  let header: RunHeader | null = null;
  const lines = new Map<string, number>();
  const indexBuilds: IndexBuildRecord[] = [];
  await scanRunLog(file, (entry, line) => {
    if (entry.kind === "header") header ??= entry.header;
    else if (entry.kind === "trial") lines.set(trialKey(entry.trial), line);
    else if (entry.kind === "index") indexBuilds.push(entry.build);
  });
  const found = header as RunHeader | null;
  if (!found?.shard) throw new MergeError(`merge: ${run} is not a shard (make shards with run --shard i/n)`);
  return { name: run, file, header: { ...found, shard: found.shard }, lines, indexBuilds };
}

/**
 * What makes two shards part of one plan, part by part (named when they differ). The simulator's
 * answers count when it answered: a shard run with another --sim-degrade answers from another
 * model; its latency changes no answer.
 */
function planOf(h: RunHeader): [string, string][] {
  const sim = h.plan?.sim;
  return [
    ["suites", JSON.stringify(h.suites)],
    ["strategies", JSON.stringify(h.strategies.map((s) => s.name))],
    ["shard counts", String(h.shard?.count)],
    ["repeat counts", String(h.plan?.repeat)],
    ["judge repeat counts", String(h.plan?.judgeRepeat ?? "")],
    ["config", JSON.stringify(h.plan?.configHashes)],
    ["cases", JSON.stringify(Object.values(h.plan?.suites ?? {}).map(withoutOrder))],
    [
      "simulator settings",
      h.simulated && sim ? JSON.stringify([sim.degrade, sim.seed, sim.faults ?? {}]) : "",
    ],
  ];
}

/** The first part of the plan in which `b` differs from `a`, or null. */
function planDiffers(a: RunHeader, b: RunHeader): string | null {
  const theirs = planOf(b);
  return planOf(a).find(([, value], i) => theirs[i]?.[1] !== value)?.[0] ?? null;
}

/** Shards of one plan, each once, none missing, no trial in two of them. */
function check(shards: readonly ShardLog[]): void {
  const [first, ...rest] = shards;
  if (!first) throw new MergeError("merge: give the shard runs to merge");
  const { count } = first.header.shard;
  const noPlan = shards.find((s) => !s.header.plan);
  if (noPlan)
    throw new MergeError(
      `merge: ${noPlan.name} records no plan (made by an older tunebench): it cannot be checked`,
    );
  for (const s of rest) {
    const part = planDiffers(first.header, s.header);
    if (part)
      throw new MergeError(
        `merge: ${s.name} is a shard of another plan than ${first.name}: their ${part} differ; run every shard with the same suites, strategies, flags and config`,
      );
  }
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const twin = byIndex.get(s.header.shard.index);
    const same = (a?: string) => a !== undefined && path.resolve(a) === path.resolve(s.file);
    if (twin && same(shards.find((x) => x.name === twin)?.file))
      throw new MergeError(`merge: ${s.name} is given twice (as ${twin} too): give each shard once`);
    if (twin)
      throw new MergeError(
        `merge: overlapping shards: ${twin} and ${s.name} are both shard ${s.header.shard.index}/${count}`,
      );
    byIndex.set(s.header.shard.index, s.name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length)
    throw new MergeError(
      `merge: shard ${missing.map((i) => `${i}/${count}`).join(", ")} missing: give all ${count} shards`,
    );
  const owner = new Map<string, string>();
  for (const s of shards)
    for (const key of s.lines.keys()) {
      const other = owner.get(key);
      if (other)
        throw new MergeError(
          `merge: overlapping shards: ${other} and ${s.name} both hold ${describeTrialKey(key)}`,
        );
      owner.set(key, s.name);
    }
}

/**
 * Each case's place in the plan: suites in run order, then cases in their suite's order (every
 * shard's header holds the whole plan).
 */
function planPlaces(header: RunHeader): Map<string, number> {
  const places = new Map<string, number>();
  for (const suite of header.suites) {
    const fingerprint = header.plan?.suites[suite];
    for (const caseId of fingerprint ? caseOrder(fingerprint) : [])
      places.set(suiteCaseKey({ suite, caseId }), places.size);
  }
  return places;
}

/**
 * Merges shard runs into a new run folder under `outDir` (default: beside the first shard). The
 * header is the shards' own (one plan), started when the first shard started, naming the shards.
 */
export async function mergeRuns(
  runs: readonly string[],
  outDir?: string,
  runsDir = ".",
): Promise<MergeResult> {
  const shards: ShardLog[] = [];
  for (const run of runs) shards.push(await readShard(run, runsDir));
  check(shards);
  shards.sort((a, b) => a.header.shard.index - b.header.shard.index);
  const runId = newRunId();
  const first = shards[0] as ShardLog;
  const dir = path.join(path.resolve(outDir ?? path.dirname(path.dirname(first.file))), runId);
  const { shard: _shard, planned: _planned, ...base } = first.header;
  // What all shards planned: a merge of a killed shard is an incomplete run, as that shard was.
  const planned = shards.every((s) => s.header.planned !== undefined)
    ? shards.reduce((sum, s) => sum + (s.header.planned ?? 0), 0)
    : undefined;
  const header: RunHeader = {
    ...base,
    ...(planned !== undefined ? { planned } : {}),
    runId,
    startedAt: shards.map((s) => s.header.startedAt).sort()[0] as string,
    simulated: shards.some((s) => s.header.simulated),
    mergedFrom: shards.map((s) => s.header.runId),
  };
  mkdirSync(dir, { recursive: true });
  // The shards' lines were redacted when their runs wrote them; merging copies them as they are.
  const log = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
  let trials = 0;
  try {
    log.append(header);
    // Every shard's index builds were paid for: the merged run spent them all.
    for (const s of shards) for (const build of s.indexBuilds) log.append({ ...build, runId });
    const sources = shards.map((s) => ({
      file: s.file,
      keeps: (entry: { trial: TrialRecord }, line: number) => s.lines.get(trialKey(entry.trial)) === line,
    }));
    const places = planPlaces(header);
    const place = (t: TrialRecord) => places.get(suiteCaseKey(t)) ?? Number.MAX_SAFE_INTEGER;
    await interleaveShards(sources, place, (trial) => {
      log.append({ ...trial, runId });
      trials++;
    });
    // The judgments made after each shard's trials (pairwise, labelled answers), as they stand
    // (the reader lets a later line for a key win, within a shard as in the merged log).
    for (const s of shards)
      await scanRunLog(s.file, (entry) => {
        if (entry.kind === "judgment") log.append({ ...entry.judgment, runId });
      });
  } finally {
    log.close();
  }
  const incomplete = shards.flatMap((s) =>
    s.header.planned !== undefined && s.lines.size < s.header.planned
      ? [{ name: s.name, trials: s.lines.size, planned: s.header.planned }]
      : [],
  );
  return { runId, dir, header, trials, incomplete };
}
