import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runStart, TRIALS_FILE } from "../../src/runlog/index.js";
import { tempDir } from "../helpers/suite.js";
import { headerOf } from "../helpers/trial.js";

describe("runStart", () => {
  it("reads startedAt (to the millisecond) from a header longer than the buffer it reads", () => {
    const runs = tempDir();
    const name = "20260101-000000-abcd";
    mkdirSync(path.join(runs, name));
    // A plan with the case hashes of a large suite makes the header line long.
    const cases = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [`case-${i}`, "0123456789abcdef"]),
    );
    const header = headerOf(["prompt"], ["big"], {
      startedAt: "2026-01-01T00:00:00.250Z",
      plan: {
        repeat: 1,
        sim: { latencyMs: 0, degrade: 0, seed: 0 },
        configHashes: {},
        suites: { big: { file: "suites/big.yaml", task: "t", cases } },
      },
    });
    const line = JSON.stringify(header);
    expect(line.length).toBeGreaterThan(64 * 1024);
    writeFileSync(path.join(runs, name, TRIALS_FILE), `${line}\n`);
    expect(runStart(runs, name)).toBe(Date.parse("2026-01-01T00:00:00.250Z"));
  });
});
