// Part of the run log contract: a line for a retrieval index built during the run. Embedding the
// notes costs tokens outside any trial; recording them makes the run's spending (and the one-off
// cost of the retrieval alternative in break-even) complete. A reused index costs nothing and
// writes no line.
import { z } from "zod";

export const INDEX_BUILD_SCHEMA = "tunebench.index/1" as const;

export const IndexBuildShape = z.object({
  schema: z.literal(INDEX_BUILD_SCHEMA),
  runId: z.string(),
  suite: z.string(),
  /** The retrieval strategy whose index it is. */
  strategy: z.string(),
  /** The embedding model, as priced. */
  embeddingModel: z.string(),
  tokens: z.number().nonnegative(),
  /** Dollars; null when the embedding model has no known price. */
  cost: z.number().nullable(),
  builtAt: z.string(),
});

export type IndexBuildRecord = z.infer<typeof IndexBuildShape>;
