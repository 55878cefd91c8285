import { writeFileSync } from "node:fs";
import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import type { GateName } from "../analysis/index.js";
import type { LoadedConfig } from "../config/index.js";
import { REPORTER_NAMES } from "../config/names.js";
import type { ConsoleSection, Reporter } from "../report/index.js";
import { action } from "./errors.js";
import { checkOutDir } from "./out-dir.js";
import { asUsage, loadProjectConfig } from "./project-config.js";

export { loadProjectConfig };

const isModulePath = (name: string) => /^(\.{1,2}\/|\/)/.test(name);

/** `--reporter a --reporter b` or `--reporter a,b`; a name or a module path (./my-reporter.mjs). */
export function collectReporters(value: string, previous: string[] = []): string[] {
  const names = value
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(REPORTER_NAMES as readonly string[]).includes(name) && !isModulePath(name))
      throw new InvalidArgumentError(
        `unknown reporter "${name}"; expected ${REPORTER_NAMES.join(", ")} or a module path such as ./my-reporter.mjs`,
      );
  return [...previous, ...names];
}

export const BASELINE_HELP =
  "compare with an earlier run for regressions and the regression gates: a run folder, its trials.jsonl, `latest` (the newest earlier run), or nothing (the run blessed with `tunebench baseline set`)";

const REPORTER_HELP = `report format, repeatable or comma-separated: ${REPORTER_NAMES.join(", ")} or a module path (default: reporters: in the config, else all)`;

/** `run --baseline`: resolved before the run, so `latest` is the newest run before this one. */
export async function resolveRunBaseline(
  spec: string | true | undefined,
  loaded: LoadedConfig,
  outDir: string | undefined,
  resume?: string,
): Promise<string | null> {
  if (!spec) return null;
  const { findRun } = await import("../runlog/index.js");
  const runsDir = path.resolve(loaded.dir, outDir ?? loaded.config.run.outDir);
  // A resumed run is this run, never its own baseline (a run that cannot be found is the runner's
  // error to report).
  const resumed = resume ? (findRun(resume, runsDir) ?? undefined) : undefined;
  return chooseBaseline(spec, { runsDir, exclude: resumed, loaded });
}

/**
 * Resolves `--baseline` and says which run it means when the flag did not name one: `latest`
 * (with a warning when that run was degraded, failed a gate, had errors or is incomplete) or the
 * blessed run (`--baseline` alone).
 */
async function chooseBaseline(
  spec: string | true,
  where: { runsDir: string; exclude?: string; loaded: LoadedConfig | null },
): Promise<string> {
  const { resolveBaseline } = await import("../analysis/index.js");
  const { overviewAt, warnAboutBaseline } = await import("./runs-of.js");
  const dir = await asUsage(() =>
    resolveBaseline(spec, where.runsDir, where.exclude, where.loaded?.dir ?? process.cwd()),
  );
  if (spec !== true && spec !== "latest") return dir;
  const overview = await asUsage(() => overviewAt(dir, where.loaded));
  const shown = path.relative(process.cwd(), dir) || dir;
  const how = spec === true ? "the blessed run" : "latest (the newest earlier run)";
  process.stderr.write(`baseline: ${how} ${overview.runId} in ${shown}, started ${overview.startedAt}\n`);
  if (spec === "latest") await warnAboutBaseline(overview);
  return dir;
}

export interface WriteReportOptions {
  loaded: LoadedConfig | null;
  baseline?: string | null;
  /** Reporter names from --reporter; default: the config's `reporters`, else all built-in ones. */
  reporters?: string[];
  /** Always print these console sections (compare), whatever the reporters. */
  consoleSections?: readonly ConsoleSection[];
  /** The SIMULATED banner is already on screen (the run's progress printed it): the console report leaves it out. */
  bannerShown?: boolean;
  /** Where file reporters write; default: the run folder. */
  out?: string;
  onlyGates?: readonly GateName[];
}

