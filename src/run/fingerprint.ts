// Content hashes of what shapes a run's answers, recorded in the run header so a resume can tell
// an edited suite or config from an unchanged one. Hashes are of the parsed values (canonical
// JSON), so a reformatted file or a new comment is no change; a case's hash includes its suite's
// task, so a changed system prompt or example makes every case of the suite stale.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Case, type LoadedConfig, type LoadedSuite, suiteCases } from "../config/index.js";
import { caseOrderField, type SuiteFingerprint } from "../runlog/index.js";
import type { Strategy } from "../strategies/index.js";
import { canonicalJson } from "../text/index.js";

function hash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

/** Portable (forward slashes) and relative to the config, so a moved checkout still resumes. */
function relative(from: string, file: string): string {
  return path.relative(from, file).split(path.sep).join("/");
}

/** `each` sees every case as it streams past (record hashes their questions in the same pass). */
export async function fingerprintSuite(
  suite: LoadedSuite,
  configDir: string,
  each?: (testCase: Case) => void,
): Promise<SuiteFingerprint> {
  const notes = suite.noteFiles.map((f) => [relative(suite.dir, f), readFileSync(f, "utf8")]);
  const task = hash({ canary: suite.canary, task: suite.task, notes });
  const cases: Record<string, string> = {};
  const ids: string[] = [];
  // Cases from files are streamed: only their ids and hashes are kept.
  for await (const c of suiteCases(suite)) {
    cases[c.id] = hash({ task, case: c });
    ids.push(c.id);
    each?.(c);
  }
  return { file: relative(configDir, suite.file), task, cases, ...caseOrderField(cases, ids) };
}

/**
 * What a case asks a model: its input and the task's instructions and output format. A recorded
 * answer stays valid while this holds; expectations, tags, judges, examples and notes may change
 * (they say how answers are scored, or how other strategies build their prompts).
 */
export function questionHash(suite: Pick<LoadedSuite, "task">, testCase: Pick<Case, "input">): string {
  const { system, tunedSystem, output } = suite.task;
  return hash({ system, tunedSystem: tunedSystem ?? null, output, input: testCase.input });
}

/** "endpoints", "prices" and "strategies.<name>" (its settings and the model it calls). */
export function fingerprintConfig(
  loaded: LoadedConfig,
  strategies: readonly Strategy[],
): Record<string, string> {
  const hashes: Record<string, string> = {
    endpoints: hash(loaded.config.endpoints),
    prices: hash(loaded.config.prices),
  };
  for (const s of strategies)
    hashes[`strategies.${s.name}`] = hash({ type: s.type, config: s.config, model: s.model });
  return hashes;
}
