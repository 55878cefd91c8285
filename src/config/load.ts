import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { checkCaseFile, placeOf, splitCases } from "./case-files.js";
import { expandFiles, globHint, slashHint } from "./files.js";
import { issuesToProblems } from "./issues.js";
import { MAX } from "./limits.js";
import { isFile, notAFile, pathKind } from "./path-kind.js";
import {
  ConfigError,
  formatProblem,
  InputError,
  type PathKey,
  type Problem,
  sortProblems,
} from "./problem.js";
import type { CaseFileInfo, Config, LoadedSuite } from "./schema.js";
import { ConfigSchema, SuiteSchema } from "./schema.js";
import { UnknownNameError } from "./select.js";
import { checkConfig, checkSuite, checkSuiteGates, judgeContextOf } from "./semantic.js";
import { parseYaml, type YamlSource } from "./yaml-source.js";

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file. */
  file: string;
  /** Its directory: suite globs and `run.outDir` are relative to it. */
  dir: string;
}

export const DEFAULT_CONFIG_FILE = "eval.config.yaml";

// Kept so suite-glob problems can point into the config without parsing it again.
const configSources = new WeakMap<LoadedConfig, YamlSource>();

type Read = { source: YamlSource } | { problem: Problem };

async function readYaml(file: string, missing: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Read> {
  try {
    const size = (await stat(file)).size;
    if (size > maxBytes)
      return { problem: { file, line: 0, column: 0, path: "", message: tooBig(size, maxBytes) } };
    return { source: parseYaml(file, await readFile(file, "utf8")) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? missing : `cannot read the file: ${(error as Error).message}`;
    return { problem: { file, line: 0, column: 0, path: "", message } };
  }
}

// Rounded up to 0.1 MB, so a file just over the limit never reads as equal to it.
const megabytes = (bytes: number) => `${Math.ceil((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Refused before parsing: memory grows about 80 times the file (limits.ts). */
function tooBig(size: number, max: number): string {
  return `suite is ${megabytes(size)}; YAML suites are limited to ${megabytes(max)}: put large case sets in a JSONL file`;
}

function validate<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
): { value?: z.output<S>; problems: Problem[] } {
  const result = schema.safeParse(source.data);
  if (result.success) return { value: result.data, problems: [] };
  return { problems: issuesToProblems(result.error.issues, schema, source) };
}

export async function loadConfig(file: string = DEFAULT_CONFIG_FILE): Promise<LoadedConfig> {
  const absolute = path.resolve(file);
  const kind = await pathKind(absolute);
  if (kind === "directory" || kind === "other") {
    // One line naming the path once: a problem at a file would name it again as its place.
    const hint = `point --config at the file in it (${path.join(file, DEFAULT_CONFIG_FILE)})`;
    throw new InputError(notAFile(file, kind, "a YAML config file", kind === "directory" ? hint : ""));
  }
  const read = await readYaml(
    absolute,
    "config file not found; start a project here with `tunebench init` (or point --config at your file)",
  );
  if ("problem" in read) throw new ConfigError([read.problem]);
  const { source } = read;
  if (source.problems.length > 0) throw new ConfigError(source.problems);
  // An empty config means "all defaults", which is a working setup on the simulator.
  if (source.data === null || source.data === undefined) source.data = {};
  const { value, problems } = validate(ConfigSchema, source);
  problems.push(...checkConfig(source.data, source));
  if (!value || problems.length > 0) throw new ConfigError(sortProblems(problems));
  const loaded: LoadedConfig = { config: value, file: absolute, dir: path.dirname(absolute) };
  configSources.set(loaded, source);
  return loaded;
}

/** A problem pinned to a key of the loaded config (for checks made after loading). */
export async function configProblem(
  loaded: LoadedConfig,
  at: readonly PathKey[],
  message: string,
): Promise<Problem> {
  return (await configSource(loaded)).problem(at, message);
}

async function configSource(loaded: LoadedConfig): Promise<YamlSource> {
  const known = configSources.get(loaded);
  if (known) return known;
  const read = await readYaml(loaded.file, "");
  return "source" in read ? read.source : parseYaml(loaded.file, "");
}

interface SuiteFile {
  file: string;
  read: Read;
  /** The `name` as written, even when the rest of the file is invalid: for `only` and duplicates. */
  name?: string;
}

export interface LoadSuitesOptions {
  /** Suite names or suite files (relative to the working directory or the config); default: all. */
  only?: string[];
}

/** Every suite file of the config (and of `only`), read but not validated: names for `only`, duplicates and suiteGates. */
async function readSuiteFiles(
  loaded: LoadedConfig,
  only: readonly string[],
  problems: Problem[],
): Promise<SuiteFile[]> {
  const files: string[] = [];
  for (const [i, pattern] of loaded.config.suites.entries()) {
    const matched = await expandFiles(pattern, loaded.dir);
    if (matched.length === 0) {
      const source = await configSource(loaded);
      const kind = await pathKind(path.resolve(loaded.dir, pattern));
      const message =
        kind === "directory" || kind === "other"
          ? notAFile(pattern, kind, "a YAML suite file", globHint(pattern, "suites", "yaml"))
          : `no suite file matches '${pattern}' (relative to ${loaded.dir})${slashHint(pattern)}`;
      problems.push(source.problem(["suites", i], message));
    }
    files.push(...matched);
  }
  for (const entry of only) {
    for (const candidate of [path.resolve(entry), path.resolve(loaded.dir, entry)]) {
      if (!files.includes(candidate) && /\.ya?ml$/i.test(candidate) && (await isFile(candidate))) {
        files.push(candidate);
      }
    }
  }

  const all: SuiteFile[] = [];
  for (const file of [...new Set(files)]) {
    const read = await readYaml(file, "suite file not found", MAX.yamlSuiteBytes);
    const data = "source" in read ? read.source.data : undefined;
    const name = isRecord(data) && typeof data.name === "string" ? data.name : undefined;
    all.push({ file, read, name });
  }
  return all;
}

/** `suiteGates` keys that name no suite of the config: a typo'd gate would silently never fire. */
async function suiteGateProblemsOf(loaded: LoadedConfig, all: readonly SuiteFile[]): Promise<Problem[]> {
  if (Object.keys(loaded.config.suiteGates ?? {}).length === 0) return [];
  const names = all.flatMap((s) => (s.name ? [s.name] : []));
  return checkSuiteGates(loaded.config, names, await configSource(loaded));
}

/**
 * The problems of `suiteGates` alone (keys naming no suite), reading only the suite files' names:
 * what `tunebench report` and `compare` check, which need the gates but not the suites.
 */
export async function suiteGateProblems(loaded: LoadedConfig): Promise<Problem[]> {
  if (Object.keys(loaded.config.suiteGates ?? {}).length === 0) return [];
  return suiteGateProblemsOf(loaded, await readSuiteFiles(loaded, [], []));
}

export async function loadSuites(
  loaded: LoadedConfig,
  options: LoadSuitesOptions = {},
): Promise<LoadedSuite[]> {
  const problems: Problem[] = [];
  const only = options.only ?? [];
  // `all` holds the unselected suites too: a suite gate may name a suite this run leaves out.
  const all = await readSuiteFiles(loaded, only, problems);
  problems.push(...(await suiteGateProblemsOf(loaded, all)));

  const selected =
    only.length === 0 ? all : all.filter((s) => only.some((entry) => matches(entry, s, loaded)));
  // A name the caller typed comes first: the suites it names are the ones worth checking.
  const unknown = only.find((entry) => !all.some((s) => matches(entry, s, loaded)));
  if (unknown !== undefined && (await pathKind(path.resolve(unknown))) === "directory")
    throw new InputError(
      `--suite: ${notAFile(unknown, "directory", "a suite name or a YAML suite file")}; give the suite's name or its file`,
    );
  if (unknown !== undefined)
    throw new UnknownNameError(
      "suite",
      unknown,
      all.flatMap((s) => (s.name ? [s.name] : [])),
    );

  const suites: LoadedSuite[] = [];
  for (const suiteFile of selected) {
    const result = await loadSuite(suiteFile, loaded.config);
    problems.push(...result.problems);
    if (result.suite) suites.push(result.suite);
  }
  problems.push(...duplicateNames(all, selected));
  if (problems.length > 0) throw new ConfigError(sortProblems(problems));
  return suites;
}

