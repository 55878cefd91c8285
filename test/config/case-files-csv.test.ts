// CSV case files a spreadsheet may well produce wrong: every problem is one line with file:line
// that says what to fix, and a row with a wrong number of fields does not hide the rows after it.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerValidateCommand } from "../../src/commands/validate.js";
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
});
