import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/suite.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(root, "dist", "cli.js");

function run(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", input: "" });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const line = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "system", content: "Classify the ticket." },
      { role: "user", content: `ticket number ${i}` },
      { role: "assistant", content: `{"category":"c${i}"}` },
    ],
  });
const lines = Array.from({ length: 12 }, (_, i) => line(i));

/** A folder without a config: validate and estimate then use sim-base. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  return dir;
}

// Each test spawns the CLI up to three times: more than the default 5 s on a busy machine.
describe.skipIf(!existsSync(CLI))("tune validate and estimate on bad input", { timeout: 30_000 }, () => {
  it("validate: a UTF-8 BOM is an error on line 1 that says to save without BOM (exit 1)", () => {
    const dir = folder({ "bom.jsonl": `\uFEFF${lines.join("\n")}\n` });
    const result = run(dir, ["tune", "validate", "bom.jsonl"]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/utf8_bom\s+1\s+.*save it as UTF-8 without BOM \(line 1\)/);
  });

  it("validate: invalid UTF-8 names the first line with a bad byte sequence (exit 1)", () => {
    const bad = Buffer.concat([
      Buffer.from(`${lines.slice(0, 6).join("\n")}\n`),
      Buffer.from([0x7b, 0x22, 0x6d, 0xe9, 0x22, 0x3a, 0x31, 0x7d]), // {"m\xe9":1}: Latin-1 é
      Buffer.from(`\n${lines.slice(6).join("\n")}\n`),
    ]);
    const result = run(folder({ "bad.jsonl": bad }), ["tune", "validate", "bad.jsonl"]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/invalid_utf8\s+1\s+line has bytes that are not UTF-8.* \(line 7\)/);
  });

  it("estimate: an invalid JSON line is refused with validate's report and exit code, not skipped", () => {
    const dir = folder({ "train.jsonl": `${lines.slice(0, 11).join("\n")}\n{"messages": [\n` });
    const validate = run(dir, ["tune", "validate", "train.jsonl"]);
    const estimate = run(dir, ["tune", "estimate", "train.jsonl"]);
    expect(validate.code).toBe(1);
    expect(estimate.code).toBe(validate.code);
    expect(estimate.out).toMatch(/invalid_json\s+1\s+line is not valid JSON \(line 12\)/);
    expect(estimate.out).toBe(validate.out);
    expect(estimate.out).not.toMatch(/billed tokens/);
    const json = JSON.parse(run(dir, ["tune", "estimate", "train.jsonl", "--json"]).out) as {
      ok: boolean;
      errors: { code: string; lines: number[] }[];
    };
    expect(json.ok).toBe(false);
    expect(json.errors).toMatchObject([{ code: "invalid_json", lines: [12] }]);
  });

  it("estimate: a BOM is refused too (the same checks as validate)", () => {
    const dir = folder({ "train.jsonl": `\uFEFF${lines.join("\n")}\n` });
    const result = run(dir, ["tune", "estimate", "train.jsonl"]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/utf8_bom .*\(line 1\)/);
  });

  it("estimate: a valid file is estimated (exit 0)", () => {
    const result = run(folder({ "train.jsonl": `${lines.join("\n")}\n` }), [
      "tune",
      "estimate",
      "train.jsonl",
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/examples {10}12/);
  });
});
