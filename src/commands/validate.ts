import type { Command } from "commander";
import { action, EXIT } from "./errors.js";

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("check the config and every suite without calling a model; list all problems at once")
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .addHelpText(
      "after",
      `
Every problem is one line: file:line:column: key.path: what is wrong and what is expected.
Warnings (valid, but likely not meant: a retrieval strategy on a suite without notes) go to
stderr too and leave the exit code at 0.

Examples:
  tunebench validate
  tunebench validate --config staging.config.yaml

Exit codes: 0 valid, 2 problems found.`,
    )
    .action(
      action(async (opts: { config: string }) => {
        const { caseCount, formatProblem, resolveStrategies, retrievalWithoutNotes, validateProject } =
          await import("../config/index.js");
        const { budgetProblems } = await import("../run/index.js");
        const { problems, loaded, suites } = await validateProject(opts.config);
        // A budget the run would refuse (over an unpriced model) is a config problem too.
        if (loaded && suites) problems.push(...(await budgetProblems(loaded, suites)));
        if (problems.length > 0 || !loaded || !suites) {
          for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
          const files = new Set(problems.map((p) => p.file)).size;
          process.stderr.write(
            `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}\n`,
          );
          return EXIT.badInput;
        }
        const cases = suites.reduce((sum, s) => sum + caseCount(s), 0);
        const resolved = resolveStrategies(loaded.config);
        // Valid but likely not meant: listed on stderr, the exit code stays 0.
        for (const line of retrievalWithoutNotes(suites, resolved)) process.stderr.write(`${line}\n`);
        const strategies = resolved.length;
        const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
        process.stdout.write(
          `ok: ${plural(suites.length, "suite")}, ${plural(cases, "case")}, ${plural(strategies, "strategy").replace(/ys$/, "ies")}\n`,
        );
        return EXIT.ok;
      }),
    );
}
