import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  jsonlLines,
  readJsonlFile,
  type ValidationResult,
  validateTrainingFile,
} from "../../src/training/index.js";
import { tempDir } from "../helpers/suite.js";

const line = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "system", content: "Classify the ticket." },
      { role: "user", content: `ticket ${i} — café` },
      { role: "assistant", content: `{"category":"c${i}"}` },
    ],
  });
const lines = Array.from({ length: 12 }, (_, i) => line(i));

function write(name: string, data: Buffer | string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, data);
  return file;
}

const error = (result: ValidationResult, code: string) => result.errors.find((e) => e.code === code);

describe("training files must be UTF-8 without a byte order mark", () => {
  it("a UTF-8 BOM is an error on line 1 that says to save without BOM", async () => {
    const result = await validateTrainingFile(write("bom.jsonl", `\uFEFF${lines.join("\n")}\n`));
    expect(result.ok).toBe(false);
    expect(error(result, "utf8_bom")).toMatchObject({ count: 1, lines: [1] });
    expect(error(result, "utf8_bom")?.title).toMatch(/without (a )?BOM/);
    // The rest of the line is still read: line 1 is a valid example apart from the mark.
    expect(result.examples).toBe(12);
    expect(result.errors.map((e) => e.code)).toEqual(["utf8_bom"]);
  });

  it("bytes that are not UTF-8 are an error naming the first such line", async () => {
    // 0xff never occurs in UTF-8; a lone 0xc3 starts a two-byte sequence that never ends.
    const broken = (text: string, byte: number) =>
      Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([byte]), Buffer.from(text.slice(40))]);
    const data = Buffer.concat(
      lines.flatMap((text, i) => [
        i === 4 ? broken(text, 0xff) : i === 8 ? broken(text, 0xc3) : Buffer.from(text),
        Buffer.from("\n"),
      ]),
    );
    const result = await validateTrainingFile(write("latin.jsonl", data));
    expect(result.ok).toBe(false);
    expect(error(result, "invalid_utf8")).toMatchObject({ count: 2, lines: [5, 9] });
  });

  it("a file in Latin-1 (é as one byte 0xe9) is not UTF-8", async () => {
    const result = await validateTrainingFile(
      write("latin1.jsonl", Buffer.from(`${lines.join("\n")}\n`, "latin1")),
    );
    expect(error(result, "invalid_utf8")?.lines).toEqual([1, 2, 3, 4, 5]);
    expect(error(result, "invalid_utf8")?.count).toBe(12);
  });

  it("clean UTF-8 with multi-byte characters passes", async () => {
    const result = await validateTrainingFile(write("ok.jsonl", `${lines.join("\n")}\n`));
    expect(result.errors).toEqual([]);
  });
});

describe("the JSONL line reader", () => {
  it("reads a file in small chunks exactly as it reads the bytes at once (lines and characters split across chunks)", async () => {
    const data = Buffer.concat([
      Buffer.from(`\uFEFF${lines[0]}\r\n\n{not json\n`),
      Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
      Buffer.from(`${lines[1]}\n"€ at the end, no final line break"`),
    ]);
    const file = write("chunks.jsonl", data);
    const whole = [...jsonlLines(data)];
    expect(
      whole.map((l) => [l.line, l.blank, l.bom ?? false, l.invalidUtf8 ?? false, l.error !== undefined]),
    ).toEqual([
      [1, false, true, false, false],
      [2, true, false, false, false],
      [3, false, false, false, true],
      [4, false, false, true, true],
      [5, false, false, false, false],
      [6, false, false, false, false],
    ]);
    expect(whole[5]?.value).toBe("€ at the end, no final line break");
    for (const chunkSize of [1, 2, 3, 7, 64]) {
      const streamed = [];
      for await (const entry of readJsonlFile(file, { chunkSize })) streamed.push(entry);
      expect(streamed).toEqual(whole);
    }
  });
});
