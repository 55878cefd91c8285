import type { Command } from "commander";
import { action } from "./errors.js";
import { collectReporters, loadProjectConfig, writeReport } from "./report.js";

export function registerCompareCommand(program: Command): void {
  program
    .command("compare")
    .description(
      "compare two runs case by case: regressions, fixes, added/removed cases, cost and latency change",
    )
    .argument("<baseline>", "the earlier run: a run folder, its trials.jsonl or its run id")
    .argument("<candidate>", "the run to judge: a run folder, its trials.jsonl or its run id")
    .option("-c, --config <file>", "config with regression gates (default: ./eval.config.yaml if present)")
    .option(
      "--reporter <name>",
      "also write these reports, repeatable or comma-separated: json, markdown, junit, html (default: none)",
      collectReporters,
    )
    .option("-o, --out <dir>", "where report files go (default: the candidate's run folder)")
    .addHelpText(
      "after",
      `
Matches trials on suite, case id, strategy and repeat; exact McNemar on the matched cases (with
--repeat, a case's repeats are one cluster: the sign-flip test of the cases' shares), Holm across
each suite's strategies; decisions better / worse / equivalent / inconclusive. Canary suites are
listed apart. Only the baseline gates apply here: maxRegressions, maxSignificantDrop and maxDrop
(each strategy against itself in the baseline run).

Examples:
  tunebench compare reports/20261120-101500-aaaa reports/20261124-235901-3fa2
  tunebench compare old/ new/ --reporter markdown -o /tmp/compare

Exit codes: 0 no gate failed, 1 a regression gate failed, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(
        async (
          baseline: string,
          candidate: string,
          opts: { config?: string; reporter?: string[]; out?: string },
        ) => {
          const { BASELINE_GATES } = await import("../analysis/index.js");
          const loaded = await loadProjectConfig(opts.config);
          const { runNamed } = await import("./runs-of.js");
          return writeReport(await runNamed(candidate, loaded), {
            loaded,
            baseline: await runNamed(baseline, loaded),
            reporters: (opts.reporter ?? []).filter((n) => n !== "console"),
            consoleSections: ["baseline", "gates"],
            out: opts.out,
            onlyGates: BASELINE_GATES,
          });
        },
      ),
    );
}
