// Table columns every reporter lays out the same way: the console, Markdown and HTML reporters
// only escape the cells and place them.
import { NO_DATA, points } from "../analysis/index.js";

/** How a reporter may lay a column out: numbers right-aligned, verdicts coloured by their value. */
export type ColumnKind = "text" | "num" | "verdict";

export interface Column {
  head: string;
  kind: ColumnKind;
}

export const text = (head: string): Column => ({ head, kind: "text" });
export const num = (head: string): Column => ({ head, kind: "num" });
export const verdict = (head: string): Column => ({ head, kind: "verdict" });

export const heads = (columns: readonly Column[]): string[] => columns.map((c) => c.head);

export const suiteLabel = (suite: string, canary: boolean) => (canary ? `${suite} (canary)` : suite);

/** "−16 pp [−37 pp, +5 pp]": a difference with its interval; with no case answered on both sides there is none, never "0 pp". */
export const delta = (c: { n: number; diff: { value: number; low: number; high: number } }) =>
  c.n === 0 ? NO_DATA : `${points(c.diff.value)} [${points(c.diff.low)}, ${points(c.diff.high)}]`;
