import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  findLeaks,
  LeakError,
  normalizeInput,
  PrepareError,
  prepareTraining,
} from "../../src/finetune/index.js";
import { TICKETS, ticketExamples, writeProject } from "../helpers/project.js";

// The first 11 tickets, then the first again: a duplicate.
const EXAMPLES = [...TICKETS.slice(0, 11), ...TICKETS.slice(0, 1)];

const triage = (cases: string) => `name: triage
task:
  system: Classify the support ticket. Reply with JSON.
  tunedSystem: Triage.
  output: { format: json }
  examples:
${ticketExamples(EXAMPLES)}
  datasets: [data/extra.csv, data/extra.jsonl]
cases:
${cases}
`;

const CASES = `  - { id: double-charge, input: "my card got billed two times", expect: { json: { category: billing } } }
  - { id: pdf, input: "PDF export is blank", expect: { json: { category: bug } } }`;

const CANARY = `name: canary
canary: true
task:
  system: Answer briefly.
  examples:
    - { input: "What is 2 + 2?", output: "4" }
cases:
  - { id: add, input: "What is 3 + 4?", expect: { equals: "7" } }
`;

function project(cases = CASES, extra: Record<string, string> = {}) {
  return writeProject({
    "eval.config.yaml": "suites: [suites/*.yaml]\n",
    "suites/triage.yaml": triage(cases),
    "suites/canary.yaml": CANARY,
    "suites/data/extra.csv":
      'input,output\n"Shipping label, printed twice","{""category"":""billing""}"\nMy parcel is stuck in customs,"{""category"":""shipping""}"\n',
    "suites/data/extra.jsonl": `${JSON.stringify({
      messages: [
        { role: "user", content: "Cancel my plan today" },
        { role: "assistant", content: '{"category":"account"}' },
      ],
    })}\n`,
    ...extra,
  });
}

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });

