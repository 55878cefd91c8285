// Before the trials: every strategy prepares every suite (retrieval builds or reuses its index).
// What a build spent is a line of the run log of its own, so the run's spending is complete; the
// builds are returned for a budget to count.
import type { LoadedSuite, Price } from "../config/index.js";
import { INDEX_BUILD_SCHEMA, type IndexBuildRecord, type RunLogWriter } from "../runlog/index.js";
import type { Strategy } from "../strategies/index.js";
import { embeddingCost } from "./execute.js";

export async function prepareSuites(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  context: { runId: string; prices: Record<string, Price>; log: RunLogWriter },
): Promise<IndexBuildRecord[]> {
  const built: IndexBuildRecord[] = [];
  for (const suite of suites)
    for (const strategy of strategies) {
      const spent = await strategy.prepare?.(suite);
      if (!spent?.embeddingModel || spent.embeddingTokens <= 0) continue;
      const build: IndexBuildRecord = {
        schema: INDEX_BUILD_SCHEMA,
        runId: context.runId,
        suite: suite.name,
        strategy: strategy.name,
        embeddingModel: spent.embeddingModel,
        tokens: spent.embeddingTokens,
        cost: embeddingCost(spent.embeddingTokens, spent.embeddingModel, context.prices),
        builtAt: new Date().toISOString(),
      };
      context.log.append(build);
      built.push(build);
    }
  return built;
}
