// Cases from JSONL or CSV files beside (or instead of) the suite's inline cases. Loading reads
// each file once to check every row (file:line) and count it; running streams it again, so
// a 100,000-case set costs no memory per case.
import { type CaseRow, readCaseRows } from "./case-rows.js";
import { issuesToProblems } from "./issues.js";
import { caseFileRefs, type FileRef } from "./parts.js";
import { ConfigError, formatPath, formatProblem, type PathKey, type Problem } from "./problem.js";
import { type RowJudging, rowJudges } from "./row-judges.js";
import { checkExpect } from "./semantic.js";
import {
  type Case,
  type CaseFile,
  type CaseFileInfo,
  CaseSchema,
  type LoadedSuite,
  type RowPlace,
  type Suite,
} from "./suite-schema.js";
import type { YamlSource } from "./yaml-source.js";

/** Row problems listed per file before the rest are counted: one broken column breaks every row. */
const MAX_ROW_PROBLEMS = 20;

/** A place as problems name it (file:line:column, relative to the working directory). */
export const placeOf = (file: string, line: number, column = 1) =>
  formatProblem({ file, line, column, path: "", message: "" });

const isCaseFile = (item: Case | CaseFile): item is CaseFile => "file" in item;

/** The suite's `cases`, split into inline cases and case files (with the key path of each). */
export function splitCases(cases: Suite["cases"]): {
  inline: { at: PathKey[]; value: Case }[];
  files: FileRef[];
} {
  const inline = Array.isArray(cases)
    ? cases.flatMap((item, i) => (isCaseFile(item) ? [] : [{ at: ["cases", i], value: item }]))
    : [];
  return { inline, files: caseFileRefs(cases) };
}

/** A row pretends to be a one-line YAML source, so its problems read as a suite's do. */
function rowSource(file: string, line: number, data: unknown): YamlSource {
  const locate = () => ({ line, column: 1 });
  return {
    file,
    data,
    problems: [],
    locate,
    problem: (at, message) => ({ file, line, column: 1, path: formatPath(at), message }),
  };
}

/** One row checked: the case shape, then its expect (the row's own judge: checkCaseFile). */
function checkRow(
  file: string,
  line: number,
  data: unknown,
  suiteJudged: boolean,
): { value?: Case; problems: Problem[] } {
  const source = rowSource(file, line, data);
  const parsed = CaseSchema.safeParse(data);
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, CaseSchema, source) };
  const problems: Problem[] = [];
  const add = (at: PathKey[], message: string) => problems.push(source.problem(at, message));
  checkExpect(parsed.data.expect, [], add, suiteJudged || parsed.data.judge !== undefined);
  return { value: parsed.data, problems };
}

/**
 * Reads a case file once, checking every row; `ids` holds the suite's ids so far (id → where) and
 * gets this file's. Returns how many cases the file holds, and how many of them hold labelled answers.
 */
export async function checkCaseFile(
  file: string,
  ids: Map<string, string | (() => string)>,
  problems: Problem[],
  judging: RowJudging = {},
): Promise<Omit<CaseFileInfo, "file">> {
  let count = 0;
  let labelled = 0;
  let bad = 0;
  let similar = false;
  const judges = rowJudges(judging);
  const report = (found: Problem[]) => {
    if (found.length === 0) return;
    if (++bad <= MAX_ROW_PROBLEMS) problems.push(...found);
  };
  for await (const row of readCaseRows(file)) {
    if ("error" in row) {
      report([{ file, line: row.line, column: 1, path: "", message: row.error }]);
      continue;
    }
    const { value, problems: found } = checkRow(file, row.line, row.data, judging.suite !== undefined);
    if (value?.judge)
      for (const { at, message } of judges.check(value.judge, row.line))
        found.push({ file, line: row.line, column: 1, path: formatPath(at), message });
    if (value) {
      const earlier = ids.get(value.id);
      if (earlier)
        found.push({
          file,
          line: row.line,
          column: 1,
          path: "id",
          message: `repeated case id '${value.id}' (first at ${typeof earlier === "string" ? earlier : earlier()}); ids must be unique in a suite`,
        });
      else {
        // Formatted only if the id repeats: path.relative per row was a tenth of loading 100,000 rows.
        const line = row.line;
        ids.set(value.id, () => placeOf(file, line));
      }
      count++;
      if (value.labels) labelled++;
      if (value.expect.similar) similar = true;
    }
    report(found);
  }
  if (bad > MAX_ROW_PROBLEMS)
    problems.push({
      file,
      line: 0,
      column: 0,
      path: "",
      message: `and ${bad - MAX_ROW_PROBLEMS} more rows with problems`,
    });
  if (count === 0 && bad === 0)
    problems.push({ file, line: 0, column: 0, path: "", message: "the case file holds no cases" });
  return { cases: count, labelled, judges: judges.list(), similar };
}

/** A row read again as the run streams it: checked when the suite loaded, a file edited since is bad input. */
function rowCase(file: string, row: CaseRow, suite: LoadedSuite): Case {
  const checked =
    "error" in row
      ? { problems: [{ file, line: row.line, column: 1, path: "", message: row.error }] }
      : checkRow(file, row.line, row.data, suite.judge !== undefined);
  if (!checked.value || checked.problems.length > 0) throw new ConfigError(checked.problems);
  return checked.value;
}

/**
 * Every case of a suite: the inline ones, then each case file's, streamed, each with the row it was
 * read from (`row`: a case file's, or one a selection holds as an inline case).
 */
export async function* suiteRows(suite: LoadedSuite): AsyncGenerator<{ value: Case; row?: RowPlace }> {
  for (const value of suite.cases) {
    const row = suite.rows?.get(value.id);
    yield row ? { value, row } : { value };
  }
  for (const { file } of suite.caseFiles ?? [])
    for await (const row of readCaseRows(file))
      yield { value: rowCase(file, row, suite), row: { file, line: row.line } };
}

/** Every case of a suite, streamed: suiteRows without the rows (a run's stream, no object per row). */
export async function* suiteCases(suite: LoadedSuite): AsyncGenerator<Case> {
  yield* suite.cases;
  for (const { file } of suite.caseFiles ?? [])
    for await (const row of readCaseRows(file)) yield rowCase(file, row, suite);
}

/** How many cases a suite has (its files counted when it loaded). */
export function caseCount(suite: Pick<LoadedSuite, "cases" | "caseFiles">): number {
  return suite.cases.length + (suite.caseFiles ?? []).reduce((sum, f) => sum + f.cases, 0);
}

/** Every case of a suite in memory: for the few readers that need them all at once (leakage checks). */
export async function allCases(suite: LoadedSuite): Promise<Case[]> {
  const cases: Case[] = [];
  for await (const c of suiteCases(suite)) cases.push(c);
  return cases;
}
