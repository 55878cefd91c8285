import type { Report } from "../../analysis/index.js";
import type { Reporter, ReportInfo } from "../reporter.js";
import { writeJsonFile } from "./file.js";

export const JSON_REPORT_FILE = "report.json";

/** reports/<run-id>/report.json: the whole report model, `schema: "tunebench.report/1"` (docs/report-schema.md). */
export class JsonReporter implements Reporter {
  async onReport(report: Report, info: ReportInfo): Promise<void> {
    // The cases are written one by one: a 100,000-case report as one string doubled the peak memory.
    await writeJsonFile(info.dir, JSON_REPORT_FILE, report as unknown as Record<string, unknown>, ["cases"]);
  }
}
