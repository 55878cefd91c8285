// The rows of a case file (JSONL or CSV), streamed in chunks with the line each starts on, so a
// 100,000-case file is never held whole. What a row must hold is the case shape (suite-schema.ts).
import { createReadStream } from "node:fs";
import { CsvError, CsvObjects, CsvParser, type CsvRow } from "./csv.js";
import { linesOf } from "./lines.js";

export type CaseRow = { line: number; data: unknown } | { line: number; error: string };

/** Checks whose value is text: a CSV cell is taken as written (a JSON list for several texts). */
const TEXT_CHECKS = new Set(["equals", "contains", "notContains", "regex"]);

function jsonOr(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

/**
 * A CSV row as a case: `id`, `input`, `tags` (a JSON list or `a;b`), `expect` (a JSON object) and
 * `expect.<check>` columns (text checks as written, the others as JSON: `true`, `{"qty": 2}`).
 * Empty cells are left out; any other column is kept, so the case shape names it as unknown.
 */
function csvCase(row: Record<string, string>): { data: Record<string, unknown> } | { error: string } {
  const data: Record<string, unknown> = {};
  const expect: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell === "") continue;
    if (column === "tags")
      data.tags = cell.trimStart().startsWith("[")
        ? jsonOr(cell)
        : cell
            .split(";")
            .map((t) => t.trim())
            .filter(Boolean);
    else if (column === "expect") {
      // Spread, a string or a list would turn into keys "0", "1", … each reported on its own.
      const value = jsonOr(cell);
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return {
          error: `expect: expected a JSON object such as {"contains": "x"}, got ${JSON.stringify(cell)}`,
        };
      Object.assign(expect, value);
    } else if (column.startsWith("expect.")) {
      const check = column.slice("expect.".length);
      expect[check] = TEXT_CHECKS.has(check) && !cell.trimStart().startsWith("[") ? cell : jsonOr(cell);
    } else data[column] = cell;
  }
  if (Object.keys(expect).length > 0 || "expect" in row) data.expect = expect;
  return { data };
}

async function* jsonlRows(file: string): AsyncGenerator<CaseRow> {
  let line = 0;
  for await (const raw of linesOf(createReadStream(file))) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    try {
      yield { line, data: JSON.parse(text) };
    } catch (error) {
      yield { line, error: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

const asCase = (r: CsvRow): CaseRow => ("error" in r ? r : { line: r.line, ...csvCase(r.row) });

async function* csvRows(file: string): AsyncGenerator<CaseRow> {
  const parser = new CsvParser();
  const objects = new CsvObjects(false);
  const stream = createReadStream(file, { encoding: "utf8" });
  try {
    for await (const chunk of stream) yield* objects.rows(parser.push(chunk as string)).map(asCase);
    yield* objects.rows(parser.end()).map(asCase);
  } catch (error) {
    // CSV cannot resync after a broken quote: the row it names is the last one read.
    if (!(error instanceof CsvError)) throw error;
    yield { line: error.line, error: error.message };
  } finally {
    stream.destroy();
  }
}

/** Every row of a .jsonl or .csv case file, in order. */
export function readCaseRows(file: string): AsyncGenerator<CaseRow> {
  return /\.csv$/i.test(file) ? csvRows(file) : jsonlRows(file);
}
