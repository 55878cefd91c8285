import { describe, expect, it } from "vitest";
import type { Case, OutputSpec } from "../../src/config/index.js";
import { SCORERS, scoreAnswer } from "../../src/scoring/index.js";
import { suiteWith } from "./suite.js";

/** The built-in scorers on one answer, as a run scores it. */
const scoreOutput = (input: { output: string; testCase: Case; outputSpec: OutputSpec }) =>
  scoreAnswer(input.output, input.testCase, { suite: suiteWith(input.outputSpec) }, SCORERS);

describe("scoreOutput", () => {
  const json: OutputSpec = { format: "json", schema: { type: "object", required: ["item"] } };
  const mk = (expect: Case["expect"]): Case => ({ id: "c1", input: "in", tags: [], expect });

  it("in-domain: format and expectations, hallucinated null", async () => {
    const r = await scoreOutput({
      output: '{"item":"latte","qty":2}',
      testCase: mk({ json: { item: "latte" } }),
      outputSpec: json,
    });
    expect(r.verdict).toEqual({ formatOk: true, pass: true, hallucinated: null });
    expect(r.scores.map((s) => s.scorer)).toEqual(["format", "expect"]);
  });

  it("fenced JSON: correct but format fails", async () => {
    const r = await scoreOutput({
      output: '```json\n{"item":"latte"}\n```',
      testCase: mk({ json: { item: "latte" } }),
      outputSpec: json,
    });
    expect(r.verdict).toEqual({ formatOk: false, pass: true, hallucinated: null });
  });

  it("wrong answer fails pass", async () => {
    const r = await scoreOutput({
      output: '{"item":"mocha"}',
      testCase: mk({ json: { item: "latte" } }),
      outputSpec: json,
    });
    expect(r.verdict.pass).toBe(false);
    expect(r.verdict.formatOk).toBe(true);
  });

  it("no format requirement: formatOk null", async () => {
    const r = await scoreOutput({
      output: "Paris",
      testCase: mk({ equals: "Paris" }),
      outputSpec: { format: "text" },
    });
    expect(r.verdict).toEqual({ formatOk: null, pass: true, hallucinated: null });
  });

  it("out-of-domain probe that refuses: pass, not judged on format", async () => {
    const r = await scoreOutput({
      output: "I don't know.",
      testCase: mk({ refusal: true }),
      outputSpec: json,
    });
    expect(r.verdict).toEqual({ formatOk: null, pass: true, hallucinated: false });
    expect(r.scores.map((s) => s.scorer)).toEqual(["refusal"]);
  });

  it("out-of-domain probe that answers: hallucinated", async () => {
    const r = await scoreOutput({
      output: '{"item":"latte"}',
      testCase: mk({ refusal: true }),
      outputSpec: json,
    });
    expect(r.verdict).toEqual({ formatOk: null, pass: false, hallucinated: true });
  });

  it("refusal false with expectations: both must hold", async () => {
    const r = await scoreOutput({
      output: "I'm not sure",
      testCase: mk({ refusal: false, contains: "sure" }),
      outputSpec: { format: "text" },
    });
    expect(r.verdict).toEqual({ formatOk: null, pass: false, hallucinated: null });
    expect(r.scores.map((s) => s.scorer)).toEqual(["expect", "refusal"]);
  });

  it("no expectations: pass follows format", async () => {
    expect((await scoreOutput({ output: "nope", testCase: mk({}), outputSpec: json })).verdict.pass).toBe(
      false,
    );
    expect(
      (await scoreOutput({ output: '{"item":1}', testCase: mk({}), outputSpec: json })).verdict.pass,
    ).toBe(true);
    expect(
      (await scoreOutput({ output: "x", testCase: mk({}), outputSpec: { format: "text" } })).verdict.pass,
    ).toBe(true);
  });
});

describe("scoreAnswer with a registry", () => {
  const testCase: Case = { id: "c1", input: "in", tags: [], expect: { equals: "yes" } };
  const suite = suiteWith({ format: "text" });

  it("a scorer that throws is a scorer error: kept with its message, never a failed case", async () => {
    const r = await scoreAnswer(
      "yes",
      testCase,
      { suite },
      {
        ...SCORERS,
        broken: {
          role: "correctness",
          score: () => {
            throw new Error("judge unreachable");
          },
        },
      },
    );
    expect(r.scores.find((s) => s.scorer === "broken")).toEqual({
      scorer: "broken",
      error: true,
      reason: "scorer failed: judge unreachable",
    });
    expect(r.verdict.pass).toBe(true);
  });

  it("a custom scorer's pass counts towards correctness; a graded-only score does not", async () => {
    const strict = {
      role: "correctness" as const,
      score: (output: string) => ({ pass: output.length > 5, reason: "length" }),
    };
    const graded = { role: "correctness" as const, score: async () => ({ score: 0.2, reason: "tone" }) };
    const failing = await scoreAnswer("yes", testCase, { suite }, { ...SCORERS, strict, graded });
    expect(failing.verdict.pass).toBe(false);
    expect(failing.scores.find((s) => s.scorer === "graded")).toEqual({
      scorer: "graded",
      score: 0.2,
      reason: "tone",
    });
    const passing = await scoreAnswer("yes", testCase, { suite }, { ...SCORERS, graded });
    expect(passing.verdict.pass).toBe(true);
  });
});
