// A judge configured wrongly is bad input found before any call: one line with file:line, exit 2.
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { only, problemsOf, project, SUITE } from "./fixtures.js";

const suiteFile = (dir: string) => path.join(dir, "suites", "a.yaml");
/** SUITE with a judge block (lines 6.. of the file) before its cases. */
const judged = (judge: string) => SUITE.replace("cases:\n", `judge:\n${judge}cases:\n`);

describe("judge settings that cannot work", () => {
  test("a suite judge on an unknown endpoint", async () => {
    const { dir, problems } = await problemsOf({
      "suites/a.yaml": judged("  endpoint: grader\n  rubric: Polite.\n"),
    });
    expect(only(problems)).toMatchObject({
      file: suiteFile(dir),
      line: 7,
      path: "judge.endpoint",
      message: "unknown judge endpoint 'grader'; define it under 'endpoints' in the config or use 'sim'",
    });
  });

  test("a judge without a rubric (in the suite, its cases or the project)", async () => {
    const { problems } = await problemsOf({ "suites/a.yaml": judged("  scale: [1, 5]\n") });
    expect(only(problems)).toMatchObject({
      line: 6,
      path: "judge",
      message: expect.stringMatching(/no rubric/),
    });
  });

  test("a pass mark the scale does not fit, and a backwards scale", async () => {
    const { problems } = await problemsOf({
      "suites/a.yaml": judged("  rubric: Polite.\n  scale: [1, 5]\n  pass: 7\n"),
    });
    expect(only(problems)).toMatchObject({
      line: 9,
      path: "judge.pass",
      message: "pass 7 does not fit the judge's scale [1, 5]: give a pass mark from 1 to 5",
    });
    const backwards = await problemsOf({ "suites/a.yaml": judged("  rubric: Polite.\n  scale: [5, 1]\n") });
    expect(only(backwards.problems)).toMatchObject({ line: 8, path: "judge.scale" });
  });

  test("the project's judge: unknown endpoint, and a real endpoint without a model", async () => {
    const unknown = await problemsOf({
      "eval.config.yaml": 'suites: ["suites/*.yaml"]\njudge: { endpoint: nope }\n',
      "suites/a.yaml": SUITE,
    });
    expect(only(unknown.problems)).toMatchObject({ line: 2, path: "judge.endpoint" });
    const noModel = await problemsOf({
      "eval.config.yaml":
        'suites: ["suites/*.yaml"]\nendpoints: { openai: { baseURL: "https://api.openai.com/v1" } }\njudge: { endpoint: openai }\n',
      "suites/a.yaml": SUITE,
    });
    expect(only(noModel.problems).message).toMatch(/the judge needs a model for endpoint 'openai'/);
  });

  test("labels without a judge, a label off the scale, similar without a text, pairwise with a stranger", async () => {
    const noJudge = await problemsOf({
      "suites/a.yaml": SUITE.replace(
        "    expect: { contains: answer }\n",
        "    expect: { contains: answer, similar: { min: 0.5 } }\n    labels: [{ answer: the answer, label: pass }]\n",
      ),
    });
    expect(noJudge.problems.map((p) => [p.path, p.message])).toEqual([
      ["cases[0].expect.similar", "similar needs a text: give similar.to or expect.reference"],
      ["cases[0].labels", "labels need a judge: give the suite (or this case) a judge with a rubric"],
    ]);
    const offScale = await problemsOf({
      "suites/a.yaml": judged("  rubric: Polite.\n  pairwise: [[prompt, gpt]]\n").replace(
        "    expect: { contains: answer }\n",
        "    expect: { contains: answer }\n    labels: [{ answer: the answer, label: 9 }]\n",
      ),
    });
    expect(offScale.problems.map((p) => p.message)).toEqual([
      "unknown strategy 'gpt' in pairwise; known: baseline, prompt, retrieval, tuned",
      "label 9 is not on the judge's scale [1, 5]",
    ]);
  });
});

describe("tunebench run with a broken judge", () => {
  let sim: RunningSimulator | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });

  test("stops before any model call: one line naming file:line, exit 2", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = await project({
      "eval.config.yaml": `suites: ["suites/*.yaml"]\nendpoints: { s: { baseURL: "${sim.url}" } }\nstrategies: { prompt: { endpoint: s, model: sim-base } }\n`,
      "suites/a.yaml": judged("  rubric: Polite.\n  pass: 0\n"),
    });
    const cli = await runCli([registerRunCommand], ["run", "-c", path.join(dir, "eval.config.yaml")]);
    expect(cli.code).toBe(2);
    const lines = cli.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/a\.yaml:8:\d+: judge\.pass: pass 0 does not fit the judge's scale \[1, 5\]/);
    expect(sim.stats.requests).toBe(0);
  });
});
