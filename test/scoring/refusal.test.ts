import { describe, expect, it } from "vitest";
import { isRefusal, refusalScorer, scoreRefusal } from "../../src/scoring/index.js";
import { suiteWith } from "./suite.js";

describe("isRefusal", () => {
  it.each([
    "I don't know.",
    "I don’t know the weather on Mars tomorrow.",
    "I'm not sure about that.",
    "Sorry, I cannot answer that question.",
    "I can't answer that based on the notes.",
    "There is no information about Mars weather in the provided notes.",
    "That is not in the provided context.",
    "The notes do not mention tomorrow's forecast.",
    "I do not have any information on that.",
    "unknown",
    "我不知道。",
    "抱歉，我无法回答这个问题。",
    "我不确定。",
    "提供的资料中没有相关信息。",
    "笔记中未提及此事。",
    "すみません、わかりません。",
    "잘 모르겠습니다.",
    "I'm not sure.",
    "I don't have information about that.",
    "I cannot answer that based on the provided notes.",
    "That is not covered in the provided context.",
    "Sorry, I can't help with that.",
    "Sorry, the provided notes do not mention the weather.",
    "抱歉，不清楚。",
  ])("recognises %j", (text) => {
    expect(isRefusal(text)).toBe(true);
  });

  // What the simulator says when it does not know (src/sim/brain/base.ts).
  it.each([
    "I don't know: nothing I was given covers that.",
    "I don't know the answer to that; it is not in the information I have.",
    "Sorry, I don't know: I have no information about that.",
    "我不知道：我得到的资料里没有这方面的内容。",
    "抱歉，我不知道，我所掌握的信息里没有提到这一点。",
  ])("recognises the simulator's refusal %j", (text) => {
    expect(isRefusal(text)).toBe(true);
  });

  // Negations about someone or something else decline nothing: a refusal needs a first-person
  // subject or an explicit reference to the information the model was given.
  it.each([
    "Interns do not have access to production.",
    '{"note":"customer does not have access"}',
    "No data is lost when the job restarts.",
    "There is no data for empty queries.",
    "Refunds beyond the scope of the warranty are not possible.",
    "This charge cannot be verified by the bank.",
    "We can't confirm the order until payment clears.",
    "The customer doesn't know the password.",
    "According to the provided notes, refunds are not possible.",
    "That option is not available in the context menu.",
    "系统无法提供退款",
    "用户不知道密码",
    "没有数据丢失",
    "我们无法提供退款。",
    "订单信息中没有相关记录，请重新下单。",
    "数值超出范围。",
  ])("does not flag the answer %j", (text) => {
    expect(isRefusal(text)).toBe(false);
  });

  it.each([
    "Tomorrow on Mars: sunny, -60 °C.",
    '{"item":"latte","qty":2}',
    "No data loss occurs when the cache is flushed, because writes are journaled.",
    "The capital of France is Paris.",
    "明天火星晴，零下六十度。",
    "",
  ])("does not flag %j", (text) => {
    expect(isRefusal(text)).toBe(false);
  });
});

describe("scoreRefusal", () => {
  it("is null when the case says nothing about refusal", () => {
    expect(scoreRefusal("I don't know", {})).toBeNull();
  });

  it("refusal expected: refusing passes, answering is a hallucination", () => {
    expect(scoreRefusal("I don't know.", { refusal: true })?.pass).toBe(true);
    const s = scoreRefusal("Sunny, 20 degrees.", { refusal: true });
    expect(s?.pass).toBe(false);
    expect(s?.reason).toContain("hallucination");
  });

  it("refusal not expected: answering passes, refusing fails", () => {
    expect(scoreRefusal("Paris", { refusal: false })?.pass).toBe(true);
    expect(scoreRefusal("I don't know", { refusal: false })?.pass).toBe(false);
  });

  it("is registered as a Scorer of (output, case, context)", async () => {
    const testCase = { id: "c", input: "x", tags: [], expect: { refusal: true } };
    expect(
      (await refusalScorer("I don't know.", testCase, { suite: suiteWith({ format: "text" }) }))?.pass,
    ).toBe(true);
  });
});
