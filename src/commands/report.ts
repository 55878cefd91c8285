import { existsSync } from "node:fs";
import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import type { LoadedConfig } from "../config/index.js";
import { REPORTER_NAMES } from "../config/reporter-names.js";
import type { ConsoleSection, GateName } from "../report/index.js";
import { action, UsageError } from "./errors.js";
import { checkOutDir } from "./out-dir.js";

/** `--reporter a --reporter b` or `--reporter a,b`; unknown names are a usage error (exit 2). */
export function collectReporters(value: string, previous: string[] = []): string[] {
  const names = value
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(REPORTER_NAMES as readonly string[]).includes(name))
      throw new InvalidArgumentError(`unknown reporter "${name}"; expected ${REPORTER_NAMES.join(", ")}`);
  return [...previous, ...names];
}

const REPORTER_HELP = `report format, repeatable or comma-separated: ${REPORTER_NAMES.join(", ")} (default: reporters: in the config, else all)`;

/**
 * The project's config: the given file (its problems are exit 2), else ./eval.config.yaml when it
 * exists, else none (no gates, default break-even inputs). Suite gates naming no suite of the
 * config are problems too, as in `validate` and `run`: such a gate would never fire.
 */
export async function loadProjectConfig(file: string | undefined): Promise<LoadedConfig | null> {
  const { loadConfig, DEFAULT_CONFIG_FILE, suiteGateProblems, ConfigError } = await import(
    "../config/index.js"
  );
  const configFile = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  if (!configFile) return null;
  const loaded = await loadConfig(configFile);
  const problems = await suiteGateProblems(loaded);
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}

/** Report inputs that do not exist are bad input (exit 2), never internal errors. */
async function asUsage<T>(body: () => Promise<T> | T): Promise<T> {
  const { ReportInputError } = await import("../report/index.js");
  try {
    return await body();
  } catch (error) {
    if (error instanceof ReportInputError) throw new UsageError(error.message);
    throw error;
  }
}

/** `run --baseline`: resolved before the run, so `latest` is the newest run before this one. */
export async function resolveRunBaseline(
  spec: string | undefined,
  configFile: string,
  outDir: string | undefined,
  resume?: string,
): Promise<string | null> {
  if (!spec) return null;
  const { loadConfig } = await import("../config/index.js");
  const { resolveBaseline } = await import("../report/index.js");
  const loaded = await loadConfig(configFile);
  const runsDir = path.resolve(loaded.dir, outDir ?? loaded.config.run.outDir);
  // A resumed run is this run, never its own baseline: a folder, its trials.jsonl, or a run id,
  // found as the runner finds it (a run that cannot be found is the runner's error to report).
  let resumed: string | undefined;
  if (resume) {
    const { resolveRunDir, ResumeError } = await import("../run/index.js");
    try {
      resumed = resolveRunDir(resume, runsDir);
    } catch (error) {
      if (!(error instanceof ResumeError)) throw error;
    }
  }
  return asUsage(() => resolveBaseline(spec, runsDir, resumed));
}

export interface WriteReportOptions {
  loaded: LoadedConfig | null;
  baseline?: string | null;
  /** Reporter names from --reporter; default: the config's `reporters`, else all. */
  reporters?: string[];
  /** Always print these console sections (compare), whatever the reporters. */
  consoleSections?: readonly ConsoleSection[];
  /** The SIMULATED banner is already on screen (the run's progress printed it): the console report leaves it out. */
  bannerShown?: boolean;
  /** Where file reporters write; default: the run folder. */
  out?: string;
  onlyGates?: readonly GateName[];
}

/** Analyses a run log, hands it to the reporters (files first, console last) and returns the exit code. */
export async function writeReport(runDir: string, options: WriteReportOptions): Promise<number> {
  const { buildReport, createReporters, emitReport, gateExitCode, REPORT_FILES, ConsoleReporter } =
    await import("../report/index.js");
  if (options.out) checkOutDir(path.resolve(options.out), "--out");
  const report = await asUsage(() =>
    buildReport(runDir, { loaded: options.loaded, baseline: options.baseline, onlyGates: options.onlyGates }),
  );
  const names = [...new Set(options.reporters ?? options.loaded?.config.reporters ?? REPORTER_NAMES)];
  const fileNames = names.filter((n) => n !== "console");
  const reporters = createReporters(fileNames);
  if (options.consoleSections) reporters.push(new ConsoleReporter({ sections: options.consoleSections }));
  else if (names.includes("console"))
    reporters.push(...createReporters(["console"], { banner: !options.bannerShown }));
  const dir = path.resolve(options.out ?? (runDir.endsWith(".jsonl") ? path.dirname(runDir) : runDir));
  const files = fileNames
    .map((n) => REPORT_FILES[n as keyof typeof REPORT_FILES])
    .filter((f): f is string => !!f);
  await emitReport(report, reporters, { dir, files });
  // Without the console reporter a failed gate must still say which gate, what was measured and the threshold.
  if (!options.consoleSections && !names.includes("console"))
    for (const r of report.gates.results) if (r.status === "fail") process.stderr.write(`${r.message}\n`);
  return gateExitCode(report);
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("re-render the reports of a finished run from its log, without calling any model")
    .argument("<run>", "a run folder (reports/<run-id>) or its trials.jsonl")
    .option(
      "-c, --config <file>",
      "config with gates and break-even inputs (default: ./eval.config.yaml if present)",
    )
    .option("--reporter <name>", REPORTER_HELP, collectReporters)
    .option(
      "--baseline <run>",
      "compare with this run: a run folder, its trials.jsonl, or `latest` (the newest earlier run beside it)",
    )
    .option("-o, --out <dir>", "where report files go (default: the run folder)")
    .addHelpText(
      "after",
      `
Examples:
  tunebench report reports/20261124-235901-3fa2
  tunebench report reports/20261124-235901-3fa2 --reporter markdown --baseline latest

Exit codes: 0 gates passed, 1 a gate failed, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(
        async (
          run: string,
          opts: { config?: string; reporter?: string[]; baseline?: string; out?: string },
        ) => {
          const { resolveBaseline } = await import("../report/index.js");
          const loaded = await loadProjectConfig(opts.config);
          const runDir = run.endsWith(".jsonl") ? path.dirname(run) : run;
          const baseline = opts.baseline
            ? await asUsage(() =>
                resolveBaseline(opts.baseline as string, path.dirname(path.resolve(runDir)), runDir),
              )
            : null;
          return writeReport(run, { loaded, baseline, reporters: opts.reporter, out: opts.out });
        },
      ),
    );
}
