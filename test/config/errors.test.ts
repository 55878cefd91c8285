import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig, loadSuites, UnknownNameError } from "../../src/config/index.js";
import { CONFIG, only, problemsOf, project, SUITE } from "./fixtures.js";

// One test per kind of mistake: each pins the exact place (line:column) and the gist of the message.

const suiteFile = (dir: string) => path.join(dir, "suites", "a.yaml");
const configFile = (dir: string) => path.join(dir, "eval.config.yaml");

describe("problems point at the offending key or value", () => {
  test("broken YAML", async () => {
    const { dir, problems } = await problemsOf({
      "suites/a.yaml": "name: demo\ntask:\n  system: x\n  output: { format: json\ncases: []\n",
    });
    const p = only(problems);
    expect(p).toMatchObject({ file: suiteFile(dir), line: 5, column: 1, path: "" });
    expect(p.message).toMatch(/^invalid YAML: flow map .* end with a }$/);
  });

  test("unknown key, with the nearest valid name", async () => {
    const { dir, problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("contains: answer", "contians: answer"),
    });
    expect(only(problems)).toEqual({
      file: suiteFile(dir),
      line: 9,
      column: 15,
      path: "cases[0].expect.contians",
      message: "unknown key; did you mean 'contains'?",
    });
  });

  test("unknown key with nothing close lists the valid keys", async () => {
    const { problems } = await problemsOf({ "suites/a.yaml": `${SUITE}zzz: 1\n` });
    expect(only(problems)).toMatchObject({
      line: 10,
      column: 1,
      path: "zzz",
      message: "unknown key; expected one of: $schema, name, description, canary, task, judge, cases",
    });
  });

  test("wrong type", async () => {
    const { dir, problems } = await problemsOf({
      "eval.config.yaml": `${CONFIG}run:\n  concurrency: abc\n`,
      "suites/a.yaml": SUITE,
    });
    expect(only(problems)).toEqual({
      file: configFile(dir),
      line: 3,
      column: 16,
      path: "run.concurrency",
      message: 'expected a number, got string "abc"',
    });
  });

  test("missing required key points at its parent", async () => {
    const { problems } = await problemsOf({ "suites/a.yaml": SUITE.replace("    input: What is it?\n", "") });
    expect(only(problems)).toMatchObject({
      line: 7,
      column: 5,
      path: "cases[0].input",
      message: "required (a string)",
    });
  });

  test("missing notes file", async () => {
    const { dir, problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("  examples:", "  notes: notes/demo/*.md\n  examples:"),
    });
    const p = only(problems);
    expect(p).toMatchObject({ file: suiteFile(dir), line: 4, column: 10, path: "task.notes" });
    expect(p.message).toContain("missing notes file: nothing matches 'notes/demo/*.md'");
  });

  test("notes that are not .md or .txt", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("  examples:", "  notes: [notes/*]\n  examples:"),
      "suites/notes/a.md": "Fact one.\n",
      "suites/notes/b.pdf": "%PDF",
    });
    expect(only(problems)).toMatchObject({
      line: 4,
      column: 11,
      path: "task.notes[0]",
      message: "notes must be .md or .txt files, got notes/b.pdf",
    });
  });

  test("empty suite", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": `${SUITE.slice(0, SUITE.indexOf("cases:"))}cases: []\n`,
    });
    expect(only(problems)).toMatchObject({
      line: 6,
      column: 8,
      path: "cases",
      message: "a suite needs at least one case",
    });
  });

  test("repeated case id names both lines", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": `${SUITE}  - id: one\n    input: Again?\n    expect: { contains: x }\n`,
    });
    expect(only(problems)).toMatchObject({
      line: 10,
      column: 9,
      path: "cases[1].id",
      message: "repeated case id 'one' (lines 7 and 10); ids must be unique in a suite",
    });
  });

  test("unknown strategy in run.strategies", async () => {
    const { problems } = await problemsOf({
      "eval.config.yaml": `${CONFIG}run:\n  strategies: [baseline, promt]\n`,
      "suites/a.yaml": SUITE,
    });
    const p = only(problems);
    expect(p).toMatchObject({ line: 3, column: 26, path: "run.strategies[1]" });
    expect(p.message).toMatch(/^unknown strategy 'promt'; .*did you mean 'prompt'\?$/);
  });

  test("unknown endpoint", async () => {
    const { problems } = await problemsOf({
      "eval.config.yaml": `${CONFIG}endpoints:\n  openai: { baseURL: "https://api.openai.com/v1" }\nstrategies:\n  prompt:\n    endpoint: opnai\n`,
      "suites/a.yaml": SUITE,
    });
    const p = only(problems);
    expect(p).toMatchObject({ line: 6, column: 15, path: "strategies.prompt.endpoint" });
    expect(p.message).toBe(
      "unknown endpoint 'opnai'; define it under 'endpoints' or use 'sim'; did you mean 'openai'?",
    );
  });

  test("invalid regex", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("{ contains: answer }", "{ regex: 'a(b' }"),
    });
    const p = only(problems);
    expect(p).toMatchObject({ line: 9, column: 22, path: "cases[0].expect.regex" });
    expect(p.message).toMatch(/^invalid regular expression: .*Unterminated group/);
  });

  test("missing config file", async () => {
    const dir = await project({});
    const error = await loadConfig(configFile(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const p = only((error as ConfigError).problems);
    expect(p).toMatchObject({ file: configFile(dir), line: 0, column: 0, path: "" });
    expect(p.message).toBe(
      "config file not found; start a project here with `tunebench init` (or point --config at your file)",
    );
  });
});

