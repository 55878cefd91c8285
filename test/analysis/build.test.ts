// Reading run logs for a report: malformed records are bad input (exit 2) naming file and line; a
// torn last line is skipped and counted; `run --baseline latest --resume` never picks the run itself.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildReport, ReportInputError } from "../../src/analysis/index.js";
import { registerReportCommand, resolveRunBaseline } from "../../src/commands/report.js";
import { loadConfig } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/suite.js";
import { fakeTrial } from "../helpers/trial.js";
import { headerOf } from "./fixtures.js";

function runDir(lines: string[], dir = tempDir("tunebench-log-")): { dir: string; file: string } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "trials.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { dir, file };
}

const good = [
  JSON.stringify(headerOf(["prompt"])),
  JSON.stringify(fakeTrial({ caseId: "a" })),
  JSON.stringify(fakeTrial({ caseId: "b", pass: false })),
];

const reportCli = (args: string[]) => runCli([registerReportCommand], args);

afterEach(() => {
  process.exitCode = undefined;
});

describe("loading a run log for a report", () => {
  it("names file and line and what is missing when a trial record is malformed", async () => {
    const { dir, file } = runDir([...good, '{"schema":"tunebench.trial/1","suite":"x"}']);
    const error = await buildReport(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportInputError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4: not a tunebench\\.trial/1 record: missing runId, canary, caseId`,
      ),
    );
  });

  it("names a field of the wrong type", async () => {
    const wrong = { ...fakeTrial({ caseId: "c" }), repeat: "0", cost: { total: "cheap" } };
    const { dir } = runDir([...good, JSON.stringify(wrong)]);
    await expect(buildReport(dir)).rejects.toThrow(
      /trials\.jsonl:4: not a tunebench\.trial\/1 record: missing cost\.input, cost\.output, cost\.embedding; repeat: expected number, received string; cost\.total: expected number, received string/,
    );
  });

  it("rejects a line that is JSON but no record, and a malformed run header", async () => {
    await expect(buildReport(runDir([...good, "[1, 2]"]).dir)).rejects.toThrow(
      /:4: not a tunebench\.trial\/1 record: a JSON array, not an object/,
    );
    await expect(buildReport(runDir([...good, '{"suite":"x"}']).dir)).rejects.toThrow(
      /:4: .*no 'schema' field/,
    );
    const header = JSON.stringify({ ...headerOf(["prompt"]), strategies: "prompt" });
    await expect(buildReport(runDir([header, ...good.slice(1)]).dir)).rejects.toThrow(
      /:1: not a tunebench\.run\/1 record: strategies: expected array, received string/,
    );
  });

  it("skips a torn last line and counts it", async () => {
    const { dir, file } = runDir(good);
    appendFileSync(file, '{"schema":"tunebench.trial/1","suite":"demo","ca');
    const report = await buildReport(dir);
    expect(report.run.skippedLines).toBe(1);
    expect(report.summary.totals.trials).toBe(2);
  });

  it("`tunebench report` exits 2 on a malformed record, with one line and no stack", async () => {
    const { dir } = runDir([...good, '{"schema":"tunebench.trial/1","suite":"x"}']);
    const { code, stderr } = await reportCli(["report", dir, "--reporter", "json"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tunebench: .*trials\.jsonl:4: not a tunebench\.trial\/1 record: missing /);
    expect(stderr).not.toContain("internal error");
  });
});

describe("run --baseline latest with --resume", () => {
  it("never picks the resumed run itself, however it is named", async () => {
    const project = tempDir("tunebench-resume-baseline-");
    const config = path.join(project, "eval.config.yaml");
    writeFileSync(config, "suites: [suites/*.yaml]\n");
    const reports = path.join(project, "reports");
    for (const id of ["20260101-000000-aaaa", "20260102-000000-bbbb", "20260103-000000-cccc"])
      runDir(good, path.join(reports, id));
    const older = path.join(reports, "20260101-000000-aaaa");
    const resumed = path.join(reports, "20260102-000000-bbbb");
    for (const resume of ["20260102-000000-bbbb", resumed, path.join(resumed, "trials.jsonl")])
      expect(await resolveRunBaseline("latest", await loadConfig(config), undefined, resume)).toBe(older);
    // Without --resume, the newest run is the baseline of a new run.
    expect(await resolveRunBaseline("latest", await loadConfig(config), undefined)).toBe(
      path.join(reports, "20260103-000000-cccc"),
    );
  });

  it("orders runs started in the same second by their start time, not by the id's random suffix", async () => {
    const project = tempDir("tunebench-same-second-");
    const config = path.join(project, "eval.config.yaml");
    writeFileSync(config, "suites: [suites/*.yaml]\n");
    const reports = path.join(project, "reports");
    const log = (startedAt: string) => [
      JSON.stringify(headerOf(["prompt"], ["demo"], { startedAt })),
      ...good.slice(1),
    ];
    const first = runDir(log("2026-01-01T00:00:00.100Z"), path.join(reports, "20260101-000000-ffff")).dir;
    const second = runDir(log("2026-01-01T00:00:00.900Z"), path.join(reports, "20260101-000000-0000")).dir;
    expect(await resolveRunBaseline("latest", await loadConfig(config), undefined)).toBe(second);
    expect(await resolveRunBaseline("latest", await loadConfig(config), undefined, second)).toBe(first);
    await expect(resolveRunBaseline("latest", await loadConfig(config), undefined, first)).rejects.toThrow(
      /no earlier run/,
    );
  });
});
