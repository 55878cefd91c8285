import type { RunHeader, TrialRecord } from "../../src/runlog/index.js";

/** A scored trial record with sensible defaults, for report and summary tests. */
export function fakeTrial(
  partial: Partial<TrialRecord> & { pass?: boolean; formatOk?: boolean | null },
): TrialRecord {
  const { pass = true, formatOk = true, ...rest } = partial;
  return {
    schema: "tunebench.trial/1",
    runId: "r1",
    suite: "demo",
    canary: false,
    caseId: "c1",
    caseTags: [],
    input: "in",
    strategy: "prompt",
    strategyType: "prompt",
    repeat: 0,
    endpoint: "sim",
    model: "sim-base",
    simulated: true,
    messages: [{ role: "user", content: "in" }],
    output: "out",
    usage: { promptTokens: 100, completionTokens: 10, cachedPromptTokens: 0 },
    embeddingTokens: 0,
    cost: { total: 0.001, input: 0.0008, output: 0.0002, embedding: 0 },
    latencyMs: 20,
    scores: [],
    verdict: { pass, formatOk, hallucinated: null },
    error: null,
    cached: false,
    startedAt: "2026-01-01T00:00:00Z",
    ...rest,
  };
}

/** A run log header for `strategies` (a known type where the name is one, else prompt). */
export function headerOf(strategies: string[], suites = ["demo"], extra: Partial<RunHeader> = {}): RunHeader {
  return {
    schema: "tunebench.run/1",
    runId: "r1",
    startedAt: "2026-01-01T00:00:00Z",
    configFile: "eval.config.yaml",
    simulated: true,
    strategies: strategies.map((name) => ({
      name,
      type: (["baseline", "prompt", "retrieval", "tuned"].includes(name)
        ? name
        : "prompt") as RunHeader["strategies"][number]["type"],
      endpoint: "sim",
      model: "sim-base",
    })),
    suites,
    ...extra,
  };
}
