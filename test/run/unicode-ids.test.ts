// Case ids in the evaluation set's own script (退款-1, café.2): a run on the simulator, its reports,
// `--case`, and a shard split keep them as written; spaces, slashes, leading punctuation and
// decomposed letters are refused at the id's line.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { suiteJsonSchema } from "../../src/config/index.js";
import { runSuites } from "../../src/run/index.js";
import { loadRun, mergeRuns } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, TICKETS, triageSuite, writeProject } from "../helpers/project.js";
import { JUNIT_XSD } from "../helpers/vendor.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const IDS = ["退款-1", "café.2", "환불_3", "返品.4"];
const cases = `cases:
  - { id: 退款-1, input: "我的卡被扣了两次订阅费", expect: { json: { category: billing } } }
  - { id: café.2, input: "the app crashes when I open settings", expect: { json: { category: bug } } }
  - { file: more.jsonl }
`;
const MORE = [
  { id: "환불_3", input: "forgot my account password", expect: { json: { category: "account" } } },
  { id: "返品.4", input: "What will the weather be on Mars?", expect: { refusal: true } },
];

async function project(): Promise<{ dir: string; config: string }> {
  sim = await startSimulator({ port: 0 });
  const dir = writeProject({
    "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 2, cache: false }\n"),
    "suites/triage.yaml": triageSuite(TICKETS.slice(0, 5), cases),
    "suites/more.jsonl": MORE.map((c) => JSON.stringify(c)).join("\n"),
  });
  return { dir, config: path.join(dir, "eval.config.yaml") };
}

describe("case ids in any script", () => {
  it("run end to end; every report holds them as written", { timeout: 60_000 }, async () => {
    const { dir, config } = await project();
    // A baseline run of one other case: the Markdown report lists case ids as cases added/removed.
    const suite = path.join(dir, "suites/triage.yaml");
    const full = readFileSync(suite, "utf8");
    writeFileSync(
      suite,
      triageSuite(TICKETS.slice(0, 5), `cases:\n  - { id: 旧-0, input: "old", expect: { contains: x } }\n`),
    );
    const baseline = await runSuites({ config });
    writeFileSync(suite, full);
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--reporter", "json,markdown,html,junit", "--baseline", baseline.dir],
    );
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const runId = readdirSync(path.join(dir, "reports")).find((name) => name !== baseline.runId);
    const run = path.join(dir, "reports", runId as string);
    const read = (name: string) => readFileSync(path.join(run, name), "utf8");
    const json = JSON.parse(read("report.json")) as { cases: { caseId: string }[] };
    expect([...new Set(json.cases.map((c) => c.caseId))].sort()).toEqual([...IDS].sort());
    const md = read("report.md");
    expect(md).toContain("- added in `triage/baseline`: café.2, 환불_3, 返品.4, 退款-1\n");
    expect(md).toContain("- removed from `triage/baseline`: 旧-0\n");
    const html = read("report.html");
    const junit = read("junit.xml");
    for (const id of IDS) {
      expect(md, id).toContain(id);
      expect(html, id).toContain(`data-case="${id}"`);
      expect(junit, id).toContain(`<testcase name="${id}"`);
    }
    // UTF-8 and declared so: no file turns them into escapes another tool would show raw.
    expect(html).toContain('<meta charset="utf-8">');
    expect(junit.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(`${md}${html}${junit}`).not.toMatch(/&#x?[0-9a-f]+;.{0,3}(款|afé)|\\u9000/i);
    const xmllint = spawnSync("xmllint", ["--noout", "--schema", JUNIT_XSD, path.join(run, "junit.xml")], {
      encoding: "utf8",
    });
    if (!xmllint.error) expect(xmllint.status, xmllint.stderr).toBe(0);
    expect(readdirSync(run).some((name) => /[^\x20-\x7e]/.test(name))).toBe(false); // no file is named by an id
  });

  it("--case picks one; a shard split and its merge keep every id once", { timeout: 60_000 }, async () => {
    const { config } = await project();
    const picked = await runSuites({ config, cases: { ids: ["triage/café.2"] } });
    expect(new Set((await loadRun(picked.dir)).trials.map((t) => t.caseId))).toEqual(new Set(["café.2"]));

    const shards = [];
    for (const index of [1, 2]) shards.push(await runSuites({ config, shard: { index, count: 2 } }));
    const held = [];
    for (const s of shards) held.push([...new Set((await loadRun(s.dir)).trials.map((t) => t.caseId))]);
    expect(held.flat().sort()).toEqual([...IDS].sort());
    expect(held.every((ids) => ids.length === 2)).toBe(true);
    const merged = await mergeRuns(shards.map((s) => s.dir));
    const trials = (await loadRun(merged.dir)).trials;
    expect([...new Set(trials.map((t) => t.caseId))].sort()).toEqual([...IDS].sort());
    expect(trials).toHaveLength(IDS.length * 2);
  });

  it("the suite JSON Schema editors use takes them and refuses what the loader refuses", () => {
    // ajv, like the editors' schema checkers, reads a pattern as a Unicode regular expression.
    const validate = new Ajv({ strict: false }).compile(suiteJsonSchema());
    const suite = (id: string) =>
      parse(
        triageSuite(TICKETS.slice(0, 5), `cases:\n  - { id: "${id}", input: hi, expect: { contains: x } }\n`),
      );
    for (const id of IDS) expect(validate(suite(id)), id).toBe(true);
    for (const id of ["退款 1", "退款/1", "-退款"]) expect(validate(suite(id)), id).toBe(false);
  });

  it("refuses spaces, slashes, leading punctuation and decomposed letters, at the id", async () => {
    // Decomposed: é as e and a combining accent; 환 as three jamo (letters, but not the NFC form).
    const bad = ["退款 1", "退款/1", "-退款", "cafe\u0301", "환불".normalize("NFD")];
    const dir = writeProject({
      "eval.config.yaml": 'suites: ["suites/*.yaml"]\n',
      "suites/triage.yaml": triageSuite(
        TICKETS.slice(0, 5),
        `cases:\n${bad.map((id) => `  - { id: "${id}", input: hi, expect: { contains: x } }`).join("\n")}\n`,
      ),
    });
    const cli = await runCli(
      [registerValidateCommand],
      ["validate", "--config", path.join(dir, "eval.config.yaml")],
    );
    expect(cli.code).toBe(2);
    const lines = cli.stderr.trimEnd().split("\n");

    expect(lines).toHaveLength(bad.length + 1);
    for (const [i, line] of lines.slice(0, 3).entries())
      expect(line).toMatch(
        new RegExp(
          `triage\\.yaml:${15 + i}:\\d+: cases\\[${i}\\]\\.id: use letters and digits of any script`,
        ),
      );
    // A decomposed id looks right: the line says what is wrong with it and gives the composed form.
    for (const [i, line] of lines.slice(3, -1).entries())
      expect(line).toMatch(
        new RegExp(
          `triage\\.yaml:${18 + i}:\\d+: cases\\[${3 + i}\\]\\.id: "${(bad[3 + i] as string).normalize("NFC")}" is written decomposed \\(NFD: a letter and a separate combining mark\\): write it composed \\(NFC\\), as editors do$`,
        ),
      );
  });
});
