import type { CaseResult, GateResult, Report } from "../../analysis/index.js";
import { evidence, NO_DATA, noDataReason } from "../../analysis/index.js";
import type { Reporter, ReportInfo } from "../reporter.js";
import { canaryLine, QUESTION_TITLES } from "../rows.js";
import { writeReportFile } from "./file.js";

export const JUNIT_REPORT_FILE = "junit.xml";

// XML 1.0 allows only these characters; model output may contain anything (control bytes included).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the characters XML forbids is the point
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(value: string): string {
  return value
    .replace(INVALID_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * For a quoted attribute value: XML parsers normalise a literal line break or tab in an attribute
 * to a space, so a multi-line message would arrive on one line; character references survive.
 */
export function xmlAttr(value: string): string {
  return xmlEscape(value).replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

const attrs = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join("");

function caseName(caseId: string, repeat: number, repeats: boolean): string {
  return repeats ? `${caseId}#${repeat + 1}` : caseId;
}

function body(input: string, r: CaseResult): string {
  return xmlEscape(
    `input: ${input}\noutput: ${r.output ?? "(none)"}${r.reasons.length ? `\n${r.reasons.join("\n")}` : ""}`,
  );
}

interface Entry {
  xml: string;
  failure: boolean;
  error: boolean;
  skipped: boolean;
  seconds: number;
}

/**
 * JUnit XML: <testsuites> > a <testsuite> per suite/strategy > a <testcase> per case (× repeat),
 * with <failure> and its reasons for a wrong answer, <error> for a failed call, <skipped> for a
 * strategy that could not run; plus a "tunebench gates" testsuite with a testcase per gate result,
 * and testsuites for the decisions and for what each tuned model broke on the canary suites.
 */
export function renderJunit(report: Report): string {
  const repeats = report.cases.repeated;
  const suites = new Map<string, Entry[]>();
  const add = (name: string, entry: Entry) => {
    const list = suites.get(name) ?? [];
    list.push(entry);
    suites.set(name, list);
  };
  const unavailable = report.run.strategies.filter((s) => s.unavailable);
  for (const c of report.cases) {
    const name = caseName(c.caseId, c.repeat, repeats);
    for (const r of c.results) {
      const classname = `${c.suite}.${r.strategy}`;
      const seconds = (r.latencyMs ?? 0) / 1000;
      const head = `    <testcase${attrs({ name, classname, time: seconds.toFixed(3) })}`;
      // A scorer that could not decide (a judge's unparseable verdict) is neither a failure nor an error of the case.
      const undecided = r.scorerErrors.length
        ? `\n      <system-err>${xmlEscape(r.scorerErrors.join("\n"))}</system-err>`
        : "";
      if (r.error) {
        add(`${c.suite}/${r.strategy}`, {
          xml: `${head}>\n      <error${attrs({ message: r.error.message, type: r.error.kind })}>${body(c.input, r)}</error>\n    </testcase>`,
          failure: false,
          error: true,
          skipped: false,
          seconds,
        });
      } else if (r.pass === false) {
        const message = r.reasons.join("; ") || "failed";
        add(`${c.suite}/${r.strategy}`, {
          xml: `${head}>\n      <failure${attrs({ message, type: r.hallucinated ? "hallucination" : "fail" })}>${body(c.input, r)}</failure>${undecided}\n    </testcase>`,
          failure: true,
          error: false,
          skipped: false,
          seconds,
        });
      } else {
        const shown = r.formatOk === false ? `\n      <system-out>${body(c.input, r)}</system-out>` : "";
        const out = shown || undecided ? `${shown}${undecided}\n    ` : "";
        add(`${c.suite}/${r.strategy}`, {
          xml: out ? `${head}>${out}</testcase>` : `${head} />`,
          failure: false,
          error: false,
          skipped: false,
          seconds,
        });
      }
    }
    if (c.repeat === 0)
      for (const s of unavailable)
        add(`${c.suite}/${s.name}`, {
          xml: `    <testcase${attrs({ name: caseName(c.caseId, 0, repeats), classname: `${c.suite}.${s.name}`, time: "0.000" })}>\n      <skipped${attrs({ message: s.unavailable ?? "unavailable" })} />\n    </testcase>`,
          failure: false,
          error: false,
          skipped: true,
          seconds: 0,
        });
  }
  // A group without an answered trial says so (a planned one the log never reached gets a suite too).
  const noData = new Map<string, string>();
  for (const g of report.summary.groups) {
    const why = noDataReason(g);
    if (why === null) continue;
    const name = `${g.suite}/${g.strategy}`;
    noData.set(name, `${NO_DATA}: ${why}`);
    if (!suites.has(name)) suites.set(name, []);
  }
  // The decisions: one testcase per primary question, its decision and evidence as output. They
  // inform; only the gates fail a build.
  for (const q of report.questions)
    add("tunebench decisions", {
      xml: `    <testcase${attrs({ name: `${q.suite}: ${QUESTION_TITLES[q.kind]}: ${q.label}`, classname: "tunebench.decisions", time: "0.000" })}>\n      <system-out>${xmlEscape(`${q.decision} (${evidence(q, report.method.margin)})`)}</system-out>\n    </testcase>`,
      failure: false,
      error: false,
      skipped: false,
      seconds: 0,
    });
  // What each tuned model broke on each canary suite, one testcase per model: informs, as the
  // decisions do (a gate such as maxRegressions or maxDrop on the canary suite fails the build).
  for (const c of report.canary)
    add("tunebench canary", {
      xml: `    <testcase${attrs({ name: `${c.suite}: ${c.strategy} (${c.model})`, classname: "tunebench.canary", time: "0.000" })}>\n      <system-out>${xmlEscape(canaryLine(c))}</system-out>\n    </testcase>`,
      failure: false,
      error: false,
      skipped: false,
      seconds: 0,
    });
  for (const g of report.gates.results) add("tunebench gates", gateEntry(g));

  const count = (list: Entry[], key: "failure" | "error" | "skipped") => list.filter((e) => e[key]).length;
  const all = [...suites.values()].flat();
  const time = (list: Entry[]) => list.reduce((s, e) => s + e.seconds, 0).toFixed(3);
  // <testsuites> has no `skipped` in the Jenkins junit-10.xsd CI servers validate against (test/vendor):
  // the skipped counts live on each <testsuite>.
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: `tunebench ${report.run.runId}${report.run.simulated ? " (SIMULATED)" : ""}`, tests: all.length, failures: count(all, "failure"), errors: count(all, "error"), time: time(all) })}>`,
  ];
  for (const [name, list] of suites) {
    lines.push(
      `  <testsuite${attrs({ name, tests: list.length, failures: count(list, "failure"), errors: count(list, "error"), skipped: count(list, "skipped"), time: time(list), timestamp: report.run.startedAt.replace(/Z$/, "") })}>`,
      ...list.map((e) => e.xml),
      ...(noData.has(name) ? [`    <system-out>${xmlEscape(noData.get(name) as string)}</system-out>`] : []),
      "  </testsuite>",
    );
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

/** A gate as a testcase: a failure when it failed or was inconclusive and blocking, skipped when it only warns. */
function gateEntry(g: GateResult): Entry {
  const head = `    <testcase${attrs({ name: `${g.gate} ${g.suite}/${g.strategy}`, classname: "tunebench.gates", time: "0.000" })}`;
  const entry = { failure: false, error: false, skipped: false, seconds: 0 };
  if (g.status === "pass") return { ...entry, xml: `${head} />` };
  if (g.status === "inconclusive" && g.onInconclusive === "warn")
    return {
      ...entry,
      skipped: true,
      xml: `${head}>\n      <skipped${attrs({ message: g.message })} />\n    </testcase>`,
    };
  const type = g.status === "inconclusive" ? "inconclusive" : "gate";
  return {
    ...entry,
    failure: true,
    xml: `${head}>\n      <failure${attrs({ message: g.message, type })} />\n    </testcase>`,
  };
}

export class JunitReporter implements Reporter {
  async onReport(report: Report, info: ReportInfo): Promise<void> {
    await writeReportFile(info.dir, JUNIT_REPORT_FILE, renderJunit(report));
  }
}
