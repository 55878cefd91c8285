// Which judge grades a case: the project's default, the suite's and the case's settings merged
// (src/config/judge-schema.ts), with the defaults filled in. A suite or case opts in with `judge:`.
import {
  type Case,
  type Config,
  DEFAULT_SCALE,
  defaultPass,
  type LoadedSuite,
  mergeJudge,
  type RowPlace,
  type Scale,
} from "../../config/index.js";
import { SIM_JUDGE_MODEL } from "../../project/index.js";
import { agreementMode } from "../agreement-mode.js";
import type { JudgingSettings } from "../types.js";

const SIM = "sim";

export interface ResolvedJudge {
  endpoint: string;
  model: string;
  rubric: string;
  scale: Scale;
  /** Lowest score that passes. */
  pass: number;
}

export function judgingSettings(config: Config, repeat?: number): JudgingSettings {
  return {
    ...(config.judge ? { judge: config.judge } : {}),
    repeat: repeat ?? config.run.judgeRepeat,
    embedding: config.similarity?.embedding ?? "local",
    agreement: config.agreement,
  };
}

/** The judge of a case, or null when neither its suite nor the case asks for one. */
export function resolveJudge(
  settings: JudgingSettings | undefined,
  suite: Pick<LoadedSuite, "judge">,
  testCase?: Pick<Case, "judge">,
): ResolvedJudge | null {
  if (!suite.judge && !testCase?.judge) return null;
  const merged = mergeJudge(settings?.judge, suite.judge, testCase?.judge);
  // Loading rejects a judge without a rubric, and a real endpoint without a model.
  if (merged.rubric === undefined) return null;
  const endpoint = merged.endpoint ?? SIM;
  const scale = merged.scale ?? DEFAULT_SCALE;
  return {
    endpoint,
    model: merged.model ?? SIM_JUDGE_MODEL,
    rubric: merged.rubric,
    scale,
    pass: merged.pass ?? defaultPass(scale),
  };
}

/** The reference judge's question when answers are matched against a recorded model's (`agreement: { mode: judge }`). */
export const AGREEMENT_RUBRIC =
  "Does the answer say the same as the reference answer: the same decision, facts or values (wording may differ)?";

/** The judge of `agreement: { mode: judge }`: the project's judge (endpoint, model, scale, pass) with the agreement rubric. */
export function agreementJudge(settings: JudgingSettings | undefined): ResolvedJudge {
  // A judge with a rubric always resolves: the defaults are filled in as for any suite's judge.
  return resolveJudge(settings, { judge: { rubric: AGREEMENT_RUBRIC } }) as ResolvedJudge;
}

/** A model a scorer calls (a judge's, an API embedder's) and the endpoint it is on. */
export interface ScorerCall {
  endpoint: string;
  model: string;
  /** The row of a case file that set it (a row's judge). */
  row?: RowPlace;
}

/**
 * What the scorers of these suites may call: the endpoints to open (and key-check) before the first
 * trial, and the models a budget must have prices for. The agreement settings' calls only when
 * answers are matched against a `recorded` strategy, and its embedder only when some suite's mode
 * embeds: otherwise nothing calls them, and a simulated one would mark a real run SIMULATED. The
 * rows of case files are streamed: the judges they set were gathered when the suite loaded.
 */
export function scorerCalls(
  settings: JudgingSettings,
  suites: readonly LoadedSuite[],
  recorded: boolean,
): ScorerCall[] {
  const calls: ScorerCall[] = [];
  for (const suite of suites) {
    const suiteJudge = resolveJudge(settings, suite);
    if (suiteJudge) calls.push(suiteJudge);
    for (const c of suite.cases) {
      const judge = c.judge ? resolveJudge(settings, suite, c) : null;
      // A case file's row held as an inline case (a selection) is still named at its row.
      const row = suite.rows?.get(c.id);
      if (judge) calls.push(row ? { endpoint: judge.endpoint, model: judge.model, row } : judge);
    }
    for (const { file, judges } of suite.caseFiles ?? [])
      for (const { line, judge } of judges) {
        const resolved = resolveJudge(settings, suite, { judge });
        if (resolved) calls.push({ endpoint: resolved.endpoint, model: resolved.model, row: { file, line } });
      }
    const similar = suite.cases.some((c) => c.expect.similar) || suite.caseFiles?.some((f) => f.similar);
    if (similar && settings.embedding !== "local") calls.push(settings.embedding);
  }
  // Agreement with a recorded model may ask the judge, or embed answers on a suite where it
  // compares by similarity (`similar`, or `auto` on a free-text task; `auto` on JSON never embeds).
  const agreement = recorded ? settings.agreement : undefined;
  if (agreement?.mode === "judge") calls.push(agreementJudge(settings));
  if (
    agreement &&
    agreement.embedding !== "local" &&
    suites.some((suite) => agreementMode(agreement, suite) === "similar")
  )
    calls.push(agreement.embedding);
  return calls;
}

/** The endpoints of scorerCalls: opened before the first trial. */
export const judgeEndpoints = (...args: Parameters<typeof scorerCalls>): Set<string> =>
  new Set(scorerCalls(...args).map((call) => call.endpoint));
