// A report holds every trial of the run at once, and a long run's records repeat themselves: the
// run id, names, a case's input and hash (once per strategy and repeat), scorers' reasons ("ok:
// JSON"), verdicts, token counts and their prices (a few hundred distinct ones in a run of one
// task). JSON.parse gives each record its own copy of every one; sharing equal values cut the
// heap of 100,000 read trials from 119 to 90 MB, sharing token counts and prices another 16 MB,
// and whole lists of plain scores another 6 MB. Only values no reader changes are shared.
import type { TrialRecord } from "./record.js";

/** Values remembered; older ones are forgotten, so a run of unique values costs no more than this. */
const REMEMBERED = 4096;
/** Longer strings are rarely repeated (answers, judges' reasons): not worth remembering. */
const SHORT = 200;

/** The one empty list records and reports share (frozen: no reader adds to it). */
export const NONE: never[] = [];
Object.freeze(NONE);

/** Equal values, one copy: the first seen of each; all forgotten at once when REMEMBERED are held. */
function memory<T>(): (key: string, value: T) => T {
  const seen = new Map<string, T>();
  return (key, value) => {
    const known = seen.get(key);
    if (known !== undefined) return known;
    if (seen.size >= REMEMBERED) seen.clear();
    seen.set(key, value);
    return value;
  };
}

type Verdict = NonNullable<TrialRecord["verdict"]>;
type Score = TrialRecord["scores"][number];
type Usage = NonNullable<TrialRecord["usage"]>;
type Cost = TrialRecord["cost"];

const tri = (b: boolean | null) => (b === null ? 0 : b ? 1 : 2);
/** formatOk, pass and hallucinated as one of 18 slots. */
const verdictSlot = (v: Verdict) => tri(v.formatOk) * 6 + (v.pass ? 3 : 0) + tri(v.hallucinated);

/** Returns a function that makes a read trial record share its repeated values with earlier ones. */
export function trialSharer(): (trial: TrialRecord) => TrialRecord {
  const strings = memory<string>();
  const tags = memory<string[]>();
  const scores = memory<Score>();
  const scoreLists = memory<Score[]>();
  const usages = memory<Usage>();
  const costs = memory<Cost>();
  const verdicts: (Verdict | undefined)[] = [];
  const text = (value: string) => (value.length > SHORT ? value : strings(value, value));
  return (t) => {
    t.runId = text(t.runId);
    t.suite = text(t.suite);
    t.caseId = text(t.caseId);
    t.input = text(t.input);
    t.strategy = text(t.strategy);
    t.endpoint = text(t.endpoint);
    t.model = text(t.model);
    if (t.caseHash !== undefined) t.caseHash = text(t.caseHash);
    t.caseTags = t.caseTags.length ? tags(t.caseTags.join("\0"), t.caseTags) : NONE;
    if (t.messages.length === 0) t.messages = NONE;
    const u = t.usage;
    if (u) t.usage = usages(`${u.promptTokens},${u.completionTokens},${u.cachedPromptTokens}`, u);
    const c = t.cost;
    t.cost = costs(`${c.total},${c.input},${c.output},${c.embedding}`, c);
    if (t.verdict) {
      const slot = verdictSlot(t.verdict);
      t.verdict = verdicts[slot] ??= t.verdict;
    }
    // A list of plain scores only is shared whole: most trials of a task score alike.
    let list: string | null = "";
    for (let i = 0; i < t.scores.length; i++) {
      const s = t.scores[i] as Score;
      // Plain pass/fail scores only: graded ones, judges' details and costs are the trial's own.
      const plain =
        s.pass !== undefined && s.score === undefined && s.error === undefined && s.details === undefined;
      if (plain && s.cost === undefined && s.reason.length <= SHORT) {
        const key = `${s.scorer}\0${s.pass}\0${s.reason}`;
        t.scores[i] = scores(key, s);
        if (list !== null) list += `${key}\u0001`;
      } else list = null;
    }
    // A reason may hold the separators: reuse a remembered list only when it holds the same scores.
    if (list !== null && t.scores.length) {
      const known = scoreLists(list, t.scores);
      if (known.length === t.scores.length && known.every((s, i) => s === t.scores[i])) t.scores = known;
    }
    return t;
  };
}
