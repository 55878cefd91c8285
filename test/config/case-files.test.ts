import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { CsvParser, parseCsv } from "../../src/config/csv.js";
import { allCases, caseCount, loadConfig, loadSuites } from "../../src/config/index.js";
import { loadRun, runSuites } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { writeProject } from "../helpers/project.js";

const CONFIG = `suites: [suites/*.yaml]
strategies:
  prompt: { endpoint: sim, shots: 2 }
run: { concurrency: 4 }
`;

const suite = (cases: string) => `name: triage
task:
  system: Classify the support ticket. Reply with JSON.
  output: { format: json }
  examples:
    - { input: "I was charged twice", output: '{"category":"billing"}' }
    - { input: "The app crashes on start", output: '{"category":"bug"}' }
cases:
${cases}`;

const JSONL = [
  { id: "j1", input: "double charge on my card", expect: { json: { category: "billing" } } },
  { id: "j2", input: "crash when I open the app", tags: ["mobile"], expect: { json: { category: "bug" } } },
]
  .map((c) => JSON.stringify(c))
  .join("\n");

// A quoted input with a comma and a line break, tags as a;b, expect as columns and as JSON.
const CSV = `id,input,tags,expect.contains,expect
c1,"refund, please
I was charged twice",billing;urgent,billing,
c2,the app crashes,,,"{""json"": {""category"": ""bug""}}"
`;

afterEach(() => {
  process.exitCode = undefined;
});

async function load(files: Record<string, string>) {
  const dir = writeProject({ "eval.config.yaml": CONFIG, ...files });
  const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
  return { dir, loaded, suites: await loadSuites(loaded) };
}

describe("cases from JSONL and CSV files", () => {
  it("reads inline cases, then each file's rows, checked with the case shape", async () => {
    const { suites } = await load({
      "suites/triage.yaml":
        suite(`  - { id: inline, input: "reset my password", expect: { contains: account } }
  - { file: data/cases.jsonl }
  - { file: data/cases.csv }
`),
      "suites/data/cases.jsonl": `${JSONL}\n`,
      "suites/data/cases.csv": CSV,
    });
    const [s] = suites;
    if (!s) throw new Error("no suite");
    expect(caseCount(s)).toBe(5);
    // Inline cases are held; file cases are not (they stream when a run needs them).
    expect(s.cases.map((c) => c.id)).toEqual(["inline"]);
    const cases = await allCases(s);
    expect(cases.map((c) => c.id)).toEqual(["inline", "j1", "j2", "c1", "c2"]);
    expect(cases[2]).toEqual({
      id: "j2",
      input: "crash when I open the app",
      tags: ["mobile"],
      expect: { json: { category: "bug" } },
    });
    expect(cases[3]).toEqual({
      id: "c1",
      input: "refund, please\nI was charged twice",
      tags: ["billing", "urgent"],
      expect: { contains: "billing" },
    });
    expect(cases[4]?.expect).toEqual({ json: { category: "bug" } });
  });

  it("accepts `cases: { file }` alone, and a run covers every row", async () => {
    const { dir } = await load({
      "suites/triage.yaml": suite("  file: cases.jsonl\n"),
      "suites/cases.jsonl": JSONL,
    });
    const result = await runSuites({ config: path.join(dir, "eval.config.yaml") });
    const run = await loadRun(result.dir);
    expect(run.trials.map((t) => t.caseId).sort()).toEqual(["j1", "j2"]);
    expect(run.trials.find((t) => t.caseId === "j2")?.caseTags).toEqual(["mobile"]);
  });

  it("names file:line and the field of every bad row; exit 2 from validate", async () => {
    const dir = writeProject({
      "eval.config.yaml": CONFIG,
      "suites/triage.yaml": suite(
        "  - { id: inline, input: hi, expect: { contains: x } }\n  - { file: cases.jsonl }\n",
      ),
      "suites/cases.jsonl": [
        JSON.stringify({ id: "ok", input: "fine", expect: { equals: "a" } }),
        "",
        "{not json",
        JSON.stringify({ id: "no-input", expect: { equals: "a" } }),
        JSON.stringify({ id: "typo", input: "x", expect: { contians: "a" } }),
        JSON.stringify({ id: "inline", input: "x", expect: { equals: "a" } }),
        JSON.stringify({ id: "empty", input: "x", expect: {} }),
      ].join("\n"),
    });
    const { stderr, code } = await runCli(
      [registerValidateCommand],
      ["validate", "--config", path.join(dir, "eval.config.yaml")],
    );
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split("\n");
    expect(lines.slice(0, -1)).toEqual([
      expect.stringMatching(/cases\.jsonl:3:1: not valid JSON/),
      expect.stringMatching(/cases\.jsonl:4:1: input: required/),
      expect.stringMatching(/cases\.jsonl:5:1: expect\.contians: unknown key; did you mean 'contains'\?$/),
      expect.stringMatching(
        /cases\.jsonl:6:1: id: repeated case id 'inline' \(first at .*triage\.yaml:9:1\)/,
      ),
      expect.stringMatching(/cases\.jsonl:7:1: expect: expect is empty/),
    ]);
    expect(lines.at(-1)).toBe("5 problems in 1 file");
  });

  it("a missing case file or a wrong extension is a problem at the suite's line", async () => {
    const validate = async (cases: string) => {
      const dir = writeProject({ "eval.config.yaml": CONFIG, "suites/triage.yaml": suite(cases) });
      return runCli([registerValidateCommand], ["validate", "--config", path.join(dir, "eval.config.yaml")]);
    };
    const missing = await validate(
      "  - { id: a, input: b, expect: { equals: c } }\n  - { file: nope.jsonl }\n",
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /triage\.yaml:10:\d+: cases\[1\]\.file: case file not found: .*nope\.jsonl/,
    );
    const wrong = await validate("  file: cases.txt\n");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /triage\.yaml:9:\d+: cases\.file: a case file must be a \.jsonl or \.csv file/,
    );
  });
});

describe("CsvParser", () => {
  it("gives the same records pushed one character at a time as parsed whole", () => {
    const text = `\uFEFFa,b\r\n"x ""q""","multi\r\nline"\r\n\r\nlast,"end"`;
    const parser = new CsvParser();
    const pieces = [...text].flatMap((ch) => parser.push(ch));
    expect([...pieces, ...parser.end()]).toEqual(parseCsv(text));
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ['x "q"', "multi\r\nline"] },
      { line: 5, fields: ["last", "end"] },
    ]);
  });
});
