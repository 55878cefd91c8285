// Graded scores (a judge's grade normalised to 0..1, a similarity, a custom scorer's score) per
// suite × strategy: the mean over cases with a bootstrap interval, apart from pass/fail.
import { groupKey, type Score, type TrialRecord } from "../runlog/index.js";
import { pairedBootstrapMean } from "../stats/index.js";
import type { GradeRow } from "./model.js";

/** The judge's scale a score was given on (details.scale), or null. */
export function scaleOf(score: Score): [number, number] | null {
  const scale = score.details?.scale;
  return Array.isArray(scale) && scale.length === 2 && scale.every((x) => typeof x === "number")
    ? [scale[0] as number, scale[1] as number]
    : null;
}

/** The scorers of the run that grade: a judge, or any that gave a score. */
export function gradedScorers(trials: readonly TrialRecord[]): string[] {
  const names = new Set<string>();
  for (const t of trials)
    for (const s of t.scores) if (s.score !== undefined || s.scorer === "judge") names.add(s.scorer);
  return [...names];
}

/** One scorer's grade per case (repeats averaged), answered trials only; errors do not count. */
export function caseGrades(trials: Iterable<TrialRecord>, scorer: string): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const t of trials) {
    if (t.error !== null || t.verdict === null) continue;
    const s = t.scores.find((x) => x.scorer === scorer && !x.error && x.score !== undefined);
    if (s?.score === undefined) continue;
    const entry = sums.get(t.caseId) ?? { sum: 0, n: 0 };
    entry.sum += s.score;
    entry.n++;
    sums.set(t.caseId, entry);
  }
  return new Map([...sums].map(([id, { sum, n }]) => [id, sum / n]));
}

/** The one scale every grade of the scorer used, or null (mixed, or none). */
export function commonScale(trials: Iterable<TrialRecord>, scorer: string): [number, number] | null {
  let common: [number, number] | null | undefined;
  for (const t of trials)
    for (const s of t.scores) {
      if (s.scorer !== scorer || s.error) continue;
      const scale = scaleOf(s);
      if (common === undefined) common = scale;
      else if (common?.[0] !== scale?.[0] || common?.[1] !== scale?.[1]) return null;
    }
  return common ?? null;
}

export function gradeRows(trials: readonly TrialRecord[], seed = 1): GradeRow[] {
  const scorers = gradedScorers(trials);
  const groups = new Map<string, TrialRecord[]>();
  for (const t of trials) {
    const key = groupKey(t);
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const rows: GradeRow[] = [];
  for (const list of groups.values()) {
    const { suite, strategy } = list[0] as TrialRecord;
    for (const scorer of scorers) {
      const scores = list.flatMap((t) => t.scores.filter((s) => s.scorer === scorer));
      if (scores.length === 0) continue;
      const perCase = [...caseGrades(list, scorer).values()];
      const { diff, low, high } = pairedBootstrapMean(
        perCase.map(() => 0),
        perCase,
        { seed },
      );
      const decided = scores.filter((s) => !s.error && s.pass !== undefined);
      rows.push({
        suite,
        canary: list.some((t) => t.canary),
        strategy,
        scorer,
        n: perCase.length,
        mean: diff,
        low,
        high,
        scale: commonScale(list, scorer),
        passRate: decided.length ? decided.filter((s) => s.pass).length / decided.length : null,
        errors: scores.filter((s) => s.error).length,
      });
    }
  }
  return rows;
}