describe("tune prepare", () => {
  it("builds chat JSONL with the short system prompt, removes duplicates, skips canary suites", async () => {
    const dir = project();
    const result = await prepareTraining({ config: path.join(dir, "eval.config.yaml"), validShare: 0.2 });
    expect(result.trainFile).toBe(path.join(dir, ".tunebench", "tune", "train.jsonl"));
    expect(result.duplicates).toBe(1);
    expect(result.skipped).toEqual(["canary"]);
    // 11 unique examples + 2 CSV rows + 1 JSONL line = 14; 20% -> 2 held out
    expect(result.suites).toEqual([
      { suite: "triage", examples: 15, fromDatasets: 3, duplicates: 1, train: 12, valid: 2 },
    ]);
    expect(result.train + result.valid).toBe(14);
    const train = lines(result.trainFile);
    const valid = lines(result.validFile as string);
    expect(train).toHaveLength(12);
    expect(valid).toHaveLength(2);
    for (const record of [...train, ...valid]) {
      expect(record.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
      expect(record.messages[0]?.content).toBe("Triage.");
    }
    const all = [...train, ...valid].map((r) => r.messages[1]?.content);
    expect(new Set(all).size).toBe(14);
    expect(all).toContain("Shipping label, printed twice");
    expect(all).toContain("Cancel my plan today");
    expect(all).not.toContain("What is 2 + 2?");
    expect(result.leaks).toEqual([]);
    expect(result.closest?.similarity).toBeLessThan(0.9);
  });

  it("the split is seeded and stable", async () => {
    const dir = project();
    const config = path.join(dir, "eval.config.yaml");
    const inputs = async (seed: number) => {
      const r = await prepareTraining({ config, seed, validShare: 0.3 });
      return lines(r.validFile as string).map((l) => l.messages[1]?.content);
    };
    const first = await inputs(1);
    expect(await inputs(1)).toEqual(first);
    expect(first).toHaveLength(4);
    expect(await inputs(2)).not.toEqual(first);
  });

  it("--valid-share 0 writes no validation file and removes a stale one", async () => {
    const dir = project();
    const config = path.join(dir, "eval.config.yaml");
    const withValid = await prepareTraining({ config });
    expect(existsSync(withValid.validFile as string)).toBe(true);
    const none = await prepareTraining({ config, validShare: 0 });
    expect(none.validFile).toBeNull();
    expect(none.train).toBe(14);
    expect(existsSync(path.join(dir, ".tunebench", "tune", "valid.jsonl"))).toBe(false);
  });

  it("a case equal or nearly equal to a training input is a leak naming both; nothing is written", async () => {
    const dir = project(
      `${CASES}
  - { id: leaked, input: "i was CHARGED twice for my subscription, this month!", expect: { json: { category: billing } } }
  - { id: near, input: "The app crashes every time I open the settings page now", expect: { json: { category: bug } } }`,
    );
    const error = await prepareTraining({ config: path.join(dir, "eval.config.yaml") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LeakError);
    const leaks = (error as LeakError).leaks;
    expect(leaks.map((l) => [l.caseId, l.exact])).toEqual([
      ["leaked", true],
      ["near", false],
    ]);
    expect(leaks[0]).toMatchObject({
      suite: "triage",
      caseInput: "i was CHARGED twice for my subscription, this month!",
      input: "I was charged twice for my subscription this month",
      origin: { suite: "triage", where: expect.stringMatching(/triage\.yaml example 1$/) },
    });
    expect(leaks[0]?.dataset).toMatch(/^(train|valid)\.jsonl:\d+$/);
    expect(leaks[1]?.similarity).toBeGreaterThanOrEqual(0.9);
    expect(existsSync(path.join(dir, ".tunebench", "tune", "train.jsonl"))).toBe(false);

    // --allow-leaks: written, leaks reported
    const allowed = await prepareTraining({ config: path.join(dir, "eval.config.yaml"), allowLeaks: true });
    expect(allowed.leaks).toHaveLength(2);
    expect(existsSync(allowed.trainFile)).toBe(true);
    // a stricter threshold only catches the exact one
    const strict = await prepareTraining({
      config: path.join(dir, "eval.config.yaml"),
      leakThreshold: 0.99,
      allowLeaks: true,
    });
    expect(strict.leaks.map((l) => l.caseId)).toEqual(["leaked"]);
  });

  it("canary cases count for leakage too", () => {
    const { leaks } = findLeaks({
      cases: [{ suite: "canary", id: "add", input: "What is 3 + 4?" }],
      examples: [{ input: "what is 3+4", dataset: "train.jsonl:1", origin: { suite: "x", where: "x" } }],
      threshold: 0.9,
    });
    expect(leaks).toHaveLength(1);
    expect(normalizeInput("  Hello,   World! ")).toBe("hello world");
  });

  it("a bad dataset is one error naming file:line", async () => {
    const dir = project(CASES, { "suites/data/extra.jsonl": '{"messages": [}\n' });
    await expect(prepareTraining({ config: path.join(dir, "eval.config.yaml") })).rejects.toThrow(
      /extra\.jsonl:1: not valid JSON/,
    );
    const csv = project(CASES, { "suites/data/extra.csv": 'input,answer\n"a","b"\n' });
    await expect(prepareTraining({ config: path.join(csv, "eval.config.yaml") })).rejects.toThrow(
      /extra\.csv:1: a CSV dataset needs the columns input,output/,
    );
    const open = project(CASES, { "suites/data/extra.csv": 'input,output\n"a,b\n' });
    await expect(prepareTraining({ config: path.join(open, "eval.config.yaml") })).rejects.toThrow(
      PrepareError,
    );
  });

  it("the shipped example suites pass the leakage check", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const out = writeProject({});
    const result = await prepareTraining({ config: path.join(root, "eval.config.yaml"), outDir: out });
    expect(result.leaks).toEqual([]);
    expect(result.closest?.similarity).toBeLessThan(0.9);
    expect(result.skipped).toEqual(["canary-general"]);
    expect(result.train).toBeGreaterThanOrEqual(10);
  });
});
