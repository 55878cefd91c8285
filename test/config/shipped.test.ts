import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { glob } from "tinyglobby";
import { beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { type LoadedSuite, resolveStrategies, schemaFiles, validateProject } from "../../src/config/index.js";
import { compileUserRegex } from "../../src/config/regex.js";
import { similarity } from "../../src/text/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let suites: LoadedSuite[] = [];

beforeAll(async () => {
  const report = await validateProject(path.join(root, "eval.config.yaml"));
  expect(report.problems).toEqual([]);
  suites = report.suites ?? [];
});

const suite = (name: string) => {
  const found = suites.find((s) => s.name === name);
  if (!found) throw new Error(`no suite ${name}`);
  return found;
};
const isProbe = (tags: string[]) => tags.includes("out-of-domain");

describe("shipped config and suites", () => {
  test("all six suites validate, each with at least 15 cases and 10 examples", async () => {
    expect(suites.map((s) => s.name).sort()).toEqual([
      "canary-general",
      "out-of-domain",
      "policy-handbook",
      "routing-dsl",
      "ticket-triage",
      "zh-support-style",
    ]);
    for (const s of suites) {
      expect(s.cases.length, s.name).toBeGreaterThanOrEqual(15);
      expect(s.task.examples.length, s.name).toBeGreaterThanOrEqual(10);
    }
    expect(suite("canary-general").canary).toBe(true);
    expect(suite("policy-handbook").noteFiles.length).toBeGreaterThanOrEqual(3);
    const config = (await validateProject(path.join(root, "eval.config.yaml"))).loaded?.config;
    expect(config && resolveStrategies(config).map((s) => s.name)).toEqual([
      "baseline",
      "prompt",
      "retrieval",
      "tuned",
    ]);
  });

  test("out-of-domain probes expect a refusal, and every task suite has some", () => {
    expect(suite("out-of-domain").cases.every((c) => isProbe(c.tags) && c.expect.refusal === true)).toBe(
      true,
    );
    for (const s of suites.filter((s) => !s.canary)) {
      const probes = s.cases.filter((c) => isProbe(c.tags));
      expect(probes.length, s.name).toBeGreaterThanOrEqual(2);
      expect(probes.every((c) => c.expect.refusal === true)).toBe(true);
    }
  });

  // Across suites too: one tuned model may be trained on the examples of every suite.
  test("no eval case is a near-copy of a training example (leakage)", () => {
    const examples = suites.flatMap((s) => s.task.examples);
    for (const s of suites) {
      for (const c of s.cases) {
        for (const e of examples) {
          expect(similarity(c.input, e.input), `${s.name}/${c.id} vs "${e.input}"`).toBeLessThan(0.8);
        }
      }
    }
  });
});

describe("suites are built so strategies differ for the right reasons", () => {
  const nearestOutput = (s: LoadedSuite, input: string) => {
    let best = { score: -1, output: "" };
    for (const e of s.task.examples) {
      const score = similarity(input, e.input);
      if (score > best.score) best = { score, output: e.output };
    }
    return best;
  };

  test.each(["ticket-triage", "zh-support-style", "routing-dsl"])(
    "%s: in-domain cases paraphrase an example whose answer is right",
    (name) => {
      const s = suite(name);
      // `novel` and `hard` cases are deliberately beyond copying the nearest example.
      const copyable = s.cases.filter(
        (c) => !isProbe(c.tags) && !c.tags.includes("novel") && !c.tags.includes("hard"),
      );
      for (const c of copyable) {
        const { score, output } = nearestOutput(s, c.input);
        expect(score, c.id).toBeGreaterThan(0.25);
        if (c.expect.equals !== undefined) expect(output, c.id).toBe(c.expect.equals);
        if (c.expect.regex !== undefined)
          expect(output, c.id).toMatch(compileUserRegex(c.expect.regex) as RegExp);
        if (typeof c.expect.contains === "string") expect(output, c.id).toContain(c.expect.contains);
        if (c.expect.json !== undefined)
          expect(JSON.parse(output), c.id).toMatchObject(c.expect.json as object);
      }
    },
  );

  test("policy-handbook: each answer is in the note sentence closest to its question", async () => {
    const s = suite("policy-handbook");
    const sentences: string[] = [];
    for (const file of s.noteFiles) {
      for (const line of (await readFile(file, "utf8")).split("\n")) {
        if (line.trim() !== "" && !line.startsWith("#")) sentences.push(...line.split(/(?<=[.!?])\s+/));
      }
    }
    let answeredByExamples = 0;
    for (const c of s.cases.filter((c) => !isProbe(c.tags))) {
      const ranked = sentences
        .map((t) => ({ t, score: similarity(c.input, t) }))
        .sort((a, b) => b.score - a.score);
      expect(ranked[0]?.t, c.id).toContain(c.expect.contains);
      if (nearestOutput(s, c.input).output.includes(c.expect.contains as string)) answeredByExamples++;
    }
    // The examples teach the style, not the facts.
    expect(answeredByExamples).toBeLessThanOrEqual(3);
  });

  test("canary cases do not resemble the canary examples (few-shot must not answer them)", () => {
    const s = suite("canary-general");
    for (const c of s.cases) expect(nearestOutput(s, c.input).score, c.id).toBeLessThan(0.2);
  });
});

describe("JSON Schemas for editors", () => {
  test("schema/ holds exactly what the code generates", async () => {
    for (const [name, content] of Object.entries(schemaFiles())) {
      const committed = await readFile(path.join(root, "schema", name), "utf8").catch(() => "(missing)");
      expect(committed, `schema/${name} is stale: run node dist/config/write-schemas.js`).toBe(content);
    }
  });

  test("every shipped YAML file names its schema, and validates against it", async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const files = await glob(["eval.config.yaml", "suites/*.yaml"], { cwd: root, absolute: true });
    expect(files.length).toBe(7);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      const match = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      expect(match, file).not.toBeNull();
      const schemaFile = path.resolve(path.dirname(file), match?.[1] ?? "");
      const validate = ajv.compile(JSON.parse(await readFile(schemaFile, "utf8")));
      expect(validate(parse(text)) ? [] : validate.errors, file).toEqual([]);
    }
  });
});