/** The reporters asked for, built-in and custom, files first and the console last. */
async function reportersFor(names: readonly string[], options: WriteReportOptions): Promise<Reporter[]> {
  const { createReporters, loadCustomReporter, ConsoleReporter } = await import("../report/index.js");
  const fromCli = options.reporters !== undefined;
  const reporters: Reporter[] = [];
  for (const [at, name] of names.entries()) {
    if (name === "console") continue;
    if (!isModulePath(name)) reporters.push(...createReporters([name]));
    else if (fromCli || !options.loaded) reporters.push(await loadCustomReporter(name, "cli"));
    else reporters.push(await loadCustomReporter(name, { loaded: options.loaded, at }));
  }
  if (options.consoleSections) reporters.push(new ConsoleReporter({ sections: options.consoleSections }));
  else if (names.includes("console"))
    reporters.push(...createReporters(["console"], { banner: !options.bannerShown }));
  return reporters;
}

/**
 * The reporters, loaded (custom modules checked) before anything runs, and the step that analyses
 * a run log, hands the report to them and returns the exit code.
 */
export async function openReporting(
  options: WriteReportOptions,
): Promise<{ reporters: Reporter[]; write(runDir: string): Promise<number> }> {
  if (options.out) checkOutDir(path.resolve(options.out), "--out");
  const names = [...new Set(options.reporters ?? options.loaded?.config.reporters ?? REPORTER_NAMES)];
  const reporters = await reportersFor(names, options);
  return { reporters, write: (runDir) => emitTo(runDir, names, reporters, options) };
}

/** Analyses a run log, hands it to the reporters and returns the exit code. */
export async function writeReport(runDir: string, options: WriteReportOptions): Promise<number> {
  return (await openReporting(options)).write(runDir);
}

async function emitTo(
  runDir: string,
  names: readonly string[],
  reporters: Reporter[],
  options: WriteReportOptions,
): Promise<number> {
  const { buildReport, mapCases } = await import("../analysis/index.js");
  const { emitReport, gateExitCode, REPORT_FILES } = await import("../report/index.js");
  const { runDirOf, SUMMARY_FILE } = await import("../runlog/index.js");
  const { redactDeep, redactorFor } = await import("../model/index.js");
  // Every reporter (files, console, custom modules) gets the report redacted, so no configured key
  // reaches a report, even from a log written before redaction or by another tool.
  const redactor = redactorFor(options.loaded?.config ?? { endpoints: {} }, process.env);
  const built = await asUsage(() =>
    buildReport(runDir, { loaded: options.loaded, baseline: options.baseline, onlyGates: options.onlyGates }),
  );
  // The case section is made as reporters read it: each case is redacted as it is made.
  const report = {
    ...redactDeep({ ...built, cases: null }, redactor.text),
    cases: mapCases(built.cases, (c) => redactDeep(c, redactor.text)),
  };
  const dir = path.resolve(options.out ?? runDirOf(runDir));
  // The summary table as data, beside the log, for scripts (and `tune estimate`'s measured costs).
  if (dir === path.resolve(runDirOf(runDir)))
    writeFileSync(path.join(dir, SUMMARY_FILE), `${JSON.stringify(report.summary, null, 2)}\n`);
  const files = names
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
    .argument("<run>", "a run folder (reports/<run-id>), its trials.jsonl or its run id")
    .option(
      "-c, --config <file>",
      "config with gates and break-even inputs (default: ./eval.config.yaml if present)",
    )
    .option("--reporter <name>", REPORTER_HELP, collectReporters)
    .option("--baseline [run]", BASELINE_HELP)
    .option("-o, --out <dir>", "where report files go (default: the run folder)")
    .addHelpText(
      "after",
      `
Examples:
  tunebench report reports/20261124-235901-3fa2
  tunebench report reports/20261124-235901-3fa2 --reporter markdown --baseline latest
  tunebench report reports/20261124-235901-3fa2 --reporter ./my-reporter.mjs

Exit codes: 0 gates passed, 1 a gate failed, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(
        async (
          run: string,
          opts: { config?: string; reporter?: string[]; baseline?: string | true; out?: string },
        ) => {
          const { runDirOf } = await import("../runlog/index.js");
          const loaded = await loadProjectConfig(opts.config);
          const named = await (await import("./runs-of.js")).runNamed(run, loaded);
          const runDir = runDirOf(named);
          const baseline = opts.baseline
            ? await chooseBaseline(opts.baseline, {
                runsDir: path.dirname(path.resolve(runDir)),
                exclude: runDir,
                loaded,
              })
            : null;
          return writeReport(named, { loaded, baseline, reporters: opts.reporter, out: opts.out });
        },
      ),
    );
}