function matches(entry: string, s: SuiteFile, loaded: LoadedConfig): boolean {
  return entry === s.name || path.resolve(entry) === s.file || path.resolve(loaded.dir, entry) === s.file;
}

async function loadSuite(
  { file, read }: SuiteFile,
  config: Config,
): Promise<{ suite?: LoadedSuite; problems: Problem[] }> {
  if ("problem" in read) return { problems: [read.problem] };
  const { source } = read;
  if (source.problems.length > 0) return { problems: source.problems };
  if (source.data === null || source.data === undefined) {
    return { problems: [source.problem([], "the file is empty; a suite needs name, task and cases")] };
  }
  const { value, problems } = validate(SuiteSchema, source);
  const dir = path.dirname(file);
  const context = judgeContextOf(config);
  const checked = await checkSuite(source.data, source, dir, context);
  problems.push(...checked.problems);
  if (!value || problems.length > 0) return { problems: sortProblems(problems) };
  const { inline, files } = splitCases(value.cases);
  // Where an inline case is written is looked up only if a file repeats its id.
  const ids = new Map(inline.map(({ at, value: c }) => [c.id, () => placeOf(file, source.locate(at).line)]));
  const caseFiles: CaseFileInfo[] = [];
  // Each is a file: checkSuite said what is wrong with any other path.
  for (const ref of files) {
    const absolute = path.resolve(dir, ref.file);
    caseFiles.push({
      file: absolute,
      ...(await checkCaseFile(absolute, ids, problems, { suite: value.judge, context })),
    });
  }
  if (problems.length > 0) return { problems: sortProblems(problems) };
  const cases = inline.map((c) => c.value);
  const suite: LoadedSuite = { ...value, cases, file, dir, noteFiles: checked.noteFiles };
  if (caseFiles.length > 0) suite.caseFiles = caseFiles;
  return { suite, problems: [] };
}

