import { describe, expect, test } from "vitest";
import { ConfigSchema, resolveStrategies } from "../../src/config/index.js";

const config = (input: unknown) => ConfigSchema.parse(input);

describe("resolveStrategies", () => {
  test("no strategies configured: the four built-ins on the simulator, tuned without a model", () => {
    expect(resolveStrategies(config({}))).toEqual([
      { name: "baseline", type: "baseline", config: { endpoint: "sim" } },
      { name: "prompt", type: "prompt", config: { endpoint: "sim" } },
      { name: "retrieval", type: "retrieval", config: { endpoint: "sim" } },
      { name: "tuned", type: "tuned", config: { endpoint: "sim" } },
    ]);
  });

  test("defined strategies, typed by name or by `type`", () => {
    const resolved = resolveStrategies(
      config({
        strategies: { prompt: { shots: 2 }, "gpt-fewshot": { type: "prompt", model: "gpt-4o-mini" } },
      }),
    );
    expect(resolved.map((s) => [s.name, s.type, s.config.model])).toEqual([
      ["prompt", "prompt", undefined],
      ["gpt-fewshot", "prompt", "gpt-4o-mini"],
    ]);
  });

  test("run.strategies selects and orders; an undefined built-in name gets its default", () => {
    const resolved = resolveStrategies(
      config({
        strategies: { tuned: { model: "ft:x" }, prompt: {} },
        run: { strategies: ["tuned", "baseline"] },
      }),
    );
    expect(resolved).toEqual([
      { name: "tuned", type: "tuned", config: { endpoint: "sim", model: "ft:x" } },
      { name: "baseline", type: "baseline", config: { endpoint: "sim" } },
    ]);
  });
});
