// `run --shard i/n`: a deterministic split of the plan by case, so n CI jobs share one evaluation.
// Every strategy and repeat of a case land in the same shard (pairs stay paired); cases are dealt
// round-robin in plan order, so shards differ in size by one case at most. The header records the
// shard beside the plan (config and suite hashes), which `tunebench merge` checks.
import { InputError } from "../config/index.js";
import type { RunHeader } from "../runlog/index.js";
import type { CaseFilter } from "./plan.js";

export type Shard = NonNullable<RunHeader["shard"]>;

/** The cases of one shard: every count-th case of the plan, starting at the index-th. */
export function shardFilter(shard: Shard): CaseFilter {
  return (_suite, _case, at) => at % shard.count === shard.index - 1;
}

/** A resumed run keeps its shard; asking for another one is bad input. */
export function checkResumedShard(asked: Shard | undefined, resumed: RunHeader | null | undefined): void {
  if (!asked || !resumed) return;
  const had = resumed.shard;
  if (!had || had.index !== asked.index || had.count !== asked.count)
    throw new InputError(
      `--shard ${asked.index}/${asked.count}: run ${resumed.runId} is ${had ? `shard ${had.index}/${had.count}` : "not a shard"}; resume it without --shard`,
    );
}
