// Reporter names to reporters, as vitest's `ReportersMap`: `--reporter html` or `reporters: [html]`
// in the config, or a module path for a custom reporter. Typed by config's REPORTER_NAMES, so a
// name without a reporter fails to compile. Adding one: its file, this entry, the name.
import path from "node:path";
import {
  type LoadedConfig,
  loadConfiguredModule,
  loadUserModule,
  REPORTER_NAMES,
  type ReporterName,
} from "../../config/index.js";
import { ConsoleReporter, type ConsoleReporterOptions } from "../console.js";
import type { Reporter } from "../reporter.js";
import { HTML_REPORT_FILE, HtmlReporter } from "./html.js";
import { JSON_REPORT_FILE, JsonReporter } from "./json.js";
import { JUNIT_REPORT_FILE, JunitReporter } from "./junit.js";
import { MARKDOWN_REPORT_FILE, MarkdownReporter } from "./markdown.js";

export { REPORTER_NAMES };

interface ReporterEntry {
  create(console: ConsoleReporterOptions): Reporter;
  /** The file a file reporter writes into the report folder. */
  file?: string;
}

export const REPORTERS = {
  console: { create: (options) => new ConsoleReporter(options) },
  json: { create: () => new JsonReporter(), file: JSON_REPORT_FILE },
  markdown: { create: () => new MarkdownReporter(), file: MARKDOWN_REPORT_FILE },
  junit: { create: () => new JunitReporter(), file: JUNIT_REPORT_FILE },
  html: { create: () => new HtmlReporter(), file: HTML_REPORT_FILE },
} as const satisfies Record<ReporterName, ReporterEntry>;

/** The file each file reporter writes into the report folder. */
export const REPORT_FILES: Partial<Record<ReporterName, string>> = Object.fromEntries(
  Object.entries(REPORTERS as Record<ReporterName, ReporterEntry>)
    .filter(([, entry]) => entry.file)
    .map(([name, entry]) => [name, entry.file]),
);

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

/** Built-in reporters by name, each once, in the order given; throws on an unknown name. */
export function createReporters(
  names: readonly string[],
  consoleOptions: ConsoleReporterOptions = {},
): Reporter[] {
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length)
    throw new RangeError(
      `unknown reporter ${unknown.map((n) => `"${n}"`).join(", ")}; expected one of ${REPORTER_NAMES.join(", ")}`,
    );
  return [...new Set(names as ReporterName[])].map((name) => REPORTERS[name].create(consoleOptions));
}

const HOOKS = ["onRunStart", "onTrial", "onRunEnd", "onReport"] as const;

/** A module's reporter: its default export, a class (instantiated) or an object with hooks. */
function pickReporter(module: Record<string, unknown>): Reporter | string {
  const exported = module.default;
  const candidate =
    typeof exported === "function" ? new (exported as new () => Reporter)() : (exported as Reporter);
  const hooks = HOOKS.filter(
    (h) => typeof (candidate as Record<string, unknown> | undefined)?.[h] === "function",
  );
  return hooks.length > 0
    ? candidate
    : `exports no reporter: export default a class or an object with any of ${HOOKS.join(", ")}`;
}

/**
 * A custom reporter from a module path: from the config's `reporters:` list (at index `at`,
 * relative to the config), or from `--reporter` (relative to the working directory).
 */
export async function loadCustomReporter(
  spec: string,
  from: { loaded: LoadedConfig; at: number } | "cli",
): Promise<Reporter> {
  return from === "cli"
    ? loadUserModule(path.resolve(spec), pickReporter, spec)
    : loadConfiguredModule(from.loaded, ["reporters", from.at], spec, pickReporter);
}

export { renderHtml } from "./html.js";
export { renderJunit } from "./junit.js";
export { renderMarkdown } from "./markdown.js";
