import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { MAX } from "../../src/config/limits.js";
import { problemsOf, SUITE } from "./fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

// Every number a config sets has a documented maximum, in the zod shape: `validate` names the
// line, and schema/config.schema.json carries the same `maximum` for editors.
const TOO_BIG = `suites: ["suites/*.yaml"]
endpoints:
  e: { baseURL: "http://127.0.0.1:1/v1", rpm: 1e9, tpm: 1e12 }
strategies:
  prompt: { endpoint: sim, model: sim-base, shots: 1e9, maxTokens: 1e9 }
  retrieval:
    endpoint: sim
    model: sim-base
    topK: 1e6
    chunkTokens: 1e6
    contextTokens: 1e9
    embedding: { endpoint: e, model: m, dimensions: 1e9 }
run: { concurrency: 1e9, repeat: 1e6, timeoutMs: 1e10, maxRetries: 1000 }
sim:
  latencyMs: 1e9
  rpm: 1e9
  tpm: 1e12
  faults: { slowMs: 1e9, retryAfterSeconds: 1e9 }
prices:
  m: { input: 1e9, output: 1e9, cachedInput: 1e9, training: 1e9 }
gates: { maxRegressions: 1e12, maxCostPerCall: 1e12, maxP95LatencyMs: 1e12 }
breakEven: { callsPerDay: 1e15, fixedCosts: 1e15 }
`;

const EXPECTED: [string, number, number][] = [
  ["endpoints.e.rpm", 3, MAX.rpm],
  ["endpoints.e.tpm", 3, MAX.tpm],
  ["strategies.prompt.shots", 5, MAX.shots],
  ["strategies.prompt.maxTokens", 5, MAX.tokens],
  ["strategies.retrieval.topK", 9, MAX.topK],
  ["strategies.retrieval.chunkTokens", 10, MAX.chunkTokens],
  ["strategies.retrieval.contextTokens", 11, MAX.tokens],
  ["strategies.retrieval.embedding.dimensions", 12, MAX.embeddingDimensions],
  ["run.concurrency", 13, MAX.concurrency],
  ["run.repeat", 13, MAX.repeat],
  ["run.timeoutMs", 13, MAX.timeoutMs],
  ["run.maxRetries", 13, MAX.maxRetries],
  ["sim.latencyMs", 15, MAX.delayMs],
  ["sim.rpm", 16, MAX.rpm],
  ["sim.tpm", 17, MAX.tpm],
  ["sim.faults.slowMs", 18, MAX.delayMs],
  ["sim.faults.retryAfterSeconds", 18, MAX.retryAfterSeconds],
  ["prices.m.input", 20, MAX.pricePerMillion],
  ["prices.m.output", 20, MAX.pricePerMillion],
  ["prices.m.cachedInput", 20, MAX.pricePerMillion],
  ["prices.m.training", 20, MAX.pricePerMillion],
  ["gates.maxRegressions", 21, MAX.count],
  ["gates.maxCostPerCall", 21, MAX.dollars],
  ["gates.maxP95LatencyMs", 21, MAX.timeoutMs],
  ["breakEven.callsPerDay", 22, MAX.count],
  ["breakEven.fixedCosts", 22, MAX.dollars],
];

describe("numeric config values are bounded", () => {
  test("each value above its maximum is one problem naming its line and the maximum", async () => {
    const { problems } = await problemsOf({ "eval.config.yaml": TOO_BIG, "suites/a.yaml": SUITE });
    const found = problems.map((p) => [p.path, p.line, p.message]);
    for (const [key, line, max] of EXPECTED)
      expect(found, key).toContainEqual([
        key,
        line,
        expect.stringMatching(new RegExp(`^must be at most ${max}, got `)),
      ]);
    expect(problems).toHaveLength(EXPECTED.length);
  });

  test("a suite's output.maxLength is bounded too", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("  examples:", "  output: { maxLength: 1e12 }\n  examples:"),
    });
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["task.output.maxLength", `must be at most ${MAX.outputLength}, got number 1000000000000`],
    ]);
  });

  test("the maxima at the limit are accepted", async () => {
    const atLimit = `suites: ["suites/*.yaml"]\nrun: { concurrency: ${MAX.concurrency}, repeat: ${MAX.repeat}, timeoutMs: ${MAX.timeoutMs} }\n`;
    const { problems } = await problemsOf({ "eval.config.yaml": atLimit, "suites/a.yaml": SUITE });
    expect(problems).toEqual([]);
  });

  test("schema/config.schema.json carries the same maxima", () => {
    const schema = JSON.parse(readFileSync(path.join(root, "schema/config.schema.json"), "utf8"));
    const run = schema.properties.run.properties;
    expect(run.concurrency.maximum).toBe(MAX.concurrency);
    expect(run.repeat.maximum).toBe(MAX.repeat);
    expect(run.timeoutMs.maximum).toBe(MAX.timeoutMs);
    expect(schema.properties.sim.properties.latencyMs.maximum).toBe(MAX.delayMs);
  });
});
