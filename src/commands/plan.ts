import { type Command, InvalidArgumentError } from "commander";
import { action, flagNumber, UsageError } from "./errors.js";
import { loadProjectConfig } from "./report.js";

/** A share strictly between `low` and `high` (inclusive of `high` when `closed`). */
function between(flag: string, low: number, high: number, closed = false) {
  return (value: string): number => {
    const n = flagNumber(value);
    if (!Number.isFinite(n) || n <= low || (closed ? n > high : n >= high))
      throw new InvalidArgumentError(
        `${flag} expects a number above ${low} and ${closed ? "up to" : "below"} ${high}, got "${value}"`,
      );
    return n;
  };
}

interface PlanFlags {
  drop?: number;
  margin?: number;
  discordance?: number;
  power: number;
  alpha?: number;
  config?: string;
}

export function registerPlanCommand(program: Command): void {
  program
    .command("plan")
    .description(
      "how many cases (and repeats) a suite needs to detect a drop, from a pilot run or assumptions",
    )
    .argument(
      "[run]",
      "a pilot run folder (reports/<run-id>), its trials.jsonl or its run id; without it, plan from assumptions",
    )
    .option(
      "--drop <share>",
      "the drop in pass rate to detect, e.g. 0.05 for 5 points (default: decisions.margin, 0.05)",
      between("--drop", 0, 1),
    )
    .option(
      "--margin <share>",
      "the maxDrop margin to plan for (default: decisions.margin, 0.05)",
      between("--margin", 0, 1),
    )
    .option(
      "--discordance <share>",
      "share of cases that flip between the two strategies (default: the pilot's observed one, else 0.1)",
      between("--discordance", 0, 1, true),
    )
    .option("--power <share>", "the wanted power", between("--power", 0, 1), 0.8)
    .option(
      "--alpha <share>",
      "significance level (default: decisions.alpha, 0.05)",
      between("--alpha", 0, 0.5),
    )
    .option("-c, --config <file>", "config with decisions: (default: ./eval.config.yaml if present)")
    .addHelpText(
      "after",
      `
From a pilot run, one row per primary question (tuned vs the best untuned strategy, forgetting on
canary suites, regressions against a baseline run; else which strategy is best), each at the
discordance the pilot observed. A pilot run with --repeat that saw flaky cases also shows what
repeating each case would do instead; repeats cannot help when no case is flaky.

Examples:
  tunebench plan --drop 0.05                      # from assumptions: 10% of cases flip
  tunebench plan --drop 0.05 --discordance 0.2
  tunebench plan reports/20261124-235901-3fa2 --drop 0.03 --margin 0.05

Exit codes: 0 planned, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(async (run: string | undefined, flags: PlanFlags) => {
        const { buildReport, planFromAssumptions, planFromQuestions, ReportInputError } = await import(
          "../analysis/index.js"
        );
        const { renderPlan } = await import("../report/index.js");
        const loaded = await loadProjectConfig(flags.config);
        const decisions = loaded?.config.decisions;
        const margin = flags.margin ?? decisions?.margin ?? 0.05;
        const settings = {
          drop: flags.drop ?? margin,
          margin,
          alpha: flags.alpha ?? decisions?.alpha ?? 0.05,
          power: flags.power,
          ...(flags.discordance !== undefined ? { discordance: flags.discordance } : {}),
        };
        if (!run) {
          process.stdout.write(
            `${renderPlan([planFromAssumptions(settings)], settings, { runId: null, simulated: false })}\n`,
          );
          return 0;
        }
        let report: Awaited<ReturnType<typeof buildReport>>;
        try {
          const named = await (await import("./runs-of.js")).runNamed(run, loaded);
          report = await buildReport(named, { loaded, decisions: { alpha: settings.alpha, margin } });
        } catch (error) {
          if (error instanceof ReportInputError) throw new UsageError(error.message);
          throw error;
        }
        const rows = planFromQuestions(report.questions, settings);
        if (rows.length === 0)
          throw new UsageError(
            `${run}: no two strategies answered the same cases, so there is nothing to plan from`,
          );
        const source = { runId: report.run.runId, simulated: report.run.simulated };
        process.stdout.write(`${renderPlan(rows, settings, source)}\n`);
        return 0;
      }),
    );
}
