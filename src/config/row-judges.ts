// The judges a case file's rows set. A file holds few distinct judges however many rows set one,
// so each is checked once (at the first row setting it) and kept once, for a budget to price: a
// 100,000-row file of judged rows loads as fast as one without judges.
import { checkRowJudge, type JudgeContext } from "./judge-checks.js";
import type { Judge } from "./judge-schema.js";
import type { PathKey } from "./problem.js";
import type { CaseFileInfo } from "./suite-schema.js";

/**
 * What a row's judge is checked against: the suite's judge, and the config (its endpoints and
 * judge: when the suite loads; a row read again as the run streams it was checked then).
 */
export interface RowJudging {
  suite?: Judge | undefined;
  context?: JudgeContext;
}

/** What a judge's check found: the key path in the row and the message. */
export type JudgeFinding = { at: PathKey[]; message: string };

/**
 * What a row's judge is known by: all its check reads (endpoint, model, scale, pass, whether it
 * has a rubric) and all a budget prices; the rubric's words change neither.
 */
const judgeKey = (judge: Judge) =>
  JSON.stringify([judge.endpoint, judge.model, judge.rubric !== undefined, judge.scale, judge.pass]);

export function rowJudges(judging: RowJudging) {
  const judges = new Map<string, { line: number; judge: Judge; found: JudgeFinding[] }>();
  return {
    /** What the row's judge's check found (the same for every row setting that judge). */
    check(judge: Judge, line: number): readonly JudgeFinding[] {
      const key = judgeKey(judge);
      const known = judges.get(key);
      if (known) return known.found;
      const found: JudgeFinding[] = [];
      if (judging.context)
        checkRowJudge(judge, judging.suite, judging.context, (at, message) => found.push({ at, message }));
      judges.set(key, { line, judge, found });
      return found;
    },
    /** One per distinct judge, with the first row setting it. */
    list: (): CaseFileInfo["judges"] => [...judges.values()].map(({ line, judge }) => ({ line, judge })),
  };
}
