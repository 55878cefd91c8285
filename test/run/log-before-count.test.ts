import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { parseYaml } from "../../src/config/yaml-source.js";
import { runSuites } from "../../src/run/index.js";
import { TRIALS_FILE } from "../../src/runlog/index.js";
import { basicProject } from "../helpers/project.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("the run log is written in groups, and a trial counts only once it is on disk", () => {
  it("every trial a hook hears of is already a line in trials.jsonl", async () => {
    const dir = basicProject();
    let folder = "";
    const behind: number[] = [];
    await runSuites({
      config: path.join(dir, "eval.config.yaml"),
      concurrency: 8,
      repeat: 4,
      reporters: [
        {
          onRunStart: (_header, info) => {
            folder = info.dir;
          },
          onTrial: (_trial, done) => {
            const lines = readFileSync(path.join(folder, TRIALS_FILE), "utf8").split("\n");
            const trials = lines.filter((l) => l.includes('"tunebench.trial/1"')).length;
            if (trials < done) behind.push(done - trials);
          },
        },
      ],
    });
    expect(behind).toEqual([]);
    expect(folder).not.toBe("");
  });
});

describe("YAML: the fast reader and the positioned one read the same values", () => {
  it("on the shipped config and every example suite", () => {
    const files = [
      path.join(root, "eval.config.yaml"),
      ...readdirSync(path.join(root, "suites"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(root, "suites", f)),
    ];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const fast = parseYaml(file, text);
      // A problem asks for a position: that builds the positioned document, whose values are compared.
      const line = fast.locate(["name"]).line;
      expect(line, file).toBeGreaterThan(0);
      expect(fast.data, file).toEqual(parseDocument(text).toJS({ maxAliasCount: 1000 }));
    }
  });

  it("a file the fast reader refuses is reported with the positioned reader's line and column", () => {
    const bad = parseYaml("x.yaml", "name: a\ncases:\n  - { id: b\n");
    expect(bad.problems[0]).toMatchObject({ file: "x.yaml", line: expect.any(Number) });
    expect(bad.problems[0]?.message).toMatch(/^invalid YAML/);
  });
});
