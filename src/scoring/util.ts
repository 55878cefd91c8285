/** Shortens text for a reason string: reasons end up in table cells and JUnit messages. */
export function truncate(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  const chars = [...oneLine];
  return chars.length <= max ? oneLine : `${chars.slice(0, max - 1).join("")}…`;
}

/** Quoted, truncated rendering of a model output for "expected X, got Y" messages. */
export function quote(text: string, max = 80): string {
  return JSON.stringify(truncate(text, max));
}

export function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const regexCache = new Map<string, RegExp | Error>();

/**
 * Compiles a user-written pattern once. No `u` flag: suites are written by people who expect the
 * forgiving classic syntax (e.g. `\-` outside a class), and the `u` flag rejects that.
 * An invalid pattern comes back as an Error so one bad suite entry fails its checks instead of
 * aborting a run that already paid for its model calls.
 */
export function compileRegex(pattern: string, ignoreCase = false): RegExp | Error {
  const key = `${ignoreCase ? "i" : "-"}${pattern}`;
  let compiled = regexCache.get(key);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern, ignoreCase ? "i" : "");
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    regexCache.set(key, compiled);
  }
  return compiled;
}
