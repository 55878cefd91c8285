// Cases from JSONL or CSV files beside (or instead of) the suite's inline cases. Loading reads
// each file once to check every row (file:line) and count it; running streams it again, so
// a 100,000-case set costs no memory per case.
import { readCaseRows } from "./case-rows.js";
import { issuesToProblems } from "./issues.js";
import { checkRowJudge, type JudgeContext } from "./judge-checks.js";
import type { Judge } from "./judge-schema.js";
import { ConfigError, formatPath, formatProblem, type PathKey, type Problem } from "./problem.js";
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
  files: { at: PathKey[]; file: string }[];
} {
  if (!Array.isArray(cases)) return { inline: [], files: [{ at: ["cases", "file"], file: cases.file }] };
  const inline: { at: PathKey[]; value: Case }[] = [];
  const files: { at: PathKey[]; file: string }[] = [];
  cases.forEach((item, i) => {
    if (isCaseFile(item)) files.push({ at: ["cases", i, "file"], file: item.file });
    else inline.push({ at: ["cases", i], value: item });
  });
  return { inline, files };
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

/**
 * What a row's judge is checked against: the suite's judge, and the config (its endpoints and
 * judge: when the suite loads; a row read again as the run streams it was checked then).
 */
export interface RowJudging {
  suite?: Judge | undefined;
  context?: JudgeContext;
}

/** One row checked: the case shape, then its expect and its own judge. */
function checkRow(
  file: string,
  line: number,
  data: unknown,
  judging: RowJudging,
): { value?: Case; problems: Problem[] } {
  const source = rowSource(file, line, data);
  const parsed = CaseSchema.safeParse(data);
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, CaseSchema, source) };
  const problems: Problem[] = [];
  const add = (at: PathKey[], message: string) => problems.push(source.problem(at, message));
  const { judge } = parsed.data;
  checkExpect(parsed.data.expect, [], add, judging.suite !== undefined || judge !== undefined);
  if (judge && judging.context) checkRowJudge(judge, judging.suite, judging.context, add);
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
  // Few distinct judges in any file: a row's rubric is left out of the key (it changes no price).
  const judges = new Map<string, CaseFileInfo["judges"][number]>();
  const report = (found: Problem[]) => {
    if (found.length === 0) return;
    if (++bad <= MAX_ROW_PROBLEMS) problems.push(...found);
  };
  for await (const row of readCaseRows(file)) {
    if ("error" in row) {
      report([{ file, line: row.line, column: 1, path: "", message: row.error }]);
      continue;
    }
    const { value, problems: found } = checkRow(file, row.line, row.data, judging);
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
      const judge = value.judge;
      const key = judge && JSON.stringify([judge.endpoint, judge.model, judge.rubric !== undefined]);
      if (judge && key && !judges.has(key)) judges.set(key, { line: row.line, judge });
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
  return { cases: count, labelled, judges: [...judges.values()], similar };
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
  for (const { file } of suite.caseFiles ?? []) {
    for await (const row of readCaseRows(file)) {
      // Checked when the suite loaded; a file edited since is bad input all the same.
      const checked =
        "error" in row
          ? { problems: [{ file, line: row.line, column: 1, path: "", message: row.error }] }
          : checkRow(file, row.line, row.data, { suite: suite.judge });
      if (!checked.value || checked.problems.length > 0) throw new ConfigError(checked.problems);
      yield { value: checked.value, row: { file, line: row.line } };
    }
  }
}

/** Every case of a suite, streamed (suiteRows without the rows). */
export async function* suiteCases(suite: LoadedSuite): AsyncGenerator<Case> {
  for await (const { value } of suiteRows(suite)) yield value;
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
