import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerTuneCommand } from "../../src/commands/tune/index.js";
import { readTuneStates } from "../../src/finetune/index.js";
import { projectLayout, readTunedRecords, tuneFiles } from "../../src/project/index.js";
import { runCli } from "../helpers/cli.js";
import { tuningProject, twoTaskProject } from "./project.js";

const tune = (dir: string, ...args: string[]) =>
  runCli([registerTuneCommand], ["tune", ...args, "-c", path.join(dir, "eval.config.yaml")]);

const jobIdIn = (text: string) => /created job (ftjob-\w+)/.exec(text)?.[1] as string;

describe("one model per task: tune --suite", () => {
  it("prepares, starts and follows two tunings side by side; each record says its suites; tune list shows both", async () => {
    const dir = twoTaskProject();
    const layout = projectLayout(dir);
    expect((await tune(dir, "prepare", "--suite", "triage", "--valid-share", "0")).code).toBe(0);
    expect((await tune(dir, "prepare", "-s", "style", "--valid-share", "0")).code).toBe(0);
    const triageFile = tuneFiles(layout, ["triage"]).trainFile;
    expect(triageFile).toBe(path.join(dir, ".tunebench", "tune", "triage", "train.jsonl"));
    const triageLines = readFileSync(triageFile, "utf8").trim().split("\n");
    expect(triageLines).toHaveLength(12);
    expect(triageLines.every((l) => l.includes('"Triage."'))).toBe(true);
    expect(readFileSync(tuneFiles(layout, ["style"]).trainFile, "utf8")).not.toContain("Triage.");
    // Nothing project-wide was written.
    expect(existsSync(layout.trainFile)).toBe(false);

    const triage = await tune(dir, "start", "--suite", "triage", "--yes", "--sim-job-seconds", "0.5");
    expect(triage.code, triage.stderr).toBe(0);
    // A running job of one task does not block a job of another.
    const style = await tune(dir, "start", "--suite", "style", "--yes", "--sim-job-seconds", "0.5");
    expect(style.code, style.stderr).toBe(0);
    expect(style.stdout).toMatch(/follow it: tunebench tune wait --suite style/);
    const styleJob = jobIdIn(style.stdout);
    const pending = await tune(dir, "list");
    expect(pending.stdout).toMatch(/triage\s+sim-base\s+-\s.*(validating_files|queued|running)/);
    // ...but blocks another of its own.
    const again = await tune(dir, "start", "--suite", "triage", "--yes");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/still \w+: `tunebench tune wait --suite triage` follows it/);

    expect((await tune(dir, "wait", "--suite", "triage")).code).toBe(0);
    // By job id, without --suite: the state it was started with says its suites.
    const waited = await tune(dir, "wait", styleJob);
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toMatch(/serves suite style with it/);

    const records = readTunedRecords(layout);
    expect(records.map((r) => r.suites)).toEqual(expect.arrayContaining([["triage"], ["style"]]));
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r.model).toMatch(/^ft:sim-base:/);
      expect(r.trainedTokens).toBeGreaterThan(0);
      expect(r.trainingCost).toBeCloseTo(((r.trainedTokens ?? 0) * 3) / 1e6);
      expect(existsSync(path.join(layout.tunedDir, `${r.jobId}.json`))).toBe(true);
    }
    // The two models learned different data: different token counts.
    expect(records[0]?.trainedTokens).not.toBe(records[1]?.trainedTokens);
    expect(readTuneStates(layout).map((t) => [t.state.suites, t.state.status])).toEqual([
      [["style"], "succeeded"],
      [["triage"], "succeeded"],
    ]);

    const list = await tune(dir, "list");
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^job\s+suites\s+base\s+model\s+date\s+tokens\s+cost\s+status$/);
    expect(lines).toHaveLength(3);
    for (const r of records)
      expect(list.stdout).toMatch(
        new RegExp(
          `${r.jobId}\\s+${r.suites?.[0]}\\s+sim-base\\s+${r.model.replace(/[.:]/g, "\\$&")}\\s.*\\$0\\S*\\s+succeeded`,
        ),
      );
    const json = JSON.parse((await tune(dir, "list", "--json")).stdout) as { suites: string[] }[];
    expect(json.map((r) => r.suites[0]).sort()).toEqual(["style", "triage"]);
  }, 60_000);

  it("--suite naming a canary or an unknown suite: one line, exit 2, nothing written", async () => {
    const dir = tuningProject();
    for (const command of [
      ["prepare"],
      ["start", "--yes"],
      ["validate"],
      ["estimate"],
      ["wait"],
      ["status"],
    ]) {
      const canary = await tune(dir, ...command, "--suite", "canary");
      expect(canary.code, command.join(" ")).toBe(2);
      expect(canary.stderr.trim().split("\n")).toEqual([
        "tunebench: --suite canary: a canary suite is never trained on (it measures what a tuned model forgets); name the suites of the task",
      ]);
      const unknown = await tune(dir, ...command, "--suite", "triag");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.trim().split("\n")).toEqual([
        "tunebench: --suite: unknown suite 'triag'; did you mean 'triage'? (suites: canary, triage)",
      ]);
    }
    expect(existsSync(path.join(dir, ".tunebench"))).toBe(false);
  }, 30_000);

  it("reads the single record of older versions as a project-wide model beside the per-job records", async () => {
    const dir = tuningProject();
    const layout = projectLayout(dir);
    mkdirSync(layout.root, { recursive: true });
    const legacy = {
      schema: "tunebench.tuned/1",
      model: "ft:sim-base:old::1",
      baseModel: "sim-base",
      endpoint: "sim",
      jobId: "ftjob-old",
      trainedTokens: 900,
      estimatedTokens: 900,
      trainingCost: 0.0027,
      finishedAt: "2025-01-01T00:00:00.000Z",
    };
    writeFileSync(layout.legacyTunedRecord, JSON.stringify(legacy));
    expect(readTunedRecords(layout)).toEqual([{ ...legacy, suites: null, deployment: null }]);
    const list = await tune(dir, "list");
    expect(list.stdout).toMatch(
      /ftjob-old\s+\(project-wide\)\s+sim-base\s+ft:sim-base:old::1\s+2025-01-01 00:00\s+900\s+\$0\.0027\s+succeeded/,
    );
    // A broken record is bad input naming the file.
    mkdirSync(layout.tunedDir, { recursive: true });
    writeFileSync(path.join(layout.tunedDir, "ftjob-bad.json"), "{");
    const broken = await tune(dir, "list");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^tunebench: .*ftjob-bad\.json: not JSON \(.*\); delete it or re-run `tunebench tune wait`\n$/,
    );
  });
});
