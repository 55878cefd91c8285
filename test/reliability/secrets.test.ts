import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";
import { hasBuild, runCli } from "./cli.js";
import { generatedProject } from "./project.js";

const KEY = "sk-tunebench-planted-SECRET-0123456789abcdef";
// Any recognisable piece of it counts as a leak, not just the whole key.
const PIECES = [KEY, "planted-SECRET", "SECRET-0123456789", "0123456789abcdef"];

let sim: RunningSimulator | undefined;
let denied: FakeServer | undefined;
afterEach(async () => {
  await sim?.close();
  await denied?.close();
  sim = undefined;
  denied = undefined;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe.skipIf(!hasBuild)("API keys never leak", () => {
  it("appear in no file the run wrote (log, summary, reports, cache) and not on stdout/stderr", async () => {
    // An endpoint that fails a lot (429, 5xx, resets, cut bodies) and one that rejects the key
    // and echoes it back, as some providers do.
    sim = await startSimulator({
      port: 0,
      faults: { rate429: 0.2, rate5xx: 0.15, rateReset: 0.05, rateTruncate: 0.05, retryAfterSeconds: 0 },
    });
    denied = await fakeServer((req, res) =>
      json(
        res,
        401,
        {
          error: {
            message: `Incorrect API key provided: ${req.headers.authorization?.replace("Bearer ", "")}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          },
        },
        { "x-echo-authorization": String(req.headers.authorization) },
      ),
    );
    const dir = generatedProject(
      `suites: [suites/*.yaml]
endpoints:
  flaky: { baseURL: "${sim.url}", apiKeyEnv: TB_PLANTED_KEY }
  denied: { baseURL: "${denied.baseURL}", apiKeyEnv: TB_PLANTED_KEY }
strategies:
  prompt: { endpoint: flaky, model: sim-base, shots: 2 }
  baseline: { endpoint: denied, model: sim-base }
run: { concurrency: 4, maxRetries: 1 }
gates: { maxErrorRate: 1 }
`,
      30,
    );
    const env = { TB_PLANTED_KEY: KEY, TUNEBENCH_DEBUG: "1" };
    const config = path.join(dir, "eval.config.yaml");
    const flaky = await runCli(["run", "-c", config, "--strategy", "prompt"], { cwd: dir, env });
    expect(flaky.code).toBe(0);
    const [flakyRun] = readdirSync(path.join(dir, "reports"));
    // A rejected key stops the run at once (exit 2) with one line that quotes the answer, redacted.
    const refused = await runCli(["run", "-c", config, "--strategy", "baseline"], { cwd: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('endpoint "denied" answered 401 (auth: Incorrect API key provided');
    const result = { stdout: flaky.stdout + refused.stdout, stderr: flaky.stderr + refused.stderr };

    // The key was really used: the servers saw it.
    expect(denied.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    // And the run really hit errors of every kind worth checking.
    const log = readFileSync(path.join(dir, "reports", flakyRun as string, "trials.jsonl"), "utf8");
    expect(log).toMatch(/"kind":"(rate_limit|server|connection)"/);

    const written = filesUnder(dir).filter((f) => !f.endsWith(".yaml"));
    expect(written.some((f) => f.includes(`${path.sep}.tunebench${path.sep}cache${path.sep}`))).toBe(true);
    expect(written.some((f) => f.endsWith("summary.json"))).toBe(true);
    for (const file of written) {
      const text = readFileSync(file).toString("latin1");
      for (const piece of PIECES) expect(text.includes(piece), `${piece} in ${file}`).toBe(false);
    }
    for (const piece of PIECES) {
      expect(result.stdout).not.toContain(piece);
      expect(result.stderr).not.toContain(piece);
    }
  }, 60_000);

  it("a missing key is named by its variable, never by a value", async () => {
    const dir = generatedProject(
      `suites: [suites/*.yaml]
endpoints: { real: { baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: TB_UNSET_KEY } }
strategies: { prompt: { endpoint: real, model: gpt-4o-mini } }
`,
      2,
    );
    const result = await runCli(["run"], { cwd: dir, env: { TB_UNSET_KEY: "", OPENAI_API_KEY: KEY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("TB_UNSET_KEY");
    for (const piece of PIECES) expect(result.stderr + result.stdout).not.toContain(piece);
  }, 30_000);
});
