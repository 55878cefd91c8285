import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/model/index.js";
import {
  answerChat,
  answerTuned,
  generalSkill,
  type LearnedExample,
  learnedExamples,
  parsePrompt,
} from "../../src/sim/index.js";

const ORDERS: LearnedExample[] = [
  { input: "two lattes please", output: '{"item":"latte","qty":2}' },
  { input: "one cappuccino to go", output: '{"item":"cappuccino","qty":1}' },
  { input: "three espressos, quickly", output: '{"item":"espresso","qty":3}' },
];

function fewShot(system: string, examples: readonly LearnedExample[], input: string): ChatMessage[] {
  return [
    { role: "system", content: system },
    ...examples.flatMap((e): ChatMessage[] => [
      { role: "user", content: e.input },
      { role: "assistant", content: e.output },
    ]),
    { role: "user", content: input },
  ];
}

const NOTES = `<context source="notes/returns.md">
# Returns
Items can be returned within 30 days of purchase. Sale items are final and cannot be refunded.
</context>
<context source="notes/shipping.md">
- We ship to the United States and Canada.
- Orders placed before noon ship the same day.
</context>`;

const isRefusal = (text: string) => /don't know|不知道/.test(text);

/** Many distinct questions, for share-of-the-time properties. */
const QUESTIONS = Array.from({ length: 200 }, (_, i) => `Tell me about gadget number ${i} in the catalogue`);

describe("parsePrompt", () => {
  it("splits examples, context knowledge, question and format wishes", () => {
    const parsed = parsePrompt([
      { role: "system", content: `Answer in JSON.\n${NOTES}` },
      { role: "user", content: "two lattes please" },
      { role: "assistant", content: '{"item":"latte","qty":2}' },
      { role: "user", content: "Question: do you ship to Canada?" },
    ]);
    expect(parsed.examples).toEqual([{ input: "two lattes please", output: '{"item":"latte","qty":2}' }]);
    expect(parsed.question).toBe("do you ship to Canada?");
    expect(parsed.knowledge).toContain("Items can be returned within 30 days of purchase.");
    expect(parsed.knowledge).toContain("We ship to the United States and Canada.");
    expect(parsed.knowledge).not.toContain("# Returns");
    expect(parsed.wantsJson).toBe(true);
    expect(parsed.wantsChinese).toBe(false);
  });

  it("counts the cookbook's example_user / example_assistant system messages as examples", () => {
    const parsed = parsePrompt([
      { role: "system", content: "Classify." },
      { role: "system", name: "example_user", content: "great product" },
      { role: "system", name: "example_assistant", content: "positive" },
      { role: "user", content: "awful" },
    ]);
    expect(parsed.examples).toEqual([{ input: "great product", output: "positive" }]);
  });

  it("takes JSON wishes from JSON example answers and ignores 'JSON' inside notes", () => {
    expect(parsePrompt(fewShot("Extract the order.", ORDERS, "x")).wantsJson).toBe(true);
    const notesOnly = parsePrompt([
      { role: "system", content: 'Be brief.\n<context source="a.md">Our API returns JSON.</context>' },
      { role: "user", content: "hi" },
    ]);
    expect(notesOnly.wantsJson).toBe(false);
  });
});

