// `tunebench import`: a suite from fine-tuning data that validates and runs; held-out cases never
// overlap the examples; the split is seeded; the format and its schema are inferred from the
// answers; bad input is one line, exit 2, nothing written.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerImportCommand } from "../../src/commands/import.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { validateProject } from "../../src/config/index.js";
import { DEFAULT_LEAK_THRESHOLD, draftSchema, findLeaks, normalizeInput } from "../../src/finetune/index.js";
import { runCli } from "../helpers/cli.js";
import { writeProject } from "../helpers/project.js";

const cli = (args: string[]) => runCli([registerImportCommand, registerRunCommand], args);
const SYSTEM = "You triage support tickets for an online shop. Reply with JSON: category and priority.";
const PRODUCTS = [
  "blender",
  "toaster",
  "kettle",
  "coffee grinder",
  "vacuum cleaner",
  "desk lamp",
  "air fryer",
  "rice cooker",
  "hair dryer",
  "electric toothbrush",
];
const PROBLEMS: [string, string, string][] = [
  ["arrived with a cracked lid", "returns", "high"],
  ["was charged twice on my card", "billing", "high"],
  ["has not shipped after ten days", "shipping", "normal"],
  ["stopped working after the latest firmware update", "technical", "normal"],
  ["order needs a different delivery address", "shipping", "low"],
  ["invoice shows the wrong VAT number", "billing", "low"],
];

const chatLine = (user: string, answer: string, system: string | null = SYSTEM) =>
  JSON.stringify({
    messages: [
      ...(system ? [{ role: "system", content: system }] : []),
      { role: "user", content: user },
      { role: "assistant", content: answer },
    ],
  });

/** 60 chat lines: 10 products × 6 problems, JSON answers. */
const SIXTY = PROBLEMS.flatMap(([problem, category, priority]) =>
  PRODUCTS.map((product) => chatLine(`My ${product} ${problem}.`, JSON.stringify({ category, priority }))),
);

