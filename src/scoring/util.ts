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
