// A bound for the response cache: it grows with every new prompt, model and repeat, and nothing
// else ever removes an entry. Pruning keeps the newest entries (a rerun of recent work stays free)
// and lets cacache's verify drop what no kept entry points at.
import cacache from "cacache";

export interface CacheInfo {
  entries: number;
  /** Bytes of the cached answers (and embeddings) the entries point at. */
  bytes: number;
  /** When the oldest and newest entries were written; null when the cache is empty. */
  oldest: Date | null;
  newest: Date | null;
}

export interface PruneOptions {
  /** Drop entries written more than this many milliseconds before `now`. */
  olderThanMs?: number;
  /** Then keep the newest entries whose bytes fit in this bound. */
  maxBytes?: number;
  now?: Date;
}

export interface PruneResult {
  before: CacheInfo;
  after: CacheInfo;
  removed: number;
}

type Entry = { key: string; time: number; size: number };

async function entries(dir: string): Promise<Entry[]> {
  const listed = await cacache.ls(dir);
  return Object.values(listed).map((e) => ({ key: e.key, time: e.time, size: e.size ?? 0 }));
}

function infoOf(list: readonly Entry[]): CacheInfo {
  // Folded, not spread: Math.min(...times) overflows the stack past ~120,000 entries.
  const oldest = list.reduce((min, e) => Math.min(min, e.time), Number.POSITIVE_INFINITY);
  const newest = list.reduce((max, e) => Math.max(max, e.time), Number.NEGATIVE_INFINITY);
  return {
    entries: list.length,
    bytes: list.reduce((sum, e) => sum + e.size, 0),
    oldest: list.length ? new Date(oldest) : null,
    newest: list.length ? new Date(newest) : null,
  };
}

/** Size and entry count of the cache at `dir` (an absent folder is an empty cache). */
export async function cacheInfo(dir: string): Promise<CacheInfo> {
  return infoOf(await entries(dir));
}

/** The entries to keep: younger than the age bound, then the newest that fit in the size bound. */
export function entriesToKeep<E extends Entry>(list: readonly E[], options: PruneOptions): E[] {
  const now = (options.now ?? new Date()).getTime();
  const young = list.filter((e) => options.olderThanMs === undefined || now - e.time <= options.olderThanMs);
  const newestFirst = [...young].sort((a, b) => b.time - a.time || a.key.localeCompare(b.key));
  if (options.maxBytes === undefined) return newestFirst;
  const kept: E[] = [];
  let bytes = 0;
  for (const e of newestFirst) {
    if (bytes + e.size > options.maxBytes) break;
    bytes += e.size;
    kept.push(e);
  }
  return kept;
}

/** Removes what `entriesToKeep` does not keep, and the content no kept entry points at. */
export async function pruneCache(dir: string, options: PruneOptions): Promise<PruneResult> {
  const list = await entries(dir);
  const kept = entriesToKeep(list, options);
  const keep = new Set(kept.map((e) => e.key));
  // cacache calls `filter` with each entry (lib/verify.js); @types/cacache types it as a string.
  const filter = ((e: { key: string }) => keep.has(e.key)) as unknown as string;
  if (kept.length < list.length) await cacache.verify(dir, { filter });
  return { before: infoOf(list), after: await cacheInfo(dir), removed: list.length - kept.length };
}
