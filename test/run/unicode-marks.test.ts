// Case ids in scripts that spell words with combining marks (the vowel signs of Hindi, Thai,
// Tamil: \p{M}) run end to end on the simulator; a mark may not come first, where it has no letter
// to sit on, and is refused at the id's line.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { suiteJsonSchema } from "../../src/config/index.js";
import { loadRun } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, TICKETS, triageSuite, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

// हिंदी: two vowel signs and a nasal mark; สวัสดี and தமிழ்: marks mid-word and last.
const IDS = ["हिंदी-1", "ภาษาไทย.2", "தமிழ்_3", "สวัสดี.4"];
const caseLines = (ids: string[]) =>
  `cases:\n${ids.map((id) => `  - { id: "${id}", input: "I was charged twice", expect: { json: { category: billing } } }`).join("\n")}\n`;

describe("case ids with combining marks", () => {
  it("run end to end on the simulator, kept as written", { timeout: 60_000 }, async () => {
    sim = await startSimulator({ port: 0 });
    const dir = writeProject({
      "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 2, cache: false }\n"),
      "suites/triage.yaml": triageSuite(TICKETS.slice(0, 5), caseLines(IDS)),
    });
    const config = path.join(dir, "eval.config.yaml");
    const cli = await runCli([registerRunCommand], ["run", "-c", config, "--reporter", "json,junit"]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const run = path.join(dir, "reports", readdirSync(path.join(dir, "reports"))[0] as string);
    const json = JSON.parse(readFileSync(path.join(run, "report.json"), "utf8")) as {
      cases: { caseId: string }[];
    };
    expect([...new Set(json.cases.map((c) => c.caseId))].sort()).toEqual([...IDS].sort());
    const junit = readFileSync(path.join(run, "junit.xml"), "utf8");
    for (const id of IDS) expect(junit, id).toContain(`<testcase name="${id}"`);
    // --case finds one by suite/id, marks and all.
    const one = await runCli([registerRunCommand], ["run", "-c", config, "--case", `triage/${IDS[0]}`]);
    expect(one.code).toBe(0);
    const picked = readdirSync(path.join(dir, "reports")).find((name) => !run.endsWith(name)) as string;
    const trials = (await loadRun(path.join(dir, "reports", picked))).trials;
    expect(new Set(trials.map((t) => t.caseId))).toEqual(new Set([IDS[0]]));
  });

  it("a leading mark is refused at the id's line; the JSON Schema agrees", async () => {
    const leading = ["\u093fहिंदी", "\u0e34ไทย"]; // ि and ิ with nothing before them
    const dir = writeProject({
      "eval.config.yaml": 'suites: ["suites/*.yaml"]\n',
      "suites/triage.yaml": triageSuite(TICKETS.slice(0, 5), caseLines([...IDS, ...leading])),
    });
    const cli = await runCli(
      [registerValidateCommand],
      ["validate", "--config", path.join(dir, "eval.config.yaml")],
    );
    expect(cli.code).toBe(2);
    const lines = cli.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(leading.length + 1);
    const first = 15 + IDS.length; // triageSuite puts the first case on line 15
    for (const [i, line] of lines.slice(0, -1).entries())
      expect(line).toMatch(
        new RegExp(
          `triage\\.yaml:${first + i}:\\d+: cases\\[${IDS.length + i}\\]\\.id: use letters and digits of any script with their marks`,
        ),
      );
    const validate = new Ajv({ strict: false }).compile(suiteJsonSchema());
    const suite = (id: string) => parse(triageSuite(TICKETS.slice(0, 5), caseLines([id])));
    for (const id of IDS) expect(validate(suite(id)), id).toBe(true);
    for (const id of leading) expect(validate(suite(id)), id).toBe(false);
  });
});
