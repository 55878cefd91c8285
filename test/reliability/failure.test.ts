// A failure must never read as a pass: a run whose every call fails has no pass rate and fails
// its gates; a dead key stops the run at once (exit 2) and leaves a log that --resume completes.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRun, trialKey } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";
import { hasBuild, runCli } from "./cli.js";
import { generatedProject } from "./project.js";

const KEY = "sk-tunebench-failure-SECRET-0123456789abcdef";

let sim: RunningSimulator | undefined;
let broken: FakeServer | undefined;
afterEach(async () => {
  await sim?.close();
  await broken?.close();
  sim = undefined;
  broken = undefined;
});

function config(baseURL: string, rest = ""): string {
  return `suites: [suites/*.yaml]
endpoints: { e: { baseURL: "${baseURL}", apiKeyEnv: TB_FAILURE_KEY } }
strategies:
  baseline: { endpoint: e, model: sim-base }
  prompt: { endpoint: e, model: sim-base, shots: 2 }
run: { concurrency: 4, maxRetries: 0, cache: false }
${rest}`;
}

/** A chat completion as an OpenAI-compatible server sends it. */
function completion(content: string) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "sim-base",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
  };
}

const runs = (dir: string) => readdirSync(path.join(dir, "reports")).sort();

describe.skipIf(!hasBuild)("a failure never reads as a pass", () => {
  it("every call failing (500) against a good baseline: no data, gates fail, exit 1", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = generatedProject(config(sim.url, "gates: { maxRegressions: 0 }\n"), 20);
    const env = { TB_FAILURE_KEY: KEY };
    const good = await runCli(["run", "--reporter", "json"], { cwd: dir, env });
    expect(good.code).toBe(0);

    // The endpoint now fails every call, echoing the request's key into its error message.
    broken = await fakeServer((req, res) =>
      json(res, 500, {
        error: { message: `upstream broke for ${req.headers.authorization}`, type: "server" },
      }),
    );
    writeFileSync(
      path.join(dir, "eval.config.yaml"),
      config(broken.baseURL, "gates: { maxRegressions: 0 }\n"),
    );
    const before = runs(dir);
    const bad = await runCli(["run", "--baseline", "latest"], { cwd: dir, env });
    // Only the note naming the run `latest` picked.
    expect(bad.stderr).toMatch(/^baseline: latest \(the newest earlier run\) \S+ in \S+, started \S+\n$/);
    expect(bad.code).toBe(1);
    const out = bad.stdout;
    expect(out).not.toMatch(/gates: all \d+ passed/);
    expect(out).not.toContain("0% → 0%");
    // The table and the baseline comparison say "no data", and how many cases were left out.
    expect(out).toMatch(/│ gen\s+│ prompt\s+│ sim-base │ 20\s+│ –\s+│ no data/);
    expect(out).toContain("only cases answered in both runs are compared: 40 cases left out");
    // Every gate on a group without data fails, naming why; the error gate names kind and message.
    expect(out).toContain(
      "FAIL gate maxRegressions on gen/prompt: no data: no case answered in both runs (20 left out)",
    );
    expect(out).toMatch(
      /FAIL gate maxErrorRate on gen\/prompt: measured 1\.00 > threshold 0\.05; 20 of 20 calls failed \(server 500 ×20\); first: upstream broke for Bearer \*\*\*/,
    );
    expect(out).not.toContain("SECRET");

    // The new run's folder (two runs in one second sort by their random suffix, not by time).
    const runDir = path.join(dir, "reports", runs(dir).find((r) => !before.includes(r)) as string);
    const summary = JSON.parse(readFileSync(path.join(runDir, "summary.json"), "utf8"));
    for (const g of summary.groups) expect(g.pass).toMatchObject({ n: 0, rate: null, low: null, high: null });
    const report = JSON.parse(readFileSync(path.join(runDir, "report.json"), "utf8"));
    for (const g of report.baseline.groups) {
      expect(g).toMatchObject({ matched: 0, excluded: 20, passRate: { candidate: null } });
      expect(g.passRate.baseline).toBeNull();
    }
    expect(report.gates.passed).toBe(false);
    for (const file of ["report.md", "report.html"])
      expect(readFileSync(path.join(runDir, file), "utf8")).toContain("no data");
    expect(readFileSync(path.join(runDir, "junit.xml"), "utf8")).toContain("no data");
  }, 60_000);

  it("a revoked key (401) stops the run at once: one line, exit 2, and --resume finishes it", async () => {
    let keyWorks = false;
    broken = await fakeServer((req, res) => {
      if (!keyWorks)
        return json(res, 401, {
          error: {
            message: `Incorrect API key provided: ${req.headers.authorization?.replace("Bearer ", "")}.`,
            type: "invalid_request_error",
            code: "invalid_api_key",
          },
        });
      json(res, 200, completion('{"category":"billing"}'));
    });
    const dir = generatedProject(config(broken.baseURL), 150);
    const env = { TB_FAILURE_KEY: KEY };
    const stopped = await runCli(["run"], { cwd: dir, env });
    expect(stopped.code).toBe(2);
    const lines = stopped.stderr.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).toContain('endpoint "e"');
    expect(line).toContain("401");
    expect(line).toContain("check TB_FAILURE_KEY");
    expect(line).toMatch(/tunebench run --resume \S+/);
    expect(stopped.stderr + stopped.stdout).not.toContain("SECRET");
    // Not 300 calls that all fail: at most the ones already in flight.
    expect(broken.requests.length).toBeLessThanOrEqual(4);

    // The log is closed cleanly and holds no trial of the dead key; resuming runs every trial once.
    const runDir = path.join(dir, "reports", runs(dir)[0] as string);
    const partial = await loadRun(runDir);
    expect(partial.header).not.toBeNull();
    expect(partial.skippedLines).toBe(0);
    expect(partial.trials.filter((t) => t.error)).toEqual([]);
    const sent = broken.requests.length;
    keyWorks = true;
    const resumed = await runCli(["run", "--resume", runs(dir)[0] as string, "--reporter", "json"], {
      cwd: dir,
      env,
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const log = await loadRun(runDir);
    expect(log.trials).toHaveLength(300);
    expect(new Set(log.trials.map(trialKey)).size).toBe(300);
    expect(broken.requests.length - sent).toBe(300 - partial.trials.length);
  }, 60_000);
});
