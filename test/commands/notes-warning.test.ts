import { describe, expect, test } from "vitest";
import { basicProject } from "../helpers/project.js";
import { runCli } from "../reliability/cli.js";

// Retrieval on a suite without notes ran silently: it is told to answer only from the notes, so
// its numbers mean little there. Said once, on stderr, by `run` and by `validate`.
const NO_NOTES = `name: plain
task:
  system: Answer briefly.
  examples:
    - { input: what is two plus two, output: "4" }
cases:
  - { id: a, input: what is three plus three, expect: { contains: "6" } }
  - { id: b, input: what is four plus four, expect: { contains: "8" } }
  - { id: c, input: what is five plus five, expect: { contains: "10" } }
`;
const WARNING =
  "suites/plain.yaml: warning: suite 'plain' has no task.notes, so strategy 'retrieval' retrieves nothing and answers without notes";

describe("a retrieval strategy on a suite without notes", { timeout: 30_000 }, () => {
  const dir = basicProject({ "suites/plain.yaml": NO_NOTES });

  test("run: one warning line for that suite at the start, not per trial; the run goes on", async () => {
    const result = await runCli(["run", "--strategy", "retrieval", "--reporter", "json"], { cwd: dir });
    expect(result.stderr).toBe(`${WARNING}\n`);
    expect(result.stdout).toMatch(/run \S+: 8 trials, 2 suites/);
    expect(result.code).toBe(0);
  });

  test("validate: the same warning, exit 0", async () => {
    const result = await runCli(["validate"], { cwd: dir });
    expect(result.stderr).toBe(`${WARNING}\n`);
    expect(result.stdout).toBe("ok: 2 suites, 8 cases, 4 strategies\n");
    expect(result.code).toBe(0);
  });

  test("no warning when no retrieval strategy runs, nor for a suite with notes", async () => {
    const result = await runCli(["run", "--strategy", "baseline", "--reporter", "json"], { cwd: dir });
    expect(result.stderr).toBe("");
    const withNotes = await runCli(["run", "-s", "triage", "--strategy", "retrieval", "--reporter", "json"], {
      cwd: dir,
    });
    expect(withNotes.stderr).toBe("");
  });

  test("two retrieval strategies: still one line for the suite, naming both", async () => {
    const project = basicProject({
      "suites/plain.yaml": NO_NOTES,
      "eval.config.yaml": `suites: [suites/*.yaml]
strategies:
  retrieval: { endpoint: sim, embedding: local }
  retrieval-big: { type: retrieval, endpoint: sim, embedding: local, topK: 8 }
`,
    });
    const result = await runCli(["validate"], { cwd: project });
    expect(result.stderr).toBe(
      "suites/plain.yaml: warning: suite 'plain' has no task.notes, so strategies 'retrieval', 'retrieval-big' retrieve nothing and answer without notes\n",
    );
  });

  test("several suites without notes: one line naming them all", async () => {
    const project = basicProject({
      "suites/plain.yaml": NO_NOTES,
      "suites/bare.yaml": NO_NOTES.replace("name: plain", "name: bare"),
    });
    const result = await runCli(["validate"], { cwd: project });
    expect(result.stderr).toBe(
      "warning: 2 suites have no task.notes (bare, plain), so strategy 'retrieval' retrieves nothing and answers without notes there\n",
    );
  });
});
