// A case file's row may set its own judge (`judge:` in a JSONL row; CSV has no judge column). Its
// rows are all read when the suite loads, so a budget checks their judges' prices before anything
// runs: an unpriced one is refused at its row (file:line), exit 2, nothing called or written.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig } from "../helpers/project.js";
import { row, rowsProject } from "../helpers/rows.js";
import { simulatorPerTest } from "../helpers/sim.js";
import { spentByLine, totalSpent } from "../helpers/spent.js";
import { generatedProject } from "../reliability/project.js";

const simulator = simulatorPerTest();
const { chatRequests } = simulator;

/** The rows project with the simulator started for it. */
async function project(run: string, model: string) {
  const sim = await simulator.start();
  return rowsProject(sim.url, run, model);
}

const refused = (rows: string, budget: string) =>
  `${rows}:3:1: judge: ${budget}: the judge this row sets on endpoint "s" calls mystery-judge, which has no price; add it under prices: in the config\n`;

describe("a budget over a judge a case file's row sets", () => {
  it("--max-cost: refused at the row, before anything is called or written", async () => {
    const { dir, rows, config } = await project("run: { cache: false }\n", "mystery-judge");
    const cli = await runCli([registerRunCommand], ["run", "-c", config, "--max-cost", "1"]);
    expect(cli.stderr).toBe(refused(rows, "--max-cost"));
    expect(cli.code).toBe(2);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
    // The dry run refuses it as the run does.
    const dry = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--max-cost", "1"]);
    expect([dry.code, dry.stderr]).toEqual([2, refused(rows, "--max-cost")]);
  });

  it("--case and --tag: the selected row is still refused at its row", async () => {
    const { dir, rows, config } = await project("run: { cache: false }\n", "mystery-judge");
    for (const select of [
      ["--case", "r3"],
      ["--case", "gen/r3"],
      ["--tag", "own-judge"],
    ]) {
      const cli = await runCli([registerRunCommand], ["run", "-c", config, "--max-cost", "1", ...select]);
      const line = select[0] === "--tag" ? 4 : 3; // r4 carries the tag
      const expected = refused(rows, "--max-cost").replace(":3:1:", `:${line}:1:`);
      expect([cli.code, cli.stderr], select.join(" ")).toEqual([2, expected]);
      const dry = await runCli(
        [registerRunCommand],
        ["run", "-c", config, "--dry-run", "--max-cost", "1", ...select],
      );
      expect([dry.code, dry.stderr], `--dry-run ${select.join(" ")}`).toEqual([2, expected]);
    }
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
  });

  it("run.maxCost: the run and validate both name the row", async () => {
    const { rows, config } = await project("run: { cache: false, maxCost: 1 }\n", "mystery-judge");
    const cli = await runCli([registerRunCommand], ["run", "-c", config]);
    expect([cli.code, cli.stderr]).toEqual([2, refused(rows, "run.maxCost")]);
    const validate = await runCli([registerValidateCommand], ["validate", "-c", config]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toBe(`${refused(rows, "run.maxCost")}1 problem in 1 file\n`);
  });

  it("rows that ask `similar`: the similarity embedder's model needs a price too", async () => {
    const sim = await simulator.start();
    const embedder = "similarity: { embedding: { endpoint: s, model: mystery-embed } }\n";
    const dir = generatedProject(simConfig(sim.url, `${embedder}run: { cache: false }\n`), 3);
    const suite = path.join(dir, "suites", "gen.yaml");
    writeFileSync(suite, `${readFileSync(suite, "utf8")}  - { file: rows.jsonl }\n`);
    writeFileSync(
      path.join(dir, "suites", "rows.jsonl"),
      row("r1", '"expect": {"similar": {"to": "billing", "min": 0.1}}'),
    );
    const config = path.join(dir, "eval.config.yaml");
    const cli = await runCli([registerRunCommand], ["run", "-c", config, "--max-cost", "1"]);
    expect([cli.code, cli.stderr]).toEqual([
      2,
      'tunebench: --max-cost: a judge or embedder on endpoint "s" calls mystery-embed, which has no price; add it under prices: in the config\n',
    ]);
    expect(chatRequests()).toBe(0);
  });

  it("a priced judge in a row is called under the budget, and what it spends is counted", async () => {
    const { config } = await project("run: { cache: false }\n", "sim-judge");
    const run = await runSuites({ config, maxCost: 1, onWarning: () => {} });
    expect(run.budget?.stopped).toBe(false);
    // 2 strategies × 6 cases, and the row's judge grading each strategy's answer to r3 and r4.
    expect(chatRequests()).toBe(16);
    const lines = spentByLine(run.dir);
    expect(lines.filter((l) => l.scoring > 0)).toHaveLength(4);
    expect(run.budget?.spent).toBeCloseTo(totalSpent(run.dir), 10);
  });
});
