import { REPORTER_NAMES, type ReporterName } from "../../config/index.js";
import { ConsoleReporter, type ConsoleReporterOptions } from "../console.js";
import type { Reporter } from "../reporter.js";
import { HTML_REPORT_FILE, HtmlReporter } from "./html.js";
import { JSON_REPORT_FILE, JsonReporter } from "./json.js";
import { JUNIT_REPORT_FILE, JunitReporter } from "./junit.js";
import { MARKDOWN_REPORT_FILE, MarkdownReporter } from "./markdown.js";

export { REPORTER_NAMES };

/** Reporter name → class, as vitest's: `--reporter html` or `reporters: [html]` in the config. */
export const REPORTERS: Record<ReporterName, new (options?: ConsoleReporterOptions) => Reporter> = {
  console: ConsoleReporter,
  json: JsonReporter,
  markdown: MarkdownReporter,
  junit: JunitReporter,
  html: HtmlReporter,
};

/** The file each file reporter writes into the report folder. */
export const REPORT_FILES: Partial<Record<ReporterName, string>> = {
  json: JSON_REPORT_FILE,
  markdown: MARKDOWN_REPORT_FILE,
  junit: JUNIT_REPORT_FILE,
  html: HTML_REPORT_FILE,
};

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

/** Reporters by name, each once, in the order given; throws on an unknown name. */
export function createReporters(
  names: readonly string[],
  consoleOptions: ConsoleReporterOptions = {},
): Reporter[] {
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length)
    throw new RangeError(
      `unknown reporter ${unknown.map((n) => `"${n}"`).join(", ")}; expected one of ${REPORTER_NAMES.join(", ")}`,
    );
  return [...new Set(names as ReporterName[])].map((name) =>
    name === "console" ? new ConsoleReporter(consoleOptions) : new REPORTERS[name](),
  );
}

export { renderHtml } from "./html.js";
export { renderJunit } from "./junit.js";
export { renderMarkdown } from "./markdown.js";
