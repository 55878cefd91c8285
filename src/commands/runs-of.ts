// The project's past runs for `runs`, `baseline` and `--baseline`: where they are, one run at a
// glance (its overview line), and the warning printed when a comparison leans on a doubtful run.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GateReport, RunOverview } from "../analysis/index.js";
import type { LoadedConfig } from "../config/index.js";
import { pathKindSync, pathProblem, shownPath } from "../config/path-kind.js";
import { UsageError } from "./errors.js";

export interface ProjectRuns {
  loaded: LoadedConfig | null;
  /** The folder of the config (else the working directory): where tunebench.baseline.json lives. */
  dir: string;
  /** Where run folders go: --out, else run.outDir, relative to the project. */
  runsDir: string;
}

/** Where the project's runs go: its config's run.outDir, else the default (reports). */
async function configuredOutDir(loaded: LoadedConfig | null): Promise<string> {
  const { ConfigSchema } = await import("../config/index.js");
  return (loaded?.config ?? ConfigSchema.parse({})).run.outDir;
}

/** `-c` and `-o` of `runs` and `baseline`: the project's config (if any) and its run folders. */
export async function projectRuns(config: string | undefined, out: string | undefined): Promise<ProjectRuns> {
  const { loadProjectConfig } = await import("./project-config.js");
  const loaded = await loadProjectConfig(config);
  const dir = loaded?.dir ?? process.cwd();
  const outDir = out ?? (await configuredOutDir(loaded));
  const runsDir = path.resolve(dir, outDir);
  // run.outDir not made yet is a project with no runs; an -o typed that is not there is a typo.
  const kind = pathKindSync(runsDir);
  if (kind !== "missing" || out !== undefined) {
    const problem = pathProblem(out ?? outDir, kind, RUNS_FOLDER);
    if (problem) throw new UsageError(`${out !== undefined ? "-o" : "run.outDir"}: ${problem}`);
  }
  return { loaded, dir, runsDir };
}

/**
 * A run named on the command line: a run folder, its trials.jsonl, or its run id (what `run`'s
 * resume line, `runs` and `baseline` print), looked up in the project's run.outDir. A name that is
 * nowhere comes back as given, for the reader to say what is wrong at that path.
 */
export async function runNamed(run: string, loaded: LoadedConfig | null): Promise<string> {
  if (pathKindSync(path.resolve(run)) !== "missing") return run;
  const underRuns = path.resolve(loaded?.dir ?? process.cwd(), await configuredOutDir(loaded), run);
  return pathKindSync(underRuns) === "missing" ? run : shownPath(underRuns);
}

const RUNS_FOLDER = {
  kind: "directory",
  what: "a folder of run folders",
  give: "give the folder `tunebench run` wrote its runs into (run.outDir or its -o; default reports)",
} as const;

/** The gates the run's report.json recorded (they knew the run's baseline), if it has one. */
async function recordedGates(runDir: string): Promise<GateReport | null> {
  const { REPORT_FILES } = await import("../report/index.js");
  try {
    const report = JSON.parse(readFileSync(path.join(runDir, REPORT_FILES.json as string), "utf8"));
    return Array.isArray(report?.gates?.results) ? (report.gates as GateReport) : null;
  } catch {
    return null; // no report.json (or a broken one): the gates are computed from the log
  }
}

export async function overviewAt(runDir: string, loaded: LoadedConfig | null): Promise<RunOverview> {
  const { overviewOf, readRun } = await import("../analysis/index.js");
  return overviewOf(await readRun(runDir), {
    gates: loaded?.config.gates,
    suiteGates: loaded?.config.suiteGates,
    recordedGates: await recordedGates(runDir),
  });
}

/** `20261124-235901-3fa2  2026-11-24 23:59  suites … · baseline 40% prompt 85% · $0.0012 spent · gates pass` */
export async function overviewLine(o: RunOverview): Promise<string> {
  const { dollars } = await import("../analysis/index.js");
  const rates = o.strategies
    .map((s) => `${s.name} ${s.answered ? `${Math.round((100 * s.passed) / s.answered)}%` : "–"}`)
    .join(" ");
  const failed = o.gates.results.filter((r) => r.status === "fail").length;
  const gates = !o.gates.configured ? "no gates" : failed ? `gates FAIL ${failed}` : "gates pass";
  const flags = [
    o.simulated ? "SIMULATED" : "",
    o.simDegrade !== null ? `degraded ${o.simDegrade}` : "",
    o.errors ? `${o.errors} errors` : "",
    o.complete ? "" : "incomplete",
  ].filter(Boolean);
  const date = o.startedAt.slice(0, 16).replace("T", " ");
  return [
    `${o.runId}  ${date}`,
    `suites ${o.suites.join(",")}`,
    rates || "no answers",
    o.cost === null ? dollars(null) : `${dollars(o.spent)} spent`,
    gates,
    ...(flags.length ? [flags.join(", ")] : []),
  ].join(" · ");
}

/** One line on stderr when a comparison rests on a run that may mislead, naming how to fix it. */
export async function warnAboutBaseline(o: RunOverview): Promise<void> {
  const { baselineConcerns } = await import("../analysis/index.js");
  const concerns = baselineConcerns(o);
  if (concerns.length)
    process.stderr.write(
      `warning: baseline ${o.runId}: ${concerns.join("; ")}; bless a sound run with \`tunebench baseline set RUN\` and compare with --baseline\n`,
    );
}
