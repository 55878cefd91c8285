// The rows of a case file (JSONL or CSV), streamed in chunks with the line each starts on, so a
// 100,000-case file is never held whole. What a row must hold is the case shape (suite-schema.ts).
import { createReadStream } from "node:fs";
import { CsvError, CsvObjects, CsvParser, type CsvRow } from "./csv.js";
import { linesOf } from "./lines.js";
import { nearest } from "./suggest.js";
import { ExpectSchema } from "./suite-schema.js";

export type CaseRow = { line: number; data: unknown } | { line: number; error: string };

/** Checks whose value is text: a CSV cell is taken as written, though it reads as JSON (`42`). */
const TEXT_CHECKS = new Set(["equals", "regex", "reference"]);
/** Checks of one text or several: a cell that starts with `[` is a JSON list. */
const TEXTS_CHECKS = new Set(["contains", "notContains"]);

/** The columns a CSV case file may have: one header problem, not the same one on every row. */
const CHECKS = Object.keys(ExpectSchema.shape);
const COLUMNS = ["id", "input", "tags", "expect", ...CHECKS.map((c) => `expect.${c}`)];
const REQUIRED = ["id", "input"];

function jsonOr(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

/** A check's cell as its value, or why it is not one. */
function checkCell(check: string, cell: string): { value: unknown } | { error: string } {
  if (TEXT_CHECKS.has(check)) return { value: cell };
  if (TEXTS_CHECKS.has(check)) return { value: cell.trimStart().startsWith("[") ? jsonOr(cell) : cell };
  try {
    return { value: JSON.parse(cell) };
  } catch (error) {
    // `{category: bug}` read as text would be a JSON string no answer ever equals.
    return {
      error: `expect.${check}: not valid JSON (${(error as Error).message}); write JSON such as {"qty": 2}, true or "text"`,
    };
  }
}

/** What is wrong with a CSV header, in one line; undefined when nothing is. */
function headerProblem(names: readonly string[]): string | undefined {
  const missing = REQUIRED.filter((name) => !names.includes(name)).map((name) => `"${name}"`);
  const unknown = names
    .filter((name) => !COLUMNS.includes(name))
    .map((name) => {
      // `expect.contians` is nearest `expect` by its prefix: a check column is matched by its check.
      const check = name.startsWith("expect.") ? nearest(name.slice("expect.".length), CHECKS) : undefined;
      const near = check ? `expect.${check}` : nearest(name, COLUMNS);
      return near ? `"${name}" (did you mean "${near}"?)` : `"${name}"`;
    });
  const parts = [
    ...(missing.length > 0 ? [`the header has no ${missing.join(" or ")} column`] : []),
    ...(unknown.length > 0 ? [`unknown columns ${unknown.join(", ")}`] : []),
  ];
  if (parts.length === 0) return undefined;
  return `${parts.join("; ")} (a case file's columns: id, input, tags, expect, expect.<check>)`;
}

/**
 * A CSV row as a case: `id`, `input`, `tags` (a JSON list or `a;b`), `expect` (a JSON object) and
 * `expect.<check>` columns (text checks as written, the others as JSON: `true`, `{"qty": 2}`).
 * Empty cells are left out; the header's columns were checked (headerProblem).
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
      const value = checkCell(check, cell);
      if ("error" in value) return value;
      expect[check] = value.value;
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
  let checked = false;
  // The header is checked before its rows: a wrong column would otherwise be named on every row.
  function* headed(rows: CsvRow[]): Generator<CaseRow, boolean> {
    if (!checked && objects.header) {
      checked = true;
      const problem = headerProblem(objects.header.names);
      if (problem) {
        yield { line: objects.header.line, error: problem };
        return false;
      }
    }
    yield* rows.map(asCase);
    return true;
  }
  try {
    for await (const chunk of stream)
      if (!(yield* headed(objects.rows(parser.push(chunk as string))))) return;
    yield* headed(objects.rows(parser.end()));
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
