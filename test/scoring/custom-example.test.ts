// The custom scorer the README shows (examples/scorers/polite-zh.mjs), loaded from the config as
// users load theirs, scoring answers beside the built-in scorers.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { loadScorers, scoreAnswer } from "../../src/scoring/index.js";
import { writeProject } from "../helpers/project.js";
import { makeSuite } from "../helpers/suite.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const example = path.join(root, "examples", "scorers", "polite-zh.mjs");

describe("the custom scorer example", () => {
  it("loads from `scorers:` and scores every trial, its pass counting like expect", async () => {
    const dir = writeProject({
      "eval.config.yaml": `suites: [suites/*.yaml]\nscorers: { polite: ${example} }\n`,
    });
    const scorers = await loadScorers(await loadConfig(path.join(dir, "eval.config.yaml")));
    expect(scorers.polite?.role).toBe("correctness");
    const suite = makeSuite({
      task: { system: "Answer in Chinese.", output: { format: "text", language: "zh" }, examples: [] },
    });
    const testCase = { id: "c1", input: "退款多久？", tags: [], expect: { contains: "7" } };
    const polite = await scoreAnswer("您好！7个工作日内到账，谢谢。", testCase, { suite }, scorers);
    expect(polite.scores.find((s) => s.scorer === "polite")).toEqual({
      scorer: "polite",
      pass: true,
      score: 0.4,
      reason: "polite markers: 您好 谢谢",
      details: { used: ["您好", "谢谢"] },
    });
    expect(polite.verdict.pass).toBe(true);
    const curt = await scoreAnswer("7天。", testCase, { suite }, scorers);
    expect(curt.verdict.pass).toBe(false);
    const probe = await scoreAnswer(
      "我不知道。",
      { ...testCase, expect: { refusal: true } },
      { suite },
      scorers,
    );
    expect(probe.scores.map((s) => s.scorer)).not.toContain("polite");
  });

  it("is the one the README shows", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const code = readFileSync(example, "utf8").split("\n").slice(4).join("\n").trim();
    expect(readme).toContain(code);
  });
});
