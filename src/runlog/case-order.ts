// A suite's case order in a run header. The header keeps each case's hash in an object keyed by
// case id, and a JS object lists the keys that are whole numbers ("2", "10") first, in number
// order, whatever order they were added in: a suite whose cases are "b", "10", "a", "2" would read
// back as "2", "10", "b", "a". Such a fingerprint also records its ids in the suite's order.
import type { SuiteFingerprint } from "./record.js";

/** `order` for a fingerprint whose `cases` were added in the order of `ids`, when they cannot keep it. */
export function caseOrderField(cases: Record<string, string>, ids: string[]): { order?: string[] } {
  const keys = Object.keys(cases);
  return keys.length === ids.length && keys.every((id, i) => id === ids[i]) ? {} : { order: ids };
}

/** The fingerprint's case ids in the suite's order (a header without `order`: its keys' order). */
export function caseOrder(fingerprint: SuiteFingerprint): string[] {
  return fingerprint.order ?? Object.keys(fingerprint.cases);
}

/** The fingerprint without `order`: it restates what `cases` hold, and headers older than it have none. */
export function withoutOrder({
  order: _,
  ...fingerprint
}: SuiteFingerprint): Omit<SuiteFingerprint, "order"> {
  return fingerprint;
}
