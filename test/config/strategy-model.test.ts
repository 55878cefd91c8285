// A strategy on a real endpoint must name its model: only the built-in simulator has a default
// (`sim-base`), which would otherwise be sent to OpenAI or a local server.
import path from "node:path";
import { expect, test } from "vitest";
import { CONFIG, problemsOf, SUITE } from "./fixtures.js";

const ENDPOINTS = `${CONFIG}endpoints:\n  openai: { baseURL: "https://api.openai.com/v1" }\n`;

test("a non-tuned strategy on an endpoint other than sim needs a model, reported at the strategy", async () => {
  const { dir, problems } = await problemsOf({
    "eval.config.yaml": `${ENDPOINTS}strategies:
  prompt: { endpoint: openai, shots: 2 }
  tuned: { endpoint: openai }
  local: { type: baseline, endpoint: sim }
  mini: { type: retrieval, endpoint: openai, model: gpt-4o-mini }
  typo-less: { endpoint: openai }
`,
    "suites/a.yaml": SUITE,
  });
  expect(problems.filter((p) => p.message.startsWith("model is required"))).toEqual([
    {
      file: path.join(dir, "eval.config.yaml"),
      line: 5,
      column: 3,
      path: "strategies.prompt",
      message: "model is required for endpoint 'openai' (only the built-in sim has a default model)",
    },
  ]);
  // The untyped strategy is reported for its missing type, not also for its model.
  expect(problems.map((p) => p.path)).toEqual(["strategies.prompt", "strategies.typo-less"]);
});

test("a retrieval embedding on an endpoint needs its model (the schema requires it)", async () => {
  const { problems } = await problemsOf({
    "eval.config.yaml": `${ENDPOINTS}strategies:
  retrieval: { endpoint: openai, model: gpt-4o-mini, embedding: { endpoint: openai } }
`,
    "suites/a.yaml": SUITE,
  });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({
    line: 5,
    path: expect.stringMatching(/^strategies\.retrieval\.embedding/),
  });
  expect(problems[0]).toMatchObject({
    path: "strategies.retrieval.embedding.model",
    message: "required (a string)",
  });
});
