import path from "node:path";
import { describe, expect, test } from "vitest";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { scoreExpect, scoreFormat } from "../../src/scoring/index.js";
import { runCli } from "../helpers/cli.js";
import { only, problemsOf, SUITE } from "./fixtures.js";

// One rule for every regex a suite holds: JavaScript syntax with the `u` flag, as a JSON Schema
// `pattern` (Ajv compiles those with `u`), in `validate` and in the scorers alike.

const HAN = String.raw`^\p{Script=Han}+$`;

const zhSuite = (regex: string) => `name: zh
task:
  system: Reply in Chinese.
  output: { regex: '${regex}' }
  examples:
    - { input: hello, output: 你好 }
cases:
  - { id: one, input: hi, expect: { regex: '${String.raw`^\p{L}+$`}' } }
`;

describe("suite regexes use the u flag", () => {
  test("\\p{Script=Han} and \\p{L} accept correct answers in the scorers", () => {
    expect(scoreFormat("你好", { format: "text", regex: HAN })?.pass).toBe(true);
    expect(scoreFormat("hello", { format: "text", regex: HAN })?.pass).toBe(false);
    expect(scoreExpect("café", { regex: String.raw`^\p{L}+$` })?.pass).toBe(true);
    expect(scoreExpect("Café", { regex: String.raw`^\p{Ll}+$`, ignoreCase: true })?.pass).toBe(true);
    // `.` is one character, not one UTF-16 half of an emoji.
    expect(scoreExpect("🙂", { regex: "^.$" })?.pass).toBe(true);
  });

  test("output.regex and a JSON Schema pattern agree on the same text", () => {
    const pattern = String.raw`^\p{L}+$`;
    const asRegex = scoreFormat("你好", { format: "text", regex: pattern });
    const asSchema = scoreFormat('{"w":"你好"}', {
      format: "json",
      schema: { type: "object", properties: { w: { type: "string", pattern } } },
    });
    expect([asRegex?.pass, asSchema?.pass]).toEqual([true, true]);
  });

  test("validate accepts Unicode property escapes that examples satisfy", async () => {
    const { problems } = await problemsOf({ "suites/a.yaml": zhSuite(HAN) });
    expect(problems).toEqual([]);
  });

  test("a regex valid only without u is a validate problem with file:line and the hint", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("{ contains: answer }", String.raw`{ regex: 'a\-b' }`),
    });
    const p = only(problems);
    expect(p).toMatchObject({ line: 9, column: 22, path: "cases[0].expect.regex" });
    expect(p.message).toMatch(
      /^invalid regular expression: .*Invalid escape.*u flag.*write - rather than \\-/,
    );
    // The scorer says the same, so a run of an unvalidated suite fails the check rather than crashing.
    expect(scoreExpect("a-b", { regex: String.raw`a\-b` })?.reason).toMatch(/invalid pattern.*u flag/);
  });

  test("tunebench validate: one line naming file:line, exit 2", async () => {
    const { dir } = await problemsOf({ "suites/a.yaml": zhSuite(String.raw`^\p{Script=Han}+\-$`) });
    const { stderr, code } = await runCli(
      [registerValidateCommand],
      ["validate", "--config", path.join(dir, "eval.config.yaml")],
    );
    expect(stderr).toMatch(/a\.yaml:4:20: task\.output\.regex: invalid regular expression: .*u flag/);
    expect(code).toBe(2);
  });
});
