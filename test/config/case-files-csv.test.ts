// CSV case files a spreadsheet may well produce wrong: every problem is one line with file:line
// that says what to fix, and a row with a wrong number of fields does not hide the rows after it.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { allCases, loadConfig, loadSuites } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { writeProject } from "../helpers/project.js";

const CONFIG = `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
`;

const SUITE = `name: faq
task:
  system: Answer in one sentence.
cases:
  file: cases.csv
`;

afterEach(() => {
  process.exitCode = undefined;
});

async function validate(csv: string) {
  const dir = writeProject({ "eval.config.yaml": CONFIG, "suites/faq.yaml": SUITE, "suites/cases.csv": csv });
  const cli = await runCli(
    [registerValidateCommand],
    ["validate", "--config", path.join(dir, "eval.config.yaml")],
  );
  return { code: cli.code, lines: cli.stderr.trimEnd().split("\n") };
}

describe("CSV case files", () => {
  it("an expect cell that is not a JSON object is one problem naming the column", async () => {
    const { code, lines } = await validate(
      'id,input,expect\na,hi,"{""contains"": ""x""}"\nb,hi,notjson\nc,hi,"[1]"\n',
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(
        /cases\.csv:3:1: expect: expected a JSON object such as \{"contains": "x"\}, got "notjson"$/,
      ),
      expect.stringMatching(
        /cases\.csv:4:1: expect: expected a JSON object such as \{"contains": "x"\}, got "\[1\]"$/,
      ),
      "2 problems in 1 file",
    ]);
  });

  it("a column named twice in the header is a problem at the header", async () => {
    const { code, lines } = await validate("id,input,expect.contains,id\na,hi,x,b\n");
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(/cases\.csv:1:1: the header names the column "id" twice$/),
      "1 problem in 1 file",
    ]);
  });

  it("rows with too many or too few fields are each named, and the rows after them still checked", async () => {
    const { code, lines } = await validate(
      'id,input,expect.contains\na,hi\nb,hi,x,extra\nc,hi,x\nd,hi,"x, y"\ne,,x\n',
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(/cases\.csv:2:1: expected 3 fields as in the header, found 2$/),
      expect.stringMatching(/cases\.csv:3:1: expected 3 fields as in the header, found 4$/),
      expect.stringMatching(/cases\.csv:6:1: input: required \(a string\)$/),
      "3 problems in 1 file",
    ]);
  });

  it("an expect.json cell that is not JSON is a problem, not a JSON string no answer can equal", async () => {
    const { code, lines } = await validate(
      'id,input,expect.json\na,hi,"{""category"": ""bug""}"\nb,hi,{category: bug}\nc,hi,"""bug"""\n',
    );
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(
        /cases\.csv:3:1: expect\.json: not valid JSON .*write JSON such as \{"qty": 2\}, true or "text"$/,
      ),
      "1 problem in 1 file",
    ]);
  });

  it("a header without `input`, or with a column no case has, is one problem at the header, not one per row", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `r${i},hi,x,red`).join("\n");
    const { code, lines } = await validate(`id,text,expect.contains,colour\n${rows}\n`);
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(
        /cases\.csv:1:1: the header has no "input" column; unknown columns "text", "colour" \(a case file's columns: id, input, tags, expect, expect\.<check>\)$/,
      ),
      "1 problem in 1 file",
    ]);
  });

  it("a misspelt expect column is named once at the header, with the check it likely means", async () => {
    const { code, lines } = await validate("id,Input,expect.contians\na,hi,x\nb,hi,y\n");
    expect(code).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(
        /cases\.csv:1:1: the header has no "input" column; unknown columns "Input" \(did you mean "input"\?\), "expect\.contians" \(did you mean "expect\.contains"\?\) \(a case file's columns: id, input, tags, expect, expect\.<check>\)$/,
      ),
      "1 problem in 1 file",
    ]);
  });

  it("a text check's cell is taken as written, though it reads as JSON (an answer may be 42 or [1, 2])", async () => {
    const dir = writeProject({
      "eval.config.yaml": CONFIG,
      "suites/faq.yaml": SUITE,
      "suites/cases.csv":
        'id,input,expect.equals,expect.regex,expect.reference\na,hi,"[1, 2]",[0-9],42\nb,hi,true,x,"""quoted"""\n',
    });
    const [suite] = await loadSuites(await loadConfig(path.join(dir, "eval.config.yaml")));
    const cases = await allCases(suite as NonNullable<typeof suite>);
    expect(cases.map((c) => c.expect)).toEqual([
      { equals: "[1, 2]", regex: "[0-9]", reference: "42" },
      { equals: "true", regex: "x", reference: '"quoted"' },
    ]);
  });
});
