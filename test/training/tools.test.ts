import { describe, expect, it } from "vitest";
import { countTokens } from "../../src/model/index.js";
import { exampleTokens, validateTrainingData } from "../../src/training/index.js";

// The OpenAI cookbook "How to count tokens with tiktoken", section 7 ("Counting tokens for chat
// completions with tool calls"), sends exactly these messages with this one function as a tool and
// prints usage.prompt_tokens from the API: 105 on gpt-3.5-turbo and gpt-4 (cl100k_base), 101 on
// gpt-4o and gpt-4o-mini (o200k_base). Those numbers come from the API, not from our counter.
const weather = {
  name: "get_current_weather",
  description: "Get the current weather in a given location",
  parameters: {
    type: "object",
    properties: {
      location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
      unit: {
        type: "string",
        description: "The unit of temperature to return",
        enum: ["celsius", "fahrenheit"],
      },
    },
    required: ["location"],
  },
};
const messages = [
  { role: "system", content: "You are a helpful assistant that can answer to questions about the weather." },
  { role: "user", content: "What's the weather like in San Francisco?" },
];
const API_PROMPT_TOKENS = { cl100k_base: 105, o200k_base: 101 } as const;

describe("function definitions count as the cookbook counts tools", () => {
  for (const encoding of ["cl100k_base", "o200k_base"] as const) {
    it(`tools: the API's ${API_PROMPT_TOKENS[encoding]} prompt tokens (${encoding})`, () => {
      expect(exampleTokens(messages, encoding, [{ type: "function", function: weather }])).toBe(
        API_PROMPT_TOKENS[encoding],
      );
    });

    it(`legacy top-level functions: the same ${API_PROMPT_TOKENS[encoding]} tokens (${encoding})`, () => {
      expect(exampleTokens(messages, encoding, [weather])).toBe(API_PROMPT_TOKENS[encoding]);
    });
  }

  it("a training line with legacy `functions` is counted with them (it was counted as if they were absent)", () => {
    const call = { name: "get_current_weather", arguments: '{"location":"San Francisco, CA"}' };
    const reply = { role: "assistant", content: null, function_call: call };
    const example = JSON.stringify({ messages: [...messages, reply], functions: [weather] });
    const result = validateTrainingData(`${Array.from({ length: 10 }, () => example).join("\n")}\n`, {
      model: "gpt-3.5-turbo-0125",
    });
    // The reply by the cookbook's message rule: 3 + its role + its function call as JSON.
    const replyTokens =
      3 + countTokens("assistant", "cl100k_base") + countTokens(JSON.stringify(call), "cl100k_base");
    expect(result.perExample[0]?.tokens).toBe(API_PROMPT_TOKENS.cl100k_base + replyTokens);
  });
});
