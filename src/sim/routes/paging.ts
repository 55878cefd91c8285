// The list endpoints' paging (files, fine-tuning jobs, batches): OpenAI's cursor, `after` being the
// last id of the previous page, and a bounded `limit`.
import { badRequest } from "../errors.js";

/** The `limit` query parameter: `fallback` when absent, else a whole number from 1 to `max`. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw badRequest(`Invalid 'limit': expected an integer from 1 to ${max}.`, "limit", "invalid_value");
  return limit;
}

/** The page after the item `after` names (from the start when null; empty for an unknown id). */
export function pageAfter<T extends { id: string }>(list: T[], after: string | null, limit: number) {
  let rest = list;
  if (after !== null) {
    const at = rest.findIndex((item) => item.id === after);
    rest = at < 0 ? [] : rest.slice(at + 1);
  }
  return { data: rest.slice(0, limit), has_more: rest.length > limit };
}
