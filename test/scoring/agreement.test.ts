// `agreement`: a candidate's answer matched against a recorded model's (exact, JSON equal,
// similarity above a threshold). It never passes or fails the candidate: its own verdict stands.
import { describe, expect, it } from "vitest";
import type { AgreementSettings, Case } from "../../src/config/index.js";
import { SCORERS, scoreAnswer } from "../../src/scoring/index.js";
import { suiteWith } from "./suite.js";

const testCase: Case = {
  id: "c1",
  input: "my card was charged twice",
  tags: [],
  expect: { contains: "billing" },
};
const scorers = { expect: SCORERS.expect, agreement: SCORERS.agreement };
const json = suiteWith({ format: "json" });
const text = suiteWith({ format: "text" });
const reference = (output: string) => ({ strategy: "frozen", output });
const judging = (agreement: Partial<AgreementSettings>) => ({
  repeat: 1,
  embedding: "local" as const,
  agreement: { mode: "auto" as const, min: 0.8, embedding: "local" as const, ...agreement },
});
const agreementOf = (scored: Awaited<ReturnType<typeof scoreAnswer>>) =>
  scored.scores.find((s) => s.scorer === "agreement");

describe("agreement", () => {
  it("says nothing without a recorded answer", async () => {
    const scored = await scoreAnswer('{"category":"billing"}', testCase, { suite: json }, scorers);
    expect(agreementOf(scored)).toBeUndefined();
  });

  it("json (auto on a JSON task): equal values agree whatever the key order or fences; a different value does not", async () => {
    const ref = reference('{"category":"billing","urgent":false}');
    const same = await scoreAnswer(
      '```json\n{"urgent": false, "category": "billing"}\n```',
      testCase,
      { suite: json, reference: ref },
      scorers,
    );
    expect(agreementOf(same)).toMatchObject({
      pass: true,
      score: 1,
      reason: "agrees with frozen: equal JSON",
      details: { with: "frozen", mode: "json" },
    });
    const other = await scoreAnswer(
      '{"category":"billing","urgent":true}',
      testCase,
      { suite: json, reference: ref },
      scorers,
    );
    expect(agreementOf(other)).toMatchObject({
      pass: false,
      reason: "disagrees with frozen: different JSON",
    });
    // Disagreeing with the old model is not failing: the candidate's own verdict stands.
    expect(other.verdict.pass).toBe(true);
    const prose = await scoreAnswer("billing, I think", testCase, { suite: json, reference: ref }, scorers);
    expect(agreementOf(prose)).toMatchObject({ pass: false, reason: /no JSON/ });
  });

  it("exact: the same text, trimmed", async () => {
    const context = { suite: text, reference: reference("billing"), judging: judging({ mode: "exact" }) };
    expect(agreementOf(await scoreAnswer(" billing\n", testCase, context, scorers))?.pass).toBe(true);
    expect(agreementOf(await scoreAnswer("Billing", testCase, context, scorers))?.pass).toBe(false);
  });

  it("similar (auto on a text task): at least `min` agrees", async () => {
    const ref = reference("Refunds reach your card within 7 business days.");
    const near = await scoreAnswer(
      "Refunds reach your card within 7 business days!",
      testCase,
      { suite: text, reference: ref },
      scorers,
    );
    expect(agreementOf(near)).toMatchObject({ pass: true, details: { mode: "similar", min: 0.8 } });
    const far = await scoreAnswer(
      "Mars has no weather forecast.",
      testCase,
      { suite: text, reference: ref, judging: judging({ min: 0.5 }) },
      scorers,
    );
    const score = agreementOf(far);
    expect(score?.pass).toBe(false);
    expect(score?.score).toBeLessThan(0.5);
    expect(score?.reason).toMatch(/^disagrees with frozen: similarity 0(\.\d+)? < 0\.5 \(local/);
  });
});