describe("more semantic checks", () => {
  test("empty expect", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("{ contains: answer }", "{ ignoreCase: true }"),
    });
    expect(only(problems)).toMatchObject({ line: 9, column: 5, path: "cases[0].expect" });
  });

  test("strategy with an unknown name and no type", async () => {
    const { problems } = await problemsOf({
      "eval.config.yaml": `${CONFIG}strategies:\n  fewshot: { shots: 2 }\n`,
      "suites/a.yaml": SUITE,
    });
    expect(only(problems)).toMatchObject({ line: 3, column: 3, path: "strategies.fewshot" });
  });

  test("output schema that is not a JSON Schema, and examples that break the format", async () => {
    const suite = SUITE.replace(
      "  examples:",
      "  output:\n    format: json\n    schema: { type: object, propertise: {} }\n  examples:",
    );
    const { problems } = await problemsOf({ "suites/a.yaml": suite });
    expect(problems.map((p) => [p.line, p.path, p.message.split(":")[0]])).toEqual([
      [6, "task.output.schema", "not a valid JSON Schema"],
      [8, "task.examples[0].output", "not valid JSON, but the task's output format is json"],
    ]);
  });

  test("missing dataset file", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": SUITE.replace("  examples:", "  datasets: [data/extra.jsonl]\n  examples:"),
    });
    expect(only(problems)).toMatchObject({ line: 4, column: 14, path: "task.datasets[0]" });
  });

  test("suite glob matching no file", async () => {
    const { problems } = await problemsOf({ "eval.config.yaml": 'suites: ["nothing/*.yaml"]\n' });
    expect(only(problems)).toMatchObject({ line: 1, column: 10, path: "suites[0]" });
  });

  test("loadSuites lists the problems of all files at once, and repeated suite names", async () => {
    const dir = await project({
      "eval.config.yaml": CONFIG,
      "suites/a.yaml": SUITE.replace("contains: answer", "contians: answer"),
      "suites/b.yaml": SUITE.replace("id: one", "id: 'bad id'"),
      "suites/c.yaml": SUITE,
    });
    const loaded = await loadConfig(configFile(dir));
    const error = (await loadSuites(loaded).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.path}`)).toEqual([
      "a.yaml:9:cases[0].expect.contians",
      "b.yaml:1:name",
      "b.yaml:7:cases[0].id",
      "c.yaml:1:name",
    ]);
    expect(error.problems[1]?.message).toMatch(/^suite name 'demo' is already used by .*a\.yaml:1:7$/);
    expect(error.message.split("\n")).toHaveLength(4);
  });

  test("loadSuites with only: selects by name or file and reports unknown entries", async () => {
    const dir = await project({
      "eval.config.yaml": CONFIG,
      "suites/a.yaml": SUITE,
      "suites/b.yaml": SUITE.replace("name: demo", "name: other"),
      "suites/notes/x.md": "x\n",
    });
    const loaded = await loadConfig(configFile(dir));
    expect((await loadSuites(loaded, { only: ["other"] })).map((s) => s.name)).toEqual(["other"]);
    expect((await loadSuites(loaded, { only: ["suites/a.yaml"] })).map((s) => s.name)).toEqual(["demo"]);
    // A name the caller typed (--suite): an UnknownNameError naming the option, with a suggestion.
    const error = await loadSuites(loaded, { only: ["nope"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownNameError);
    expect(error).toMatchObject({
      option: "suite",
      message: "--suite: unknown suite 'nope' (suites: demo, other)",
    });
    await expect(loadSuites(loaded, { only: ["othr"] })).rejects.toThrow(
      "unknown suite 'othr'; did you mean 'other'? (suites: demo, other)",
    );
  });
});

test("suiteGates naming no suite", async () => {
  const { problems } = await problemsOf({
    "eval.config.yaml": `${CONFIG}suiteGates:\n  dmeo: { minPassRate: 0.9 }\n`,
    "suites/a.yaml": SUITE,
  });
  expect(only(problems)).toMatchObject({
    line: 3,
    column: 3,
    path: "suiteGates.dmeo",
    message: "no suite named 'dmeo'; did you mean 'demo'?",
  });
});
