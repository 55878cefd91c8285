import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerPlanCommand } from "../../src/commands/plan.js";
import { RunLogWriter, TRIALS_FILE, type TrialRecord } from "../../src/runlog/index.js";
import {
  casesForNonInferiority,
  casesNeeded,
  mulberry32,
  nonInferiority,
  pairedDiffInterval,
} from "../../src/stats/index.js";
import { headerOf } from "../analysis/fixtures.js";
import { STRATEGIES, suite, tunedRun } from "../analysis/questions.fixtures.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/suite.js";
import { runCli as runBuiltCli } from "../reliability/cli.js";

const plan = (...args: string[]) => runCli([registerPlanCommand], ["plan", ...args]);

/** A pilot run log on disk, as `tunebench run` leaves it. */
function pilot(
  trials: TrialRecord[],
  header = headerOf([...STRATEGIES], [...new Set(trials.map((t) => t.suite))]),
) {
  const dir = tempDir("tunebench-pilot-");
  const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
  writer.append(header);
  for (const t of trials) writer.append(t);
  writer.close();
  return dir;
}

/** The table row of a suite (or of the assumptions, "–"), as its cells. */
const row = (stdout: string, first: string) =>
  stdout
    .split("\n")
    .find((line) => line.startsWith(`│ ${first} `))
    ?.split("│")
    .slice(1, -1)
    .map((cell) => cell.trim());

describe("tunebench plan", () => {
  it("from assumptions: the closed form (Connor 1987) at 10% discordance, or the one given", async () => {
    const { stdout, code } = await plan("--drop", "0.05");
    expect(code).toBe(0);
    // 312 and 248 were checked against scipy in test/stats/decide.test.ts.
    expect(casesNeeded(0.05, 0.1)).toBe(312);
    expect(row(stdout, "–")).toEqual(["–", "any pair of strategies", "–", "10.0% (assumed)", "312", "248"]);
    expect(stdout).toContain("10.0% of cases flip between the two (assumed; --discordance to change it)");
    expect(stdout).not.toContain("SIMULATED");

    const other = await plan(
      "--drop",
      "0.1",
      "--discordance",
      "0.3",
      "--power",
      "0.9",
      "--alpha",
      "0.01",
      "--margin",
      "0.08",
    );
    const options = { alpha: 0.01, power: 0.9 };
    expect(row(other.stdout, "–")?.slice(3)).toEqual([
      "30.0% (given)",
      String(casesNeeded(0.1, 0.3, options)),
      String(casesForNonInferiority(0, 0.08, 0.3, options)),
    ]);
  });

  it("the non-inferiority plan gives the maxDrop gate its 80% power (seeded simulation of the gate itself)", () => {
    // No true drop, 10% of cases flipping either way: at the planned n the gate passes 4 times in 5.
    const n = casesForNonInferiority(0, 0.05, 0.1);
    const random = mulberry32(5);
    let passed = 0;
    const reps = 1500;
    for (let r = 0; r < reps; r++) {
      const table = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
      for (let i = 0; i < n; i++) {
        const u = random();
        if (u < 0.05) table.onlyA++;
        else if (u < 0.1) table.onlyB++;
        else if (u < 0.73) table.both++;
        else table.neither++;
      }
      if (nonInferiority(pairedDiffInterval(table, 0.9), 0.05) === "pass") passed++;
    }
    expect(passed / reps).toBeGreaterThan(0.75);
    expect(passed / reps).toBeLessThan(0.85);
  });

  it("from a pilot run: each primary question at its observed discordance, SIMULATED when it was", async () => {
    const { trials, header } = tunedRun();
    const { stdout, code } = await plan(pilot(trials, header), "--drop", "0.05");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^SIMULATED: /);
    // The canary's tuned vs baseline is its forgetting question: 7 of 17 cases flipped.
    const canary = row(stdout, "canary-general");
    expect(canary?.slice(1, 4)).toEqual([
      "tuned vs baseline, the untuned sim-base",
      "17",
      "41.2% (observed)",
    ]);
    expect(canary?.[4]).toBe(casesNeeded(0.05, 7 / 17).toLocaleString("en-US"));
    expect(canary?.[5]).toBe(casesForNonInferiority(0, 0.05, 7 / 17).toLocaleString("en-US"));
    expect(stdout).toContain("Run it with --repeat 3 to measure flakiness.");
  });

  it("a pilot with flaky repeats shows what repeating each case would do instead of adding cases", async () => {
    // 30 cases × 3 repeats; the tuned model passes each case 2 times in 3 where prompt passes 3 of 3.
    const trials = suite(
      "flaky",
      30,
      {
        baseline: () => false,
        prompt: () => true,
        retrieval: () => false,
        tuned: (i, r) => (i + r) % 3 !== 0,
      },
      { repeat: 3 },
    );
    const { stdout } = await plan(pilot(trials), "--drop", "0.05");
    const cells = row(stdout, "flaky");
    const byRepeat = cells?.[6]?.split(", ").map((x) => Number(x.split(": ")[1]?.replace(/,/g, "")));
    expect(byRepeat).toHaveLength(4);
    // More repeats, fewer cases: the flakiness averages out.
    expect(byRepeat?.[0]).toBeGreaterThan(byRepeat?.[2] as number);
    expect(byRepeat?.[2]).toBeGreaterThan(byRepeat?.[3] as number);
  });

  it("bad input: one line, exit 2", async () => {
    const cwd = tempDir("tunebench-plan-");
    const bad = await runBuiltCli(["plan", "--drop", "2"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toMatch(/--drop expects a number above 0 and below 1, got "2"/);
    const missing = await runBuiltCli(["plan", "nope"], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tunebench: .*nope/);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });
});
