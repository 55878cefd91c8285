import { describe, expect, test } from "vitest";
import { CONFIG, problemsOf, SUITE } from "./fixtures.js";

// A Windows path (`notes\*.md`) said only "nothing matches": in a glob `\` escapes the next
// character. Any notes, datasets or suites pattern with a backslash that matches nothing says so.
const withTask = (lines: string) => SUITE.replace("  examples:", `${lines}\n  examples:`);
const HINT = "use '/' between folders, also on Windows";

describe("a backslash in a path that matches nothing", () => {
  test.each([
    ["notes glob", withTask(String.raw`  notes: 'notes\*.md'`), "task.notes", "'notes/*.md'"],
    ["notes file", withTask(String.raw`  notes: ['notes\a.md']`), "task.notes[0]", "'notes/a.md'"],
    [
      "dataset",
      withTask(String.raw`  datasets: ['data\extra.jsonl']`),
      "task.datasets[0]",
      "'data/extra.jsonl'",
    ],
  ])("%s: the problem says to use /", async (_, suite, at, fixed) => {
    const { problems } = await problemsOf({
      "suites/a.yaml": suite,
      "suites/notes/a.md": "# a\n",
      "suites/data/extra.jsonl": "",
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(at);
    expect(problems[0]?.message).toContain(`; ${HINT} (${fixed}): in a glob '\\' escapes the next character`);
  });

  test("suites in the config", async () => {
    const { problems } = await problemsOf({
      "eval.config.yaml": "suites: ['suites\\*.yaml']\n",
      "suites/a.yaml": SUITE,
    });
    expect(problems.map((p) => [p.path, p.line])).toEqual([["suites[0]", 1]]);
    expect(problems[0]?.message).toContain(`${HINT} ('suites/*.yaml')`);
  });

  test("no hint without a backslash", async () => {
    const { problems } = await problemsOf({
      "eval.config.yaml": CONFIG,
      "suites/a.yaml": withTask("  notes: notes/*.md"),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(
      /^missing notes file: nothing matches 'notes\/\*\.md' \(relative to .*\)$/,
    );
  });
});
