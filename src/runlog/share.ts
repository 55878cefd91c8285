// A report holds every trial of the run at once, and a long run's records repeat themselves: the
// run id, names, a case's input and hash (once per strategy and repeat), scorers' reasons ("ok:
// JSON"), verdicts. JSON.parse gives each record its own copy of every one; sharing equal values
// holds 100,000 trials in a quarter less memory (119 -> 90 MB). Only values no reader changes are shared.
import type { TrialRecord } from "./record.js";

/** Values remembered; older ones are forgotten, so a run of unique values costs no more than this. */
const REMEMBERED = 4096;
/** Longer strings are rarely repeated (answers, judges' reasons): not worth remembering. */
const SHORT = 200;

/** The one empty list records and reports share (frozen: no reader adds to it). */
export const NONE: never[] = [];
Object.freeze(NONE);

/** Equal values, one copy: the first seen of each, among the last REMEMBERED. */
function memory() {
  const seen = new Map<string, unknown>();
  return <T>(key: string, value: T): T => {
    const known = seen.get(key);
    if (known !== undefined) return known as T;
    if (seen.size >= REMEMBERED) seen.delete(seen.keys().next().value as string);
    seen.set(key, value);
    return value;
  };
}

/** Returns a function that makes a read trial record share its repeated values with earlier ones. */
export function trialSharer(): (trial: TrialRecord) => TrialRecord {
  const remember = memory();
  const text = (value: string) => (value.length > SHORT ? value : remember(value, value));
  return (t) => {
    t.runId = text(t.runId);
    t.suite = text(t.suite);
    t.caseId = text(t.caseId);
    t.input = text(t.input);
    t.strategy = text(t.strategy);
    t.endpoint = text(t.endpoint);
    t.model = text(t.model);
    if (t.caseHash !== undefined) t.caseHash = text(t.caseHash);
    t.caseTags = t.caseTags.length ? remember(`tags\0${t.caseTags.join("\0")}`, t.caseTags) : NONE;
    if (t.messages.length === 0) t.messages = NONE;
    if (t.verdict) {
      const { formatOk, pass, hallucinated } = t.verdict;
      t.verdict = remember(`verdict\0${formatOk}\0${pass}\0${hallucinated}`, t.verdict);
    }
    for (let i = 0; i < t.scores.length; i++) {
      const s = t.scores[i];
      // Plain pass/fail scores only: graded ones, judges' details and costs are the trial's own.
      if (!s || Object.keys(s).length !== 3 || s.pass === undefined || s.reason.length > SHORT) continue;
      t.scores[i] = remember(`score\0${s.scorer}\0${s.pass}\0${s.reason}`, s);
    }
    return t;
  };
}
