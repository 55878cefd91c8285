// What `tunebench init` writes into a project: the shipped config, a starter suite (or, with
// --example, the example suites) and a CI workflow. They are read from the installed package, so
// the files a user starts from are the ones the repository tests.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONFIG_FILE } from "../config/load.js";
import { InputError } from "../config/problem.js";

/** The package's own folder (src/.. in the repository, dist/.. when installed). */
const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WORKFLOW_FILE = ".github/workflows/tunebench.yml";

export interface ScaffoldFile {
  /** Relative to the project, with forward slashes. */
  path: string;
  text: string;
}

/** init would overwrite a file: nothing is written (exit 2). */
export class ScaffoldError extends InputError {
  override readonly name = "ScaffoldError";
}

const read = (file: string) => readFileSync(path.join(PACKAGE_ROOT, file), "utf8");

/** Every file under a package folder, as paths relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(path.join(PACKAGE_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(PACKAGE_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
    )
    .sort();
}

/** The editor's `$schema=` link pointed from the package's schema/ into node_modules. */
function linkSchema(text: string, name: string): string {
  return text.replace(/\$schema=((?:\.\.\/)+|\.\/)schema\//, `$schema=$1node_modules/${name}/schema/`);
}

/** The files `tunebench init` writes (with `example`: the example suites instead of the starter). */
export function initFiles(options: { example?: boolean } = {}): ScaffoldFile[] {
  const { name, version } = JSON.parse(read("package.json")) as { name: string; version: string };
  const suites = options.example
    ? filesUnder("suites").map((file) => ({ from: file, to: file }))
    : filesUnder("templates/suites").map((file) => ({ from: file, to: file.replace(/^templates\//, "") }));
  return [
    { path: DEFAULT_CONFIG_FILE, text: linkSchema(read("eval.config.yaml"), name) },
    ...suites.map(({ from, to }) => ({ path: to, text: linkSchema(read(from), name) })),
    { path: WORKFLOW_FILE, text: read("templates/github-workflow.yml").replaceAll("{{version}}", version) },
  ];
}

/** Writes the files into `dir`, or none of them when any exists already. */
export function writeScaffold(dir: string, files: readonly ScaffoldFile[]): void {
  const taken = files.filter((f) => existsSync(path.join(dir, f.path))).map((f) => f.path);
  if (taken.length > 0) {
    const shown =
      taken.length > 4 ? `${taken.slice(0, 4).join(", ")} and ${taken.length - 4} more` : taken.join(", ");
    throw new ScaffoldError(
      `init: ${path.relative(process.cwd(), dir) || "."} already has ${shown}; nothing was written (move them away, or init another folder)`,
    );
  }
  for (const file of files) {
    const target = path.join(dir, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
}