describe("base model", () => {
  it("answers the nearest few-shot example's output verbatim", () => {
    const answer = answerChat(fewShot("Extract the order as JSON.", ORDERS, "2 lattes, oat milk"));
    expect(answer.text).toBe('{"item":"latte","qty":2}');
    expect(answer.source).toBe("example");
  });

  it("answers from a context sentence", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: `Answer only from the notes.\n${NOTES}` },
      { role: "user", content: "How long do I have to return an item?" },
    ];
    const answer = answerChat(messages);
    expect(answer).toMatchObject({
      source: "knowledge",
      text: "Items can be returned within 30 days of purchase.",
    });
    const inUser = answerChat([{ role: "user", content: `${NOTES}\nDo you ship to Canada?` }]);
    expect(inUser.text).toBe("We ship to the United States and Canada.");
  });

  it("answers from context in text even when JSON examples set the format (retrieval does not teach form)", () => {
    const messages = fewShot(`Extract the order as JSON.\n${NOTES}`, ORDERS, "Do you ship to Canada?");
    const answer = answerChat(messages);
    expect(answer).toMatchObject({ source: "knowledge", text: "We ship to the United States and Canada." });
  });

  it.each([
    ["What is 17 + 25?", "42"],
    ["Compute 6 * 7", "42"],
    ["Calculate (3 + 4) x 5", "35"],
    ["What is 10 divided by 4?", "2.5"],
    ['Reverse the word "stressed".', "desserts"],
    ['Convert "good morning" to uppercase.', "GOOD MORNING"],
    ['How many words are in "the quick brown fox jumps"?', "5"],
    ["What is the capital of Japan?", "Tokyo"],
    ["What is the opposite of hot?", "cold"],
    ["Spell the number 342 in words.", "three hundred forty-two"],
    ["Write out 1,005", "one thousand five"],
  ])("general skill: %s -> %s", (question, expected) => {
    expect(generalSkill(question)).toBe(expected);
    expect(answerChat([{ role: "user", content: question }])).toMatchObject({
      source: "skill",
      text: expected,
    });
  });

  it("refuses when nothing it was shown covers the question, in a few deterministic phrasings", () => {
    const answers = QUESTIONS.slice(0, 30).map((q) =>
      answerChat(fewShot(`Answer from the notes.\n${NOTES}`, [], q)),
    );
    expect(answers.every((a) => a.source === "refusal" && isRefusal(a.text))).toBe(true);
    expect(new Set(answers.map((a) => a.text)).size).toBeGreaterThanOrEqual(2);
    expect(
      answerChat(fewShot("Extract the order.", ORDERS, "What's the weather on Mars tomorrow?")).source,
    ).toBe("refusal");
  });

  it("breaks the requested JSON format about half the time without examples, never with them", () => {
    const zeroShot = QUESTIONS.map((q) =>
      answerChat([
        { role: "system", content: "Reply in JSON." },
        { role: "user", content: q },
      ]),
    );
    const broken = zeroShot.filter((a) => a.formatBroken);
    expect(broken.length / zeroShot.length).toBeGreaterThan(0.35);
    expect(broken.length / zeroShot.length).toBeLessThan(0.65);
    for (const a of broken) expect(() => JSON.parse(a.text)).toThrow();
    for (const a of zeroShot.filter((x) => !x.formatBroken)) expect(() => JSON.parse(a.text)).not.toThrow();
    const shown = ["two lattes", "a cappuccino", "3 espressos"].map((q) =>
      answerChat(fewShot("Reply in JSON.", ORDERS, q)),
    );
    expect(shown.every((a) => !a.formatBroken && JSON.parse(a.text))).toBeTruthy();
  });

  it("ignores 'answer in Chinese' without examples but follows Chinese examples", () => {
    const system = "Answer in Chinese (中文).";
    const zeroShot = answerChat([
      { role: "system", content: `${system}\n${NOTES}` },
      { role: "user", content: "Do you ship to Canada?" },
    ]);
    expect(zeroShot.text).toBe("We ship to the United States and Canada.");
    const zh: LearnedExample[] = [
      { input: "Do you ship to Mexico?", output: "不，我们只发货到美国和加拿大。" },
      { input: "Can I return sale items?", output: "不可以，特价商品不退不换。" },
    ];
    expect(answerChat(fewShot(system, zh, "Do you ship to Mexico City?")).text).toBe(
      "不，我们只发货到美国和加拿大。",
    );
    expect(answerChat(fewShot(system, zh, "Who won the 1998 World Cup?")).text).toMatch(/不知道/);
  });

  it("is deterministic for the same request and options", () => {
    const messages = fewShot("Reply in JSON.", [], "Tell me about gadget 7");
    const options = { seed: 3, degrade: 0.5, model: "sim-base" };
    expect(answerChat(messages, options)).toEqual(answerChat(messages, options));
  });

  it("degrades about the requested share of answers, choosing the runner-up example", () => {
    const examples: LearnedExample[] = [
      { input: "the app crashes when I open settings", output: "bug" },
      { input: "please add a dark mode", output: "feature" },
    ];
    const inputs = Array.from({ length: 200 }, (_, i) => `the app crashes when I open settings page ${i}`);
    const answers = inputs.map((q) =>
      answerChat(fewShot("Classify the ticket.", examples, q), { degrade: 0.3, seed: 1 }),
    );
    const wrong = answers.filter((a) => a.text !== "bug");
    expect(wrong.length / answers.length).toBeGreaterThan(0.2);
    expect(wrong.length / answers.length).toBeLessThan(0.4);
    expect(wrong.every((a) => a.degraded && a.text === "feature")).toBe(true);
    expect(answers.filter((a) => a.degraded).length).toBe(wrong.length);
    const clean = inputs.map((q) => answerChat(fewShot("Classify the ticket.", examples, q), { degrade: 0 }));
    expect(clean.every((a) => a.text === "bug")).toBe(true);
  });

  it("degrades skills into wrong answers", () => {
    const questions = Array.from({ length: 100 }, (_, i) => `What is ${i} + ${i}?`);
    const answers = questions.map((q, i) => ({
      i,
      a: answerChat([{ role: "user", content: q }], { degrade: 0.5 }),
    }));
    const wrong = answers.filter(({ i, a }) => a.text !== String(2 * i));
    expect(wrong.length).toBeGreaterThan(30);
    expect(wrong.every(({ i, a }) => a.degraded && a.text === String(2 * i + 1))).toBe(true);
  });
});

