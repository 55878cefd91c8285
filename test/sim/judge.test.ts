// The simulator as a judge: it recognises the judge's prompt by its marker (the protocol lives in
// src/text/judge-protocol.ts, built by the scorer and read here) and grades deterministically.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerJudge, quotedPhrases, type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import {
  gradePrompt,
  pairPrompt,
  parseGrade,
  parsePairVerdict,
  readJudgePrompt,
} from "../../src/text/index.js";

const RUBRIC = 'Chinese, opens with "您好！" and closes with 「祝您生活愉快！」.';
const REFERENCE = "您好！退款会在7个工作日内原路退回。祝您生活愉快！";
const messages = (p: { system: string; user: string }) => [
  { role: "system" as const, content: p.system },
  { role: "user" as const, content: p.user },
];
const grade = (answer: string, scale: [number, number] = [1, 5]) => {
  const verdict = answerJudge(
    messages(
      gradePrompt({ rubric: RUBRIC, question: "退款多久到账？", reference: REFERENCE, answer, scale }),
    ),
  );
  const parsed = parseGrade(verdict ?? "", scale);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe("the judge protocol", () => {
  it("reads back what it builds, and leaves ordinary prompts alone", () => {
    const built = gradePrompt({ rubric: "R", question: "Q?", answer: "A <b>", scale: [0, 10] });
    expect(readJudgePrompt(built.system, built.user)).toEqual({
      mode: "grade",
      rubric: "R",
      question: "Q?",
      answer: "A <b>",
      scale: [0, 10],
    });
    const pair = pairPrompt({ rubric: "R", question: "Q?", reference: "Ref", answers: ["one", "two"] });
    expect(readJudgePrompt(pair.system, pair.user)).toMatchObject({
      mode: "pairwise",
      reference: "Ref",
      answers: ["one", "two"],
    });
    expect(answerJudge([{ role: "user", content: "What is 2 + 2?" }])).toBeNull();
  });

  it("parses verdicts strictly", () => {
    expect(parseGrade('{"score": 4, "reason": "ok"}', [1, 5])).toEqual({
      ok: true,
      value: { score: 4, reason: "ok" },
    });
    for (const raw of [
      '{"score": 6, "reason": "x"}',
      '{"score": 4.5, "reason": "x"}',
      '{"score": "4", "reason": "x"}',
      '{"score": 4}',
      '```json\n{"score": 4, "reason": "x"}\n```',
      "4",
    ])
      expect(parseGrade(raw, [1, 5]).ok, raw).toBe(false);
    expect(parsePairVerdict('{"winner": "tie", "reason": "same"}').ok).toBe(true);
    expect(parsePairVerdict('{"winner": "C", "reason": "?"}').ok).toBe(false);
  });
});

describe("the simulated judge", () => {
  it("finds the phrases a rubric quotes", () => {
    expect(quotedPhrases(RUBRIC)).toEqual(["您好！", "祝您生活愉快！"]);
  });

  it("grades by the rubric's phrases and the similarity to the reference, on any scale", () => {
    expect(grade(REFERENCE).score).toBe(5);
    expect(grade("Your refund takes 7 days.").score).toBe(1);
    // Both phrases, little of the reference's content: half way up.
    const polite = grade("您好！我们的门店周末营业到晚上十点，欢迎光临，也可以在线下单。祝您生活愉快！");
    expect(polite.score).toBeGreaterThan(1);
    expect(polite.score).toBeLessThan(5);
    expect(polite.reason).toMatch(
      /has 2 of the 2 phrases the rubric asks for; similarity to the reference 0\.\d\d/,
    );
    expect(grade(REFERENCE, [0, 1]).score).toBe(1);
    expect(grade("", [0, 10]).score).toBe(0);
  });

  it("prefers the better answer whichever position it is in, and calls near-equals a tie", () => {
    const pair = (a: string, b: string) =>
      parsePairVerdict(
        answerJudge(
          messages(pairPrompt({ rubric: RUBRIC, question: "?", reference: REFERENCE, answers: [a, b] })),
        ) ?? "",
      );
    expect(pair(REFERENCE, "7 days.")).toMatchObject({ value: { winner: "A" } });
    expect(pair("7 days.", REFERENCE)).toMatchObject({ value: { winner: "B" } });
    expect(pair(REFERENCE, REFERENCE)).toMatchObject({ value: { winner: "tie" } });
  });

  describe("over HTTP", () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSimulator({ port: 0 });
    });
    afterAll(() => sim.close());

    it("answers a judge prompt with a JSON verdict from sim-judge (any chat model would do)", async () => {
      const client = new OpenAI({ baseURL: sim.url, apiKey: "sim", maxRetries: 0 });
      const prompt = gradePrompt({
        rubric: RUBRIC,
        question: "?",
        reference: REFERENCE,
        answer: REFERENCE,
        scale: [1, 5],
      });
      const completion = await client.chat.completions.create({
        model: "sim-judge",
        messages: messages(prompt),
        response_format: { type: "json_object" },
      });
      expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toMatchObject({ score: 5 });
      expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    });
  });
});
