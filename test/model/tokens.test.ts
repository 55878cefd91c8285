import { describe, expect, it } from "vitest";
import { countChatTokens, countTokens, encodingFor } from "../../src/model/index.js";

describe("encodingFor", () => {
  it.each([
    ["gpt-4o-mini", "o200k_base"],
    ["gpt-4o-2024-08-06", "o200k_base"],
    ["gpt-4.1-nano", "o200k_base"],
    ["o3", "o200k_base"],
    ["ft:gpt-4o-mini-2024-07-18:acme::x", "o200k_base"],
    ["gpt-3.5-turbo-0613", "cl100k_base"],
    ["ft:gpt-3.5-turbo-0613:acme::x", "cl100k_base"],
    ["gpt-4-0613", "cl100k_base"],
    ["gpt-4", "cl100k_base"],
    ["text-embedding-3-small", "cl100k_base"],
  ] as const)("%s uses %s", (model, encoding) => {
    expect(encodingFor(model)).toBe(encoding);
  });
});

describe("countChatTokens", () => {
  const messages = [
    { role: "system", content: "Extract the order as JSON." },
    { role: "user", content: "two lattes please" },
    { role: "assistant", content: '{"item":"latte","qty":2}' },
  ] as const;

  it("follows the cookbook: 3 per message + every value + 3 for the reply", () => {
    // By hand with o200k_base: role words are 1 token each; contents are 6, 4 and 10 tokens.
    expect(countTokens("Extract the order as JSON.")).toBe(6);
    expect(countTokens("two lattes please")).toBe(4);
    expect(countTokens('{"item":"latte","qty":2}')).toBe(10);
    expect(countChatTokens(messages)).toBe(3 + (3 + 1 + 6) + (3 + 1 + 4) + (3 + 1 + 10));
  });

  it("adds 1 plus the name's tokens per name", () => {
    const named = [messages[0], { ...messages[1], name: "bob" }];
    expect(countChatTokens(named)).toBe(3 + (3 + 1 + 6) + (3 + 1 + 4 + 1 + 1));
  });

  it("counts with the model's encoding", () => {
    // "two lattes please" is 5 tokens in cl100k_base.
    expect(countChatTokens(messages, "cl100k_base")).toBe(3 + (3 + 1 + 6) + (3 + 1 + 5) + (3 + 1 + 10));
  });
});
