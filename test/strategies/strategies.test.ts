import { describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../src/retrieval/index.js";
import {
  buildFewShotMessages,
  createStrategy,
  describeOutput,
  NO_TUNED_MODEL,
  selectExamples,
} from "../../src/strategies/index.js";
import { makeSuite, tempDir } from "../helpers/suite.js";

const deps = () => ({
  embedderFor: () => new LocalEmbedder(),
  indexRoot: tempDir(),
  tunedRecords: [],
  taskSuites: [],
});

describe("baseline", () => {
  it("sends only the instructions and the input", async () => {
    const suite = makeSuite();
    const s = createStrategy("baseline", "baseline", { endpoint: "sim" }, deps());
    const req = await s.buildRequest(suite, "hello");
    expect(req.model).toBe("sim-base");
    expect(req.messages).toEqual([
      { role: "system", content: "Classify the ticket." },
      { role: "user", content: "hello" },
    ]);
  });
});

describe("prompt", () => {
  it("states the output format and adds k examples as user/assistant pairs", () => {
    const suite = makeSuite();
    const messages = buildFewShotMessages(suite.task, "charged twice", 2);
    expect(messages[0]?.role).toBe("system");
    expect(messages[0]?.content).toContain("JSON");
    expect(messages[0]?.content).toContain('"required":["category"]');
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user", "assistant", "user"]);
    expect(messages.at(-1)).toEqual({ role: "user", content: "charged twice" });
  });

  it("picks the examples most similar to the input, in suite order", () => {
    const { examples } = makeSuite().task;
    const picked = selectExamples(examples, "the app crashes on settings", 1);
    expect(picked.map((e) => e.input)).toEqual(["The app crashes when I open settings"]);
    expect(selectExamples(examples, "anything", 10)).toHaveLength(3);
  });

  it("honours shots: 0 as a zero-shot prompt with the format description", async () => {
    const s = createStrategy("p0", "prompt", { endpoint: "sim", shots: 0 }, deps());
    const req = await s.buildRequest(makeSuite(), "x");
    expect(req.messages).toHaveLength(2);
  });
});

describe("describeOutput", () => {
  it("describes language, regex and length", () => {
    const text = describeOutput({ format: "text", language: "zh", regex: "^A", maxLength: 50 });
    expect(text).toContain("Chinese");
    expect(text).toContain("/^A/");
    expect(text).toContain("50 characters");
  });
});

describe("tuned", () => {
  it("is unavailable without a model and says what to do", () => {
    const s = createStrategy("tuned", "tuned", { endpoint: "sim" }, deps());
    expect(s.unavailable()).toBe(NO_TUNED_MODEL);
  });

  it("uses the short tuned instructions when the task has them", async () => {
    const suite = makeSuite();
    suite.task.tunedSystem = "Triage.";
    const s = createStrategy("tuned", "tuned", { endpoint: "sim", model: "ft:sim-base:acme::1" }, deps());
    const req = await s.buildRequest(suite, "hi");
    expect(s.unavailable()).toBeNull();
    expect(req.model).toBe("ft:sim-base:acme::1");
    expect(req.messages[0]).toEqual({ role: "system", content: "Triage." });
  });
});

describe("retrieval", () => {
  it("puts the most relevant note chunks into the prompt as context blocks", async () => {
    const suite = makeSuite({
      notes: {
        "returns.md": "# Returns\n\nItems can be returned within 45 days of delivery.",
        "shipping.md": "# Shipping\n\nStandard shipping takes 3 to 5 business days.",
      },
    });
    const s = createStrategy("retrieval", "retrieval", { endpoint: "sim", topK: 1 }, deps());
    await s.prepare?.(suite);
    const req = await s.buildRequest(suite, "how many days to return an item after delivery?");
    const system = req.messages[0]?.content ?? "";
    expect(system).toContain('<context source="returns.md">');
    expect(system).toContain("45 days");
    expect(system).not.toContain("business days");
    expect(req.embeddingModel).toBeNull();
  });

  it("works without notes (instructions only)", async () => {
    const s = createStrategy("retrieval", "retrieval", { endpoint: "sim" }, deps());
    const req = await s.buildRequest(makeSuite(), "hi");
    expect(req.messages[0]?.content).not.toContain("<context");
  });
});
