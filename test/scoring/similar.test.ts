// `expect.similar`: cosine similarity to the reference, with the local embedder or an API
// embedder reached through the run's endpoints (its vectors cached on disk, its cost counted apart).
import { afterEach, describe, expect, it } from "vitest";
import { type Case, loadConfig } from "../../src/config/index.js";
import { type Endpoints, openEndpoints } from "../../src/endpoints/index.js";
import { judgingSettings, SCORERS, scoreAnswer, vectorCosine } from "../../src/scoring/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { writeProject } from "../helpers/project.js";
import { makeSuite } from "../helpers/suite.js";

let sim: RunningSimulator | null = null;
let endpoints: Endpoints | null = null;
afterEach(async () => {
  await endpoints?.close();
  await sim?.close();
  endpoints = null;
  sim = null;
});

const REFERENCE = "Refunds reach your card within 7 business days.";
const testCase = (min: number, to?: string): Case => ({
  id: "c1",
  input: "When is my refund back?",
  tags: [],
  expect: { reference: REFERENCE, similar: { min, ...(to ? { to } : {}) } },
});
const scorers = { similar: SCORERS.similar };

describe("similar", () => {
  it("cosine of two vectors, clamped to 0..1", () => {
    expect(vectorCosine([1, 0], [1, 0])).toBe(1);
    expect(vectorCosine([1, 0], [0, 1])).toBe(0);
    expect(vectorCosine([1, 0], [-1, 0])).toBe(0);
    expect(vectorCosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
    expect(vectorCosine([0, 0], [1, 1])).toBe(0);
  });

  it("local embeddings: the same answer is 1, an unrelated one fails the minimum; `to` overrides the reference", async () => {
    const suite = makeSuite();
    const same = await scoreAnswer(REFERENCE, testCase(0.6), { suite }, scorers);
    expect(same.scores[0]).toMatchObject({
      scorer: "similar",
      pass: true,
      reason: "similarity 1 ≥ 0.6 to the reference (local-hash-v1-256)",
    });
    expect(same.scores[0]?.score).toBeCloseTo(1, 6);
    expect(same.scores[0]?.cost).toBeUndefined();
    const other = await scoreAnswer("The weather is sunny in Paris.", testCase(0.6), { suite }, scorers);
    expect(other.scores[0]).toMatchObject({ pass: false });
    expect(other.verdict.pass).toBe(false);
    const to = await scoreAnswer(
      "sunny in Paris",
      testCase(0.3, "It is sunny in Paris."),
      { suite },
      scorers,
    );
    expect(to.scores[0]).toMatchObject({ pass: true });
    expect(to.scores[0]?.reason).toMatch(/to the given text/);
  });

  it("an API embedder through the endpoints: priced as evaluation cost, its vectors cached", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = writeProject({
      "eval.config.yaml": `suites: [suites/*.yaml]
endpoints: { s: { baseURL: "${sim.url}" } }
similarity: { embedding: { endpoint: s, model: sim-embed } }
`,
    });
    const loaded = await loadConfig(`${dir}/eval.config.yaml`);
    endpoints = await openEndpoints(loaded, { names: ["s"] });
    const context = {
      suite: makeSuite(),
      models: endpoints.scoringModels(),
      judging: judgingSettings(loaded.config),
    };
    const embeddings = () => sim?.stats.byRoute["POST /v1/embeddings"] ?? 0;
    const first = await scoreAnswer(REFERENCE, testCase(0.6), context, scorers);
    expect(first.scores[0]).toMatchObject({ pass: true, cost: { calls: 1, cached: 0 } });
    expect(first.scores[0]?.reason).toMatch(/\(http:\/\/127\.0\.0\.1:\d+\/v1\|sim-embed\|default\)$/);
    expect(first.scores[0]?.cost?.spent).toBeGreaterThan(0);
    expect(embeddings()).toBe(1);
    const again = await scoreAnswer(REFERENCE, testCase(0.6), context, scorers);
    expect(embeddings()).toBe(1);
    expect(again.scores[0]).toMatchObject({ pass: true, cost: { calls: 1, cached: 1, spent: 0 } });
  });
});
