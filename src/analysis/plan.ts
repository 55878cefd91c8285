// `tunebench plan`: how many cases (and repeats) a suite needs to detect a given drop, from a pilot
// run's observed discordance or from stated assumptions. The closed forms are in stats/power.ts.
import { casesForNonInferiority, casesNeeded } from "../stats/index.js";
import type { Question } from "./model.js";
import { ASSUMED_DISCORDANCE, discordanceAtRepeats, discordanceOf } from "./power.js";

export interface PlanSettings {
  /** The drop in pass rate to detect (two-sided test at alpha). */
  drop: number;
  /** The non-inferiority margin the maxDrop gate uses. */
  margin: number;
  alpha: number;
  power: number;
  /** Overrides the observed (or assumed) discordance. */
  discordance?: number;
}

/** The repeat counts a plan shows when the pilot measured flakiness. */
export const PLAN_REPEATS = [1, 2, 3, 5] as const;

export interface PlanRow {
  /** null: stated assumptions, no pilot run. */
  suite: string | null;
  /** The pair, e.g. "tuned vs prompt, the best untuned strategy". */
  label: string;
  /** Cases the pilot had (0 without a pilot). */
  cases: number;
  /** The discordance planned with, and where it came from. */
  discordance: number;
  source: "observed" | "assumed" | "given" | "raised to the drop";
  /** Cases to detect `drop` with `power` at `alpha` (McNemar, Connor 1987); null when impossible. */
  detect: number | null;
  /** Cases for maxDrop to pass at `margin` when the true drop is 0 (one-sided alpha). */
  nonInferiority: number | null;
  /** With a pilot that ran repeats and saw flaky cases: cases to detect `drop` at k repeats. */
  repeats: { k: number; detect: number | null }[] | null;
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

/** A plan from stated assumptions alone: the discordance given, else the assumed 10 %. */
export function planFromAssumptions(settings: PlanSettings): PlanRow {
  const given = settings.discordance !== undefined;
  return row(
    null,
    "any pair of strategies",
    0,
    given ? (settings.discordance as number) : ASSUMED_DISCORDANCE,
    given ? "given" : "assumed",
    null,
    settings,
  );
}

/**
 * One row per drop question of the pilot (tuned vs the best untuned strategy, forgetting on
 * canaries, regressions against a baseline run), else per "which is best" question of a suite
 * without them; each at its observed discordance unless one is given.
 */
export function planFromQuestions(questions: readonly Question[], settings: PlanSettings): PlanRow[] {
  // Per suite, the most specific question first: a canary's tuned vs baseline is its forgetting question.
  const order: Question["kind"][] = ["forgetting", "tuned", "regression"];
  const asked: Question[] = [];
  for (const suite of new Set(questions.map((q) => q.suite))) {
    const mine = questions.filter((q) => q.suite === suite);
    const drops = order.flatMap((kind) => mine.filter((q) => q.kind === kind));
    asked.push(...(drops.length ? drops : mine.filter((q) => q.kind === "best")));
  }
  const seen = new Set<string>();
  const rows: PlanRow[] = [];
  for (const q of asked) {
    const key = `${q.suite}\0${q.candidate}\0${q.reference}\0${q.kind === "regression"}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const observed = discordanceOf(q);
    const psi = settings.discordance ?? observed.value;
    const source = settings.discordance !== undefined ? "given" : observed.assumed ? "assumed" : "observed";
    rows.push(row(q.suite, q.label, q.n, psi, source, q, settings));
  }
  return rows;
}

function row(
  suite: string | null,
  label: string,
  cases: number,
  discordance: number,
  source: PlanRow["source"],
  q: Question | null,
  s: PlanSettings,
): PlanRow {
  const options = { alpha: s.alpha, power: s.power };
  // A drop of d flips at least d of the cases: a smaller discordance cannot carry it.
  const psi = Math.max(discordance, s.drop);
  const detect = (at: number) => finite(casesNeeded(s.drop, Math.max(at, s.drop), options));
  const flaky = q?.repeatNoise && q.repeatNoise.variance > 0 && s.discordance === undefined;
  return {
    suite,
    label,
    cases,
    discordance: psi,
    source: psi > discordance ? "raised to the drop" : source,
    detect: detect(psi),
    nonInferiority: finite(casesForNonInferiority(0, s.margin, psi, options)),
    repeats:
      flaky && q
        ? PLAN_REPEATS.map((k) => ({ k, detect: detect(discordanceAtRepeats(q, k) as number) }))
        : null,
  };
}
