// One canonical JSON for everything that compares or hashes values written in any key order.

/** An array-index key, which objects list first whatever the insertion order. */
const isIndex = (key: string) => /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * JSON with every object's keys sorted (undefined members left out, as JSON.stringify does), so
 * the same values read the same however they were written: case hashes, duplicate training lines,
 * equal JSON answers. The bytes of JSON.stringify over objects rebuilt from sorted entries (what
 * case hashes in older run headers were made with), hand-written because that rebuilding was most
 * of the time to fingerprint 100,000 cases.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined || typeof v === "function" ? "null" : canonicalJson(v))).join(",")}]`;
  // In the order JSON.stringify gives an object built from sorted entries: integer keys first.
  const sorted = Object.keys(value).sort();
  const keys = sorted.some(isIndex)
    ? [...sorted.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...sorted.filter((k) => !isIndex(k))]
    : sorted;
  let out = "";
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === "function") continue;
    out += `${out ? "," : ""}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `{${out}}`;
}
