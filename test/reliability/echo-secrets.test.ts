import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TICKETS, triageSuite, writeProject } from "../helpers/project.js";
import { hasBuild, runCli } from "./cli.js";
import { type EchoServer, echoServer } from "./echo-server.js";

// Two key variables (one not shaped like an OpenAI key, so only its configured value can find it)
// and two configured headers that look secret.
const KEY_A = "proxy-k3y-5up3r-s3cr3t-2f9c81d7a0";
const KEY_B = "sk-tunebench-echo-B-9d8c7b6a5f4e3d2c1b0a";
const TOKEN = "tok-7f3a9c1e55b2d4e6";
const AZURE = "azure0123456789abcdefcafe";
const SECRETS = [KEY_A, KEY_B, TOKEN, AZURE];
// A recognisable piece is a leak too, not just the whole value.
const PIECES = [...SECRETS, "5up3r-s3cr3t", "9d8c7b6a5f4e3d2c", "7f3a9c1e55", "0123456789abcdefcafe"];

const SUITE = triageSuite(
  TICKETS,
  `  notes: notes/*.md
cases:
  - { id: charged, input: "my card got billed two times for the plan", expect: { json: { category: billing } } }
  - { id: crash, input: "settings page makes the app crash on android", expect: { json: { category: bug } } }
  - { id: login, input: "can't log in since I changed my email", expect: { json: { category: account } } }
`,
);

function config(echo: EchoServer): string {
  const endpoint = (mode: string, key: string) =>
    `{ baseURL: "${echo.baseURL(mode)}", apiKeyEnv: ${key}, headers: { X-Proxy-Token: "${TOKEN}", api-key: "${AZURE}" } }`;
  return `suites: [suites/*.yaml]
endpoints:
  ok: ${endpoint("ok", "TB_ECHO_KEY_A")}
  jobfail: ${endpoint("jobfail", "TB_ECHO_KEY_A")}
  e401: ${endpoint("e401", "TB_ECHO_KEY_B")}
  e429: ${endpoint("e429", "TB_ECHO_KEY_B")}
  e500: ${endpoint("e500", "TB_ECHO_KEY_A")}
  e502: ${endpoint("e502", "TB_ECHO_KEY_A")}
strategies:
  prompt: { endpoint: ok, model: echo-base, shots: 2 }
  retrieval: { endpoint: ok, model: echo-base, embedding: { endpoint: ok, model: echo-embed } }
  tuned: { endpoint: ok }
  chat500: { type: baseline, endpoint: e500, model: echo-base }
  chat429: { type: baseline, endpoint: e429, model: echo-base }
  chat502: { type: baseline, endpoint: e502, model: echo-base }
  embed500: { type: retrieval, endpoint: ok, model: echo-base, embedding: { endpoint: e500, model: echo-embed } }
  embed429: { type: retrieval, endpoint: ok, model: echo-base, embedding: { endpoint: e429, model: echo-embed } }
  embed502: { type: retrieval, endpoint: ok, model: echo-base, embedding: { endpoint: e502, model: echo-embed } }
run: { concurrency: 2, maxRetries: 1 }
`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

let echo: EchoServer;
let dir: string;
const env = { TB_ECHO_KEY_A: KEY_A, TB_ECHO_KEY_B: KEY_B };

beforeAll(async () => {
  echo = await echoServer();
  dir = writeProject({
    "eval.config.yaml": config(echo),
    "suites/triage.yaml": SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded within 5 business days.\n",
  });
});
afterAll(() => echo?.close());

/** Runs tunebench in the project and checks that nothing it printed or wrote holds a secret. */
async function clean(args: string[]) {
  const result = await runCli(args, { cwd: dir, env });
  const label = `tunebench ${args.join(" ")}`;
  for (const piece of PIECES) {
    expect(result.stdout.includes(piece), `${piece} on stdout of ${label}:\n${result.stdout}`).toBe(false);
    expect(result.stderr.includes(piece), `${piece} on stderr of ${label}:\n${result.stderr}`).toBe(false);
  }
  // Every file under the project but what the user wrote (config, suites, notes).
  const written = filesUnder(dir).filter(
    (f) => !f.startsWith(path.join(dir, "suites")) && !f.endsWith(".yaml"),
  );
  for (const file of written) {
    const text = readFileSync(file).toString("latin1");
    for (const piece of PIECES)
      expect(text.includes(piece), `${piece} in ${file} after ${label}`).toBe(false);
  }
  return result;
}

describe.skipIf(!hasBuild)(
  "a proxy that echoes the request headers never gets a secret written or printed",
  () => {
    it("fine-tuning: files and jobs, in 200 answers and in error bodies", async () => {
      expect((await clean(["tune", "prepare"])).code).toBe(0);
      const started = await clean(["tune", "start", "--yes", "--wait", "-e", "ok", "-m", "echo-base"]);
      expect(started.code, started.stderr).toBe(0);
      // The echo reached the output (the event's message), redacted.
      expect(started.stdout).toContain("request headers:");
      expect(started.stdout).toContain("***");
      expect(
        readdirSync(path.join(dir, ".tunebench", "tuned")).filter((f) => f.endsWith(".json")),
      ).toHaveLength(1);
      expect(echo.seen.some((r) => r.path === "/files" && r.authorization === `Bearer ${KEY_A}`)).toBe(true);

      const status = await clean(["tune", "status", "-e", "e500"]);
      expect(status.code).not.toBe(0);
      expect(status.stderr).toContain("proxy error");
      for (const endpoint of ["e401", "e429", "e502"]) {
        const failed = await clean(["tune", "start", "--yes", "-e", endpoint, "-m", "echo-base"]);
        expect(failed.code, failed.stderr).not.toBe(0);
        expect(failed.stderr).toMatch(/proxy error|upstream failed/);
      }
      const jobFailed = await clean(["tune", "start", "--yes", "--wait", "-e", "jobfail", "-m", "echo-base"]);
      expect(jobFailed.code).toBe(1);
      expect(readFileSync(path.join(dir, ".tunebench", "tune", "state.json"), "utf8")).toContain(
        "the proxy saw",
      );
    }, 120_000);

    it("runs: chat and embeddings, in 200 answers and in error bodies", async () => {
      const run = await clean(["run", "--strategy", "prompt,retrieval,tuned,chat500,chat429,chat502"]);
      expect([0, 1], run.stderr).toContain(run.code);
      const runDir = path.join(dir, "reports", readdirSync(path.join(dir, "reports"))[0] as string);
      const log = readFileSync(path.join(runDir, "trials.jsonl"), "utf8");
      // The echo was answered and recorded (redacted), and every error kind was met.
      expect(log).toContain("headers");
      expect(log).toContain('"strategy":"tuned"');
      expect(log).toContain('"kind":"server"');
      expect(log).toContain('"kind":"rate_limit"');
      expect(log).toContain("proxy error");
      expect(log).toContain("upstream failed");
      for (const file of ["summary.json", "report.json", "report.md", "report.html", "junit.xml"])
        expect(existsSync(path.join(runDir, file)), file).toBe(true);
      expect(existsSync(path.join(dir, ".tunebench", "cache"))).toBe(true);

      for (const strategy of ["embed500", "embed429", "embed502"]) {
        const failed = await clean(["run", "--strategy", strategy]);
        expect(failed.code, failed.stderr).not.toBe(0);
        expect(failed.stderr).toMatch(/proxy error|upstream failed/);
      }
      expect(echo.seen.filter((r) => r.path === "/embeddings").length).toBeGreaterThan(3);
    }, 120_000);
  },
);