function project(files: Record<string, string> = {}) {
  return writeProject({
    "eval.config.yaml":
      "suites: [suites/*.yaml]\nstrategies:\n  baseline: { endpoint: sim }\n  prompt: { endpoint: sim, shots: 3 }\n",
    ...files,
  });
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("tunebench import of a chat JSONL", () => {
  it("makes a suite of 60 lines that validates, runs, and keeps cases apart from examples", async () => {
    const dir = project({ "data/train.jsonl": `${SIXTY.join("\n")}\n` });
    const out = path.join(dir, "suites", "train.yaml");
    const { code, stdout, stderr } = await cli(["import", path.join(dir, "data/train.jsonl"), "-o", out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("48 examples and 12 held-out cases (seed 0)");
    expect(stdout).toContain("instructions: the system prompt of 60 lines became task.system");
    expect(stdout).toContain(
      "output: json (every answer parses); schema drafted from 60 answers: object, required: category, priority",
    );

    const { problems, suites } = await validateProject(path.join(dir, "eval.config.yaml"));
    expect(problems).toEqual([]);
    const suite = suites?.[0];
    expect(suite?.name).toBe("train");
    expect(suite?.task.system).toBe(SYSTEM);
    expect(suite?.task.output.format).toBe("json");
    expect(suite?.task.examples).toHaveLength(48);
    expect(suite?.cases).toHaveLength(12);
    // Every answer, example or case, satisfies the drafted schema; its enums are the answers' values.
    const validate = new Ajv().compile(suite?.task.output.schema ?? {});
    for (const e of suite?.task.examples ?? []) expect(validate(JSON.parse(e.output))).toBe(true);
    for (const c of suite?.cases ?? []) expect(validate(c.expect.json)).toBe(true);
    expect(suite?.task.output.schema).toMatchObject({
      properties: {
        category: { enum: ["billing", "returns", "shipping", "technical"] },
        priority: { enum: ["high", "low", "normal"] },
      },
    });
    // No held-out case is an example, by the same check `tune prepare` runs.
    const examples = new Set(suite?.task.examples.map((e) => normalizeInput(e.input)));
    for (const c of suite?.cases ?? []) expect(examples.has(normalizeInput(c.input))).toBe(false);

    const run = await cli(["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/run \S+: 24 trials, 1 suites/);
  }, 60_000);

  it("splits by seed: the same seed holds out the same lines, another seed others", async () => {
    const dir = project({ "train.jsonl": SIXTY.join("\n") });
    const ids = async (seed: string, name: string) => {
      const out = path.join(dir, `${name}.yaml`);
      const r = await cli([
        "import",
        path.join(dir, "train.jsonl"),
        "--seed",
        seed,
        "--name",
        name,
        "-o",
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      return (parse(readFileSync(out, "utf8")).cases as { id: string }[]).map((c) => c.id);
    };
    const first = await ids("0", "a");
    expect(await ids("0", "b")).toEqual(first);
    expect(await ids("7", "c")).not.toEqual(first);
    expect(first.every((id) => /^line-\d+$/.test(id))).toBe(true);
  });

  it("moves held-out lines that nearly repeat an example into the examples", async () => {
    // 20 pairs of near-duplicates: a random split would put many twins on both sides.
    const lines = PRODUCTS.flatMap((product, i) => [
      chatLine(
        `Hello, the ${product} I ordered last week arrived broken and I want a refund please`,
        "returns",
      ),
      chatLine(
        `Hello, the ${product} I ordered last week arrived broken and I want a refund please now`,
        "returns",
      ),
      chatLine(`Where is my ${product}? Order ${1000 + i} has been in transit for three weeks`, "shipping"),
      chatLine(
        `Where is my ${product}? Order ${1000 + i} has been in transit for three weeks already`,
        "shipping",
      ),
    ]);
    const dir = project({ "pairs.jsonl": lines.join("\n") });
    const out = path.join(dir, "pairs.yaml");
    const { code, stdout, stderr } = await cli([
      "import",
      path.join(dir, "pairs.jsonl"),
      "-o",
      out,
      "--holdout",
      "0.3",
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/moved \d+ held-out lines? to the examples: near-duplicates of an example/);
    const suite = parse(readFileSync(out, "utf8"));
    expect(suite.cases.length).toBeGreaterThan(0);
    const { leaks } = findLeaks({
      cases: suite.cases.map((c: { id: string; input: string }) => ({
        suite: "pairs",
        id: c.id,
        input: c.input,
      })),
      examples: suite.task.examples.map((e: { input: string }) => ({
        input: e.input,
        dataset: "x",
        origin: { suite: "pairs", where: "x" },
      })),
      threshold: DEFAULT_LEAK_THRESHOLD,
    });
    expect(leaks).toEqual([]);
    // Text labels: each case expects its label, and the prompt lists them.
    expect(suite.task.output).toEqual({
      format: "text",
      description: "Reply with exactly one of: returns, shipping.",
    });
    expect(suite.cases[0].expect).toEqual({ equals: suite.cases[0].expect.equals });
  });

  it("reads a CSV with input,output columns, and reports the lines it skips and drops", async () => {
    const rows = PRODUCTS.flatMap((p) => [
      `"My ${p} is broken, help",returns`,
      `"Where is my ${p}?",shipping`,
    ]);
    const dir = project({
      "data.csv": `input,output\n${rows.join("\n")}\n"My blender is broken, help!",returns\n,empty\n`,
    });
    const out = path.join(dir, "suites", "data.yaml");
    const { code, stdout, stderr } = await cli(["import", path.join(dir, "data.csv"), "-o", out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("(CSV)");
    expect(stdout).toContain("dropped 1 line repeating an earlier input (line 22)");
    expect(stdout).toContain("1 line skipped (line 23: empty input)");
    expect(stdout).toContain("instructions: the data has no system prompt; task.system is a placeholder");
    expect((await validateProject(path.join(dir, "eval.config.yaml"))).problems).toEqual([]);
  });
});

describe("tunebench import of bad input: one line, exit 2, nothing written", () => {
  const cases: [string, string, string, RegExp][] = [
    [
      "an empty file",
      "empty.jsonl",
      "\n\n",
      /^tunebench: .*empty\.jsonl: no usable lines \(the file is empty\)\n$/,
    ],
    [
      "no usable line",
      "turns.jsonl",
      JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
      /^tunebench: .*turns\.jsonl: no usable lines; 1 line skipped \(line 1: not a user message and its answer \(user\)\)\n$/,
    ],
    [
      "mixed formats",
      "mixed.jsonl",
      [...SIXTY.slice(0, 12), JSON.stringify({ prompt: "a", completion: "b" })].join("\n"),
      /^tunebench: .*mixed\.jsonl: mixed formats: line 1 is chat, line 13 is prompt\/completion; import reads one format: chat examples/,
    ],
    [
      "fewer than 10 lines",
      "nine.jsonl",
      SIXTY.slice(0, 9).join("\n"),
      /^tunebench: .*nine\.jsonl: 9 usable lines; a suite needs at least 10 \(examples plus held-out cases\)\n$/,
    ],
    [
      "a line that is not JSON",
      "broken.jsonl",
      [...SIXTY.slice(0, 11), "{oops"].join("\n"),
      /^tunebench: .*broken\.jsonl:12: not valid JSON \(/,
    ],
    [
      "a CSV without input,output",
      "cols.csv",
      "question,answer\na,b\n",
      /^tunebench: .*cols\.csv:1: a CSV needs the columns input,output \(found: question, answer\)\n$/,
    ],
    [
      "another file type",
      "data.txt",
      "hello",
      /^tunebench: .*data\.txt: use a \.jsonl file of chat examples .* or a \.csv file with input,output columns\n$/,
    ],
  ];
  for (const [what, name, text, message] of cases)
    it(what, async () => {
      const dir = project({ [name]: text });
      const out = path.join(dir, "suites", "x.yaml");
      const { code, stdout, stderr } = await cli(["import", path.join(dir, name), "-o", out]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(existsSync(path.dirname(out))).toBe(false);
    });

  it("refuses to overwrite a suite file", async () => {
    const dir = project({ "t.jsonl": SIXTY.join("\n"), "suites/t.yaml": "name: mine\n" });
    const out = path.join(dir, "suites", "t.yaml");
    const { code, stderr } = await cli(["import", path.join(dir, "t.jsonl"), "-o", out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/t\.yaml exists; nothing was written/);
    expect(readFileSync(out, "utf8")).toBe("name: mine\n");
  });

  it("names a file it cannot import before the suite its name would overwrite", async () => {
    // `tunebench import suites/t.yaml` (a suite, not data) said "suites/t.yaml exists".
    const dir = project({ "suites/t.yaml": "name: mine\n" });
    const suite = path.join(dir, "suites", "t.yaml");
    const { code, stderr } = await cli(["import", suite, "-o", suite]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^tunebench: .*t\.yaml: use a \.jsonl file of chat examples .* or a \.csv file with input,output columns\n$/,
    );
  });
});

describe("draftSchema", () => {
  it("is as tight as the answers allow, and every answer satisfies it", () => {
    const answers = [
      { id: 1, total: 9.5, tags: ["a"], note: null, kind: "x" },
      { id: 2, total: 10, tags: [], note: "late", kind: "x" },
      { id: 3, total: 3, tags: ["b", "a"], kind: "y" },
      { id: 4, total: 7.25, tags: ["a"], note: "ok", kind: "y" },
    ];
    const schema = draftSchema(answers);
    expect(schema).toEqual({
      type: "object",
      required: ["id", "total", "tags", "kind"],
      properties: {
        id: { type: "integer" },
        total: { type: "number" },
        tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
        note: { type: ["string", "null"] },
        kind: { type: "string", enum: ["x", "y"] },
      },
      additionalProperties: false,
    });
    const validate = new Ajv().compile(schema);
    for (const a of answers) expect(validate(a)).toBe(true);
    expect(validate({ ...answers[0], extra: 1 })).toBe(false);
    expect(draftSchema([1, "a"])).toEqual({ type: ["integer", "string"] });
  });
});