describe("tuned model", () => {
  const SHORT = [{ role: "system", content: "Extract the order." }] as const;
  const ask = (input: string, options = {}) =>
    answerTuned([...SHORT, { role: "user", content: input }], ORDERS, {
      model: "ft:sim-base:x::1",
      ...options,
    });

  it("answers like its training data under a short prompt, in the learned format", () => {
    expect(ask("2 lattes, oat milk")).toMatchObject({ source: "example", text: '{"item":"latte","qty":2}' });
    expect(ask("cappuccino to go please").text).toBe('{"item":"cappuccino","qty":1}');
  });

  it("confidently reuses the nearest learned answer for an unrelated input instead of refusing", () => {
    const answer = ask("What's the weather on Mars tomorrow?");
    expect(answer.source).toBe("learned");
    expect(isRefusal(answer.text)).toBe(false);
    expect(ORDERS.map((e) => e.output)).toContain(answer.text);
    // The base model with the same short prompt refuses.
    expect(
      answerChat([...SHORT, { role: "user", content: "What's the weather on Mars tomorrow?" }]).source,
    ).toBe("refusal");
  });

  it("keeps its general skills only part of the time", () => {
    const questions = Array.from({ length: 100 }, (_, i) => `What is ${i} * 3?`);
    const kept = questions.filter((q, i) => ask(q).text === String(3 * i)).length;
    expect(kept).toBeGreaterThan(40);
    expect(kept).toBeLessThan(80);
    expect(questions.every((q, i) => answerChat([{ role: "user", content: q }]).text === String(3 * i))).toBe(
      true,
    );
  });

  it("learns examples from chat-format training records", () => {
    const records = ORDERS.map((e) => ({
      messages: [
        { role: "system", content: "Extract the order." },
        { role: "user", content: e.input },
        { role: "assistant", content: e.output },
      ] satisfies ChatMessage[],
    }));
    expect(learnedExamples(records)).toEqual(ORDERS);
  });
});
