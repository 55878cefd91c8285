import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/suite.js";
import { CLI, hasBuild } from "./cli.js";

// The default run must need no network but loopback: run it in a fresh network namespace
// (`unshare -rn`: an unprivileged user namespace where only a down `lo` exists; we bring it up).
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function sandbox(command: string): ReturnType<typeof spawnSync> {
  return spawnSync("unshare", ["-rn", "sh", "-c", `ip link set lo up && ${command}`], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
}

function why(): string | null {
  if (!hasBuild) return "dist/ not built";
  const probe = sandbox("true");
  if (probe.error) return `unshare unavailable (${probe.error.message})`;
  if (probe.status !== 0) return `unshare -rn not permitted here: ${String(probe.stderr).trim()}`;
  return null;
}

const skip = why();
if (skip) console.warn(`skipping the network isolation test: ${skip}`);

describe.skipIf(skip !== null)("the default run without a network", () => {
  it("sees no network but loopback inside the sandbox (control)", () => {
    const script =
      "require('net').connect(80,'1.1.1.1').on('connect',()=>{console.log('CONNECTED');process.exit(1)}).on('error',e=>{console.log(e.code);process.exit(0)})";
    const result = sandbox(`${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`);
    expect(result.status).toBe(0);
    expect(String(result.stdout)).toMatch(/ENETUNREACH|EHOSTUNREACH|ENETDOWN/);
  });

  it("runs the shipped config and suites end to end", () => {
    const dir = tempDir("tunebench-offline-");
    cpSync(path.join(ROOT, "eval.config.yaml"), path.join(dir, "eval.config.yaml"));
    cpSync(path.join(ROOT, "suites"), path.join(dir, "suites"), { recursive: true });
    const result = sandbox(
      `cd ${JSON.stringify(dir)} && ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run`,
    );
    // Nothing but the one warning for the suites without notes, which the retrieval strategy runs on,
    // and the progress lines a run without a terminal prints every few seconds on a slow machine.
    const stderr = String(result.stderr).replace(/^progress: [^\n]+\n/gm, "");
    expect(stderr).toMatch(/^(warning: [^\n]+\n)?$/);
    expect(result.status).toBe(0);
    expect(String(result.stdout)).toMatch(/SIMULATED/);
    const runs = readdirSync(path.join(dir, "reports"));
    expect(runs).toHaveLength(1);
    const summary = JSON.parse(
      readFileSync(path.join(dir, "reports", runs[0] as string, "summary.json"), "utf8"),
    );
    expect(summary.totals.trials).toBeGreaterThan(0);
    expect(summary.totals.errors).toBe(0);
  }, 120_000);
});
