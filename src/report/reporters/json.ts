import type { Report } from "../../analysis/index.js";
import type { Reporter, ReportInfo } from "../reporter.js";
import { writeReportFile } from "./file.js";

export const JSON_REPORT_FILE = "report.json";

/** reports/<run-id>/report.json: the whole report model, `schema: "tunebench.report/1"` (docs/report-schema.md). */
export class JsonReporter implements Reporter {
  async onReport(report: Report, info: ReportInfo): Promise<void> {
    await writeReportFile(info.dir, JSON_REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  }
}
