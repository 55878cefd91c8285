import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { action } from "../../src/commands/errors.js";
import { writeReport } from "../../src/commands/report.js";
import { loadConfig } from "../../src/config/index.js";
import { RunLogWriter, TRIALS_FILE } from "../../src/runlog/index.js";
import { runCli } from "../helpers/cli.js";
import { writeProject } from "../helpers/project.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";

// Not shaped like any known key: only the config's apiKeyEnv can tell it is one.
const KEY = "proxy-k3y-5up3r-s3cr3t-2f9c81d7a0";
const CONFIG = `endpoints:
  proxy: { baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: TB_REDACT_KEY }
strategies:
  prompt: { endpoint: proxy, model: m }
`;

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A command that fails the way a deep call can: with an endpoint's echo in its message. */
function failing(program: Command): void {
  program
    .command("boom")
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .action(
      action(async () => {
        throw new Error(`400 {"error":"bad","headers":{"x-proxy":"${KEY}"}}`);
      }),
    );
}

describe("what the CLI prints on failure", () => {
  it("has every key of the command's config removed", async () => {
    vi.stubEnv("TB_REDACT_KEY", KEY);
    const dir = writeProject({ "eval.config.yaml": CONFIG });
    const result = await runCli([failing], ["boom", "-c", path.join(dir, "eval.config.yaml")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'tunebench: internal error: 400 {"error":"bad","headers":{"x-proxy":"***"}}',
    );
    expect(result.stderr).not.toContain(KEY);
  });
});

describe("reports", () => {
  it("of a log that holds a key (written before redaction) show it nowhere", async () => {
    vi.stubEnv("TB_REDACT_KEY", KEY);
    const dir = writeProject({ "eval.config.yaml": CONFIG });
    const runDir = path.join(dir, "reports", "r1");
    mkdirSync(runDir, { recursive: true });
    const log = new RunLogWriter(path.join(runDir, TRIALS_FILE), (text) => text);
    log.append(headerOf(["prompt"]));
    log.append(fakeTrial({ output: `the key is ${KEY}` }));
    log.append(
      fakeTrial({
        caseId: "c2",
        output: null,
        verdict: null,
        error: { kind: "server", status: 500, retryable: true, message: `echo ${KEY}` },
      }),
    );
    log.close();
    expect(readFileSync(path.join(runDir, TRIALS_FILE), "utf8")).toContain(KEY);

    let stdout = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    try {
      await writeReport(runDir, { loaded: await loadConfig(path.join(dir, "eval.config.yaml")) });
    } finally {
      vi.restoreAllMocks();
    }
    expect(stdout).toContain("SIMULATED");
    expect(stdout).not.toContain(KEY);
    const written = readdirSync(runDir).filter((f) => f !== TRIALS_FILE);
    expect(written.sort()).toEqual(["junit.xml", "report.html", "report.json", "report.md", "summary.json"]);
    for (const file of written) expect(readFileSync(path.join(runDir, file), "utf8")).not.toContain(KEY);
    expect(readFileSync(path.join(runDir, "report.json"), "utf8")).toContain("the key is ***");
  });
});
