// A dead key, an unknown model or an exhausted quota stops the endpoint's work at once: the run
// ends with one line that names the endpoint, the status and the fix, and the log keeps every
// finished trial (none of the doomed ones, so --resume runs them once it is fixed).
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { forgetRetrievalIndexes } from "../../src/retrieval/index.js";
import { RunStoppedError, runSuites } from "../../src/run/index.js";
import { loadRun } from "../../src/runlog/index.js";
import { TRIAGE_SUITE, writeProject } from "../helpers/project.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";

const KEY = "sk-tunebench-fatal-SECRET-0123456789abcdef";
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  forgetRetrievalIndexes();
  delete process.env.TB_FATAL_KEY;
});

function project(strategies: string): string {
  return writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]
endpoints: { dead: { baseURL: "${server?.baseURL}", apiKeyEnv: TB_FATAL_KEY } }
strategies:
${strategies}
run: { concurrency: 2, maxRetries: 2, cache: false }
`,
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded within 5 business days.\n",
  });
}

async function stopped(dir: string): Promise<RunStoppedError> {
  process.env.TB_FATAL_KEY = KEY;
  const error = await runSuites({ config: path.join(dir, "eval.config.yaml") }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RunStoppedError);
  const message = (error as Error).message;
  expect(message).not.toContain("SECRET");
  expect(message).not.toContain("\n");
  expect(message).toMatch(/tunebench run --resume \S+/);
  return error as RunStoppedError;
}

describe("a fatal endpoint error stops the run", () => {
  it("an exhausted quota (429 insufficient_quota): not retried, one line, nothing more sent", async () => {
    server = await fakeServer((_req, res) =>
      json(res, 429, {
        error: {
          message: "You exceeded your current quota.",
          type: "insufficient_quota",
          code: "insufficient_quota",
        },
      }),
    );
    const dir = project(
      "  prompt: { endpoint: dead, model: gpt-4o-mini, shots: 2 }\n  baseline: { endpoint: sim }",
    );
    const error = await stopped(dir);
    expect(error.message).toContain(
      'endpoint "dead" answered 429 (rate_limit: You exceeded your current quota.)',
    );
    expect(error.message).toContain(
      "the account's quota is used up: add credit or raise its limit (key in TB_FATAL_KEY)",
    );
    // Two calls in flight at most, none retried; the simulator's trials that finished are kept.
    expect(server.requests.length).toBeLessThanOrEqual(2);
    const log = await loadRun(error.run.dir);
    expect(log.trials.every((t) => t.strategy === "baseline" && t.error === null)).toBe(true);
    expect(error.run.recorded).toBe(log.trials.length);
    expect(error.run.left).toBe(10 - log.trials.length);
  });

  it("an unknown model (404) names the model and the base URL to check", async () => {
    server = await fakeServer((_req, res) =>
      json(res, 404, { error: { message: "The model `gpt-nope` does not exist", code: "model_not_found" } }),
    );
    const error = await stopped(project("  prompt: { endpoint: dead, model: gpt-nope, shots: 2 }"));
    expect(error.message).toContain('endpoint "dead" answered 404');
    expect(error.message).toContain('check the model name "gpt-nope" and endpoints.dead.baseURL');
    expect(error.run).toMatchObject({ recorded: 0, left: 5 });
  });

  it("a rejected key on the embeddings endpoint stops the index build before any chat call", async () => {
    server = await fakeServer((req, res) =>
      json(res, 403, { error: { message: `key ${req.headers.authorization} may not use this model` } }),
    );
    const dir = project(
      "  retrieval: { endpoint: sim, embedding: { endpoint: dead, model: text-embedding-3-small }, topK: 2 }",
    );
    const error = await stopped(dir);
    expect(error.message).toContain('endpoint "dead" answered 403 (auth: key Bearer ***');
    expect(error.message).toContain("check TB_FATAL_KEY: it has no access to this model or project");
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/embeddings"]);
    const log = await loadRun(error.run.dir);
    expect(log.header?.runId).toBeTruthy();
    expect(log.trials).toEqual([]);
  });

  it("an ordinary failure (400) does not stop the run: it is recorded as the trial's error", async () => {
    server = await fakeServer((_req, res) => json(res, 400, { error: { message: "bad request" } }));
    process.env.TB_FATAL_KEY = KEY;
    const dir = project("  prompt: { endpoint: dead, model: gpt-4o-mini, shots: 2 }");
    const result = await runSuites({ config: path.join(dir, "eval.config.yaml") });
    expect(result.recorded).toBe(5);
    expect(server.requests).toHaveLength(5);
    const log = await loadRun(result.dir);
    expect(log.trials.map((t) => t.error?.kind)).toEqual(Array(5).fill("bad_request"));
  });
});
