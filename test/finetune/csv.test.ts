import { describe, expect, it } from "vitest";
import { CsvError, parseCsv, parseCsvObjects } from "../../src/config/csv.js";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe("RFC 4180 CSV", () => {
  it("plain fields, CRLF or LF, optional final line break", () => {
    expect(fields("a,b\r\nc,d\r\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(fields("a,b\nc,d")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("quoted fields hold commas, doubled quotes and line breaks", () => {
    const records = parseCsv('input,output\n"Hello, world","She said ""hi"""\n"two\nlines",x\nlast,row\n');
    expect(records.map((r) => r.fields)).toEqual([
      ["input", "output"],
      ["Hello, world", 'She said "hi"'],
      ["two\nlines", "x"],
      ["last", "row"],
    ]);
    // Line numbers are where a record starts.
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it("empty fields, an empty quoted field, a BOM and blank lines", () => {
    expect(fields('\uFEFFa,,c\n\n"",x\n')).toEqual([
      ["a", "", "c"],
      ["", "x"],
    ]);
    expect(fields('""\n')).toEqual([[""]]);
    expect(fields("a,\n")).toEqual([["a", ""]]);
  });

  it("keeps spaces (they are part of the field) and non-ASCII text", () => {
    expect(fields(" a , 退款 \n")).toEqual([[" a ", " 退款 "]]);
  });

  it("errors name the line", () => {
    expect(() => parseCsv('a,b\n"open,x\n')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n"open,x\n')).toThrow(/never closed/);
    try {
      parseCsv('a,b\nc,"d"e\n');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvError);
      expect((error as CsvError).line).toBe(2);
    }
    expect(() => parseCsv('a,b"c\n')).toThrow(/quote inside an unquoted field/);
  });

  it("objects by header; a row with the wrong field count names its line", () => {
    expect(parseCsvObjects("Input,Output\nhi,there\n")).toEqual([
      { line: 2, row: { input: "hi", output: "there" } },
    ]);
    expect(() => parseCsvObjects("input,output\nhi,there\nonly-one\n")).toThrow(
      expect.objectContaining({ line: 3, message: expect.stringMatching(/expected 2 fields/) }),
    );
    expect(parseCsvObjects("")).toEqual([]);
  });
});
