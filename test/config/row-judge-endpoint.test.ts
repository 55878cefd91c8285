// A case file row's `judge.endpoint` is checked against the config's endpoints when the suite loads,
// as an inline case's is: an unknown one is one line at the row (file:line), exit 2, before anything
// runs, in `run`, `run --dry-run` and `validate` alike, worded as the inline case's problem.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { runCli } from "../helpers/cli.js";
import { row, rowsProject } from "../helpers/rows.js";
import { simulatorPerTest } from "../helpers/sim.js";

const simulator = simulatorPerTest();
const { chatRequests } = simulator;

const UNKNOWN =
  "judge.endpoint: unknown judge endpoint 'graders'; define it under 'endpoints' in the config or use 'sim'";

describe("a case file row's judge on an endpoint the config does not define", () => {
  it("is refused at its row by run, run --dry-run and validate: exit 2, nothing run", async () => {
    const sim = await simulator.start();
    const { dir, rows, config } = rowsProject(sim.url, "run: { cache: false }\n", "sim-judge", "graders");
    // Every row is checked, not only the first setting that judge (r4 sets it too).
    const expected = `${rows}:3:1: ${UNKNOWN}\n${rows}:4:1: ${UNKNOWN}\n`;
    const run = await runCli([registerRunCommand], ["run", "-c", config]);
    expect([run.code, run.stderr]).toEqual([2, expected]);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
    const dry = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run"]);
    expect([dry.code, dry.stderr]).toEqual([2, expected]);
    const selected = await runCli([registerRunCommand], ["run", "-c", config, "--case", "r1"]);
    expect([selected.code, selected.stderr]).toEqual([2, expected]);
    const validate = await runCli([registerValidateCommand], ["validate", "-c", config]);
    expect([validate.code, validate.stderr]).toEqual([2, `${expected}2 problems in 1 file\n`]);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
  });

  it("the rest of a row's judge is checked as an inline case's: a model for a real endpoint, a rubric", async () => {
    const sim = await simulator.start();
    const { rows, config } = rowsProject(sim.url, "", "sim-judge");
    writeFileSync(
      rows,
      [
        row("r1", '"judge": {"rubric": "Billing?", "endpoint": "s"}'),
        row("r2", '"judge": {"scale": [1, 5]}'),
      ].join("\n"),
    );
    const validate = await runCli([registerValidateCommand], ["validate", "-c", config]);
    expect([validate.code, validate.stderr]).toEqual([
      2,
      `${rows}:1:1: judge: the judge needs a model for endpoint 's' (only the built-in sim has a default judge model)\n` +
        `${rows}:2:1: judge: the judge has no rubric: give judge.rubric\n2 problems in 1 file\n`,
    ]);
  });

  it("says what an inline case's judge on that endpoint says", async () => {
    const sim = await simulator.start();
    const { suite, config } = rowsProject(sim.url, "", "sim-judge");
    const judge = '{ rubric: "Is it billing?", endpoint: graders, model: sim-judge }';
    const text = readFileSync(suite, "utf8").replace(/(id: c0, .*) \}$/m, `$1, judge: ${judge} }`);
    writeFileSync(suite, text);
    const validate = await runCli([registerValidateCommand], ["validate", "-c", config]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/^\S+gen\.yaml:\d+:\d+: cases\[0\]\./);
    expect(validate.stderr).toContain(`cases[0].${UNKNOWN}\n`);
  });
});
