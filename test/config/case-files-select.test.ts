// `--case` / `--tag` see the cases of case files as they see inline ones, in a run and in a dry
// run: a file case can be selected, and selecting an inline case does not bring every file case along.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadRun } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { writeProject } from "../helpers/project.js";

const CONFIG = `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
run: { concurrency: 2 }
`;

const SUITE = `name: faq
task:
  system: Answer in one sentence.
  examples:
    - { input: "Do you repair e-bikes?", output: "Yes, the workshop repairs e-bikes." }
cases:
  - { id: inline-1, input: "When are you open?", expect: { contains: "9:00" } }
  - { file: data/cases.jsonl }
  - { file: data/cases.csv }
`;

const JSONL = `${[
  { id: "j1", input: "How much is a flat tyre?", tags: ["price"], expect: { contains: "euros" } },
  { id: "j2", input: "Who founded the shop?", expect: { contains: "Marit" } },
]
  .map((c) => JSON.stringify(c))
  .join("\n")}\n`;

const CSV = `id,input,tags,expect.contains
c1,"What does a service cost, roughly?",price,euros
c2,Do you sell helmets?,,helmets
`;

afterEach(() => {
  process.exitCode = undefined;
});

function project(): string {
  return writeProject({
    "eval.config.yaml": CONFIG,
    "suites/faq.yaml": SUITE,
    "suites/data/cases.jsonl": JSONL,
    "suites/data/cases.csv": CSV,
  });
}

async function run(dir: string, args: string[]) {
  const cli = await runCli(
    [registerRunCommand],
    ["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "json", ...args],
  );
  const out = path.join(dir, "reports");
  const [id] = readdirSync(out);
  const log = await loadRun(path.join(out, id as string));
  return { cli, ids: log.trials.map((t) => t.caseId).sort() };
}

/** The trials column of the dry run's total row. */
const dryTrials = (stdout: string) => Number(/│ total +│ +│ +│ (\d+) +│/.exec(stdout)?.[1]);

describe("--case and --tag with case files", () => {
  it("selects a case of a JSONL or CSV file by id", async () => {
    const { cli, ids } = await run(project(), ["--case", "j2,c2"]);
    expect(cli.stderr).toBe("");
    expect(ids).toEqual(["c2", "j2"]);
  });

  it("selects file cases by tag, and an inline case alone leaves the files out", async () => {
    expect((await run(project(), ["--tag", "price"])).ids).toEqual(["c1", "j1"]);
    expect((await run(project(), ["--case", "faq/inline-1"])).ids).toEqual(["inline-1"]);
  });

  it("names the ids of the files when a --case selects nothing", async () => {
    const dir = project();
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--case", "j3"],
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      "tunebench: --case j3: no case has the id 'j3' in the selected suites; did you mean 'j1'? (ids: inline-1, j1, j2, c1, c2)\n",
    );
  });

  it("a dry run estimates only the selected cases, and rejects a selection of nothing", async () => {
    const dir = project();
    const config = path.join(dir, "eval.config.yaml");
    const all = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run"]);
    expect(dryTrials(all.stdout)).toBe(5);
    const some = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--tag", "price"]);
    expect(dryTrials(some.stdout)).toBe(2);
    const one = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--case", "inline-1"]);
    expect(dryTrials(one.stdout)).toBe(1);
    const none = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--case", "nope"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^tunebench: --case nope: no case has the id 'nope'[^\n]*\n$/);
  });
});
