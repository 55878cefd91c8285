import path from "node:path";
import { type Problem, validateProject } from "../../src/config/index.js";
import { writeProject } from "../helpers/project.js";

/** Writes the files into a fresh temp dir and returns its path. */
export async function project(files: Record<string, string>): Promise<string> {
  return writeProject(files, "tunebench-config-");
}

export const CONFIG = 'suites: ["suites/*.yaml"]\n';

// Line numbers matter: tests below point into this text.
export const SUITE = `name: demo
task:
  system: Answer the question.
  examples:
    - { input: what is the answer, output: the answer }
cases:
  - id: one
    input: What is it?
    expect: { contains: answer }
`;

/** Validates a project made of a config and suites; returns its problems. */
export async function problemsOf(
  files: Record<string, string>,
): Promise<{ dir: string; problems: Problem[] }> {
  const dir = await project({ "eval.config.yaml": CONFIG, ...files });
  const { problems } = await validateProject(path.join(dir, "eval.config.yaml"));
  return { dir, problems };
}

/** The one problem, or a failure listing all of them. */
export function only(problems: Problem[]): Problem {
  if (problems.length !== 1)
    throw new Error(`expected one problem, got:\n${JSON.stringify(problems, null, 2)}`);
  return problems[0] as Problem;
}