function duplicateNames(all: SuiteFile[], selected: SuiteFile[]): Problem[] {
  const problems: Problem[] = [];
  // Positions are looked up only for a repeated name (that builds the positioned document).
  const first = new Map<string, { file: string; source: YamlSource }>();
  for (const s of all) {
    if (!s.name || !("source" in s.read)) continue;
    const earlier = first.get(s.name);
    if (!earlier) {
      first.set(s.name, { file: s.file, source: s.read.source });
      continue;
    }
    if (!selected.includes(s) && !selected.some((x) => x.file === earlier.file)) continue;
    const pos = earlier.source.locate(["name"]);
    const where = formatProblem({ file: earlier.file, ...pos, path: "", message: "" });
    problems.push(s.read.source.problem(["name"], `suite name '${s.name}' is already used by ${where}`));
  }
  return problems;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export interface ProjectReport {
  problems: Problem[];
  loaded?: LoadedConfig;
  suites?: LoadedSuite[];
}

/** Loads everything and collects problems instead of throwing: what `tunebench validate` shows. */
export async function validateProject(file: string = DEFAULT_CONFIG_FILE): Promise<ProjectReport> {
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { problems: sortProblems([...error.problems, ...(await suiteProblemsDespite(file))]) };
  }
  // loadSuites checks suiteGates against every suite file, so its problems include those.
  try {
    return { problems: [], loaded, suites: await loadSuites(loaded) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems, loaded };
    throw error;
  }
}

/** When the config is broken, its suites are still worth checking if its `suites` key is usable. */
async function suiteProblemsDespite(file: string): Promise<Problem[]> {
  const absolute = path.resolve(file);
  const read = await readYaml(absolute, "");
  if (!("source" in read) || read.source.problems.length > 0) return [];
  const data = read.source.data;
  const suites = ConfigSchema.shape.suites.safeParse(isRecord(data) ? data.suites : undefined);
  if (!suites.success) return [];
  const loaded: LoadedConfig = {
    config: ConfigSchema.parse({ suites: suites.data }),
    file: absolute,
    dir: path.dirname(absolute),
  };
  configSources.set(loaded, read.source);
  try {
    await loadSuites(loaded);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
