import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prepareTraining } from "../../src/finetune/index.js";
import { tuningProject } from "./project.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(root, "dist", "cli.js");

function run(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", input: "" });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe.skipIf(!existsSync(CLI))("tunebench tune (CLI)", () => {
  it("prepare -> validate -> estimate print their results; exit 0", async () => {
    const dir = tuningProject();
    const prepare = run(dir, ["tune", "prepare"]);
    expect(prepare.code).toBe(0);
    expect(prepare.out).toMatch(/triage\s+12 examples -> 11 train, 1 valid/);
    expect(prepare.out).toMatch(/not trained on \(canary suites measure forgetting\): canary/);
    expect(prepare.out).toMatch(/no leaks; closest 0\.\d\d/);

    const validate = run(dir, ["tune", "validate"]);
    expect(validate.code).toBe(0);
    expect(validate.out).toMatch(/train\.jsonl: 11 examples \(chat\)/);
    expect(validate.out).toMatch(/total tokens/);
    expect(validate.out).toMatch(/ok: no errors/);

    const estimate = run(dir, ["tune", "estimate", "--json"]);
    expect(estimate.code).toBe(0);
    const json = JSON.parse(estimate.out) as {
      examples: number;
      epochs: number;
      billedTokens: number;
      measured: unknown;
    };
    expect(json).toMatchObject({ examples: 11, epochs: 9, measured: null });
    expect(json.billedTokens).toBe(9 * (json as unknown as { tokensPerEpoch: number }).tokensPerEpoch);
  });

  it("estimate shows a previous run's measured cost per call next to the tuned estimate", async () => {
    const dir = tuningProject();
    await prepareTraining({ config: path.join(dir, "eval.config.yaml") });
    const runDir = path.join(dir, "reports", "20260101-000000-abcd");
    mkdirSync(runDir, { recursive: true });
    const group = (strategy: string, total: number) => ({
      suite: "triage",
      strategy,
      strategyType: strategy,
      model: "sim-base",
      canary: false,
      trials: 4,
      errors: 0,
      cached: 0,
      tokensIn: { mean: strategy === "prompt" ? 250 : 400, median: 0 },
      tokensOut: { mean: 10, median: 0 },
      cost: { total },
    });
    writeFileSync(
      path.join(runDir, "summary.json"),
      JSON.stringify({ groups: [group("prompt", 0.0002), group("retrieval", 0.0004)] }),
    );
    const estimate = run(dir, ["tune", "estimate"]);
    expect(estimate.code).toBe(0);
    expect(estimate.out).toMatch(/measured in run 20260101-000000-abcd/);
    expect(estimate.out).toMatch(/prompt\s+measured\s+250\.0\s+10\.0\s+\$0\.000050/);
    expect(estimate.out).toMatch(/retrieval\s+measured\s+400\.0\s+10\.0\s+\$0\.00010/);
    expect(estimate.out).toMatch(/tuned\s+expected\s+\d+\.\d\s+\d+\.\d\s+\$0\.0000\d+/);
  });

  it("validate: exit 1 with counts and line numbers on errors, 2 for a missing file, --json for machines", () => {
    const dir = tuningProject();
    const file = path.join(dir, "bad.jsonl");
    writeFileSync(file, ['{"messages": [{"role": "user", "content": "hi"}]}', "{not json", "[]"].join("\n"));
    const bad = run(dir, ["tune", "validate", "bad.jsonl", "--model", "gpt-3.5-turbo-0613"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/invalid_json\s+1\s+line is not valid JSON \(line 2\)/);
    expect(bad.out).toMatch(/not_an_object\s+1\s+.*\(line 3\)/);
    expect(bad.out).toMatch(/missing_assistant_message\s+1\s+.*\(line 1\)/);
    expect(bad.out).toMatch(/too_few_examples\s+1\s+fewer than 10 examples: 3 example\(s\)/);
    expect(bad.out).toMatch(/limit 4,096 tokens per example/);
    const json = JSON.parse(run(dir, ["tune", "validate", "bad.jsonl", "--json"]).out) as {
      ok: boolean;
      errors: { code: string }[];
    };
    expect(json.ok).toBe(false);
    expect(json.errors.map((e) => e.code)).toContain("invalid_json");
    const missing = run(dir, ["tune", "validate", "nope.jsonl"]);
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split("\n")).toHaveLength(1);
    expect(missing.err).toMatch(/nope\.jsonl does not exist; give a JSONL file/);
  });

  it("prepare: a leak is exit 2 and names both sides", () => {
    const dir = tuningProject();
    const suite = path.join(dir, "suites", "triage.yaml");
    writeFileSync(
      suite,
      readFileSync(suite, "utf8").replace(
        "cases:\n",
        'cases:\n  - { id: leaked, input: "Delete my account and all my data!", expect: { json: { category: account } } }\n',
      ),
    );
    const result = run(dir, ["tune", "prepare"]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /leak: case triage:leaked equals (train|valid)\.jsonl:\d+ \(suites\/triage\.yaml example 12\)/,
    );
    expect(result.err).toMatch(/case: {5}"Delete my account and all my data!"/);
    expect(result.err).toMatch(/training: "Delete my account and all my data"/);
    expect(result.err).toMatch(/1 evaluation case leaked into the training data/);
    expect(result.err).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(run(dir, ["tune", "prepare", "--allow-leaks"]).code).toBe(0);
  });

  it("start: shows the plan and the personal-data scan; without a terminal and without --yes it refuses (exit 2)", async () => {
    const dir = tuningProject();
    await prepareTraining({ config: path.join(dir, "eval.config.yaml") });
    const train = path.join(dir, ".tunebench", "tune", "train.jsonl");
    writeFileSync(
      train,
      readFileSync(train, "utf8").replace("Delete my account", "Mail jane@example.com to delete my account"),
    );
    const result = run(dir, ["tune", "start"]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/About to upload to endpoint "sim"/);
    expect(result.err).toMatch(/training\s+.*train\.jsonl\s+[\d.]+ kB\s+11 examples/);
    expect(result.err).toMatch(/estimated cost \$/);
    expect(result.err).toMatch(/1 email address \(line \d+; e\.g\. ja\*+om\)/);
    expect(result.err).toMatch(/pass --yes to confirm/);
    expect(existsSync(path.join(dir, ".tunebench", "tune", "state.json"))).toBe(false);
  });

  it("status without a job: one line, exit 2; bad option values: exit 2", () => {
    const dir = tuningProject();
    const status = run(dir, ["tune", "status"]);
    expect(status.code).toBe(2);
    expect(status.err).toMatch(/no tuning job recorded/);
    expect(run(dir, ["tune", "start", "--epochs", "two"]).code).toBe(2);
    expect(run(dir, ["tune", "prepare", "--valid-share", "1.5"]).code).toBe(2);
  });

  it("help texts have examples", () => {
    for (const sub of ["prepare", "validate", "estimate", "start", "wait", "status", "cancel"]) {
      expect(run(root, ["tune", sub, "--help"]).out).toMatch(/Examples:\n {2}tunebench tune/);
    }
  });
});
