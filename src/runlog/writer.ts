import { closeSync, openSync, writeSync } from "node:fs";
import type { IndexBuildRecord } from "./index-build.js";
import type { JudgmentRecord } from "./judgment.js";
import type { ResumeNote, RunHeader, TrialRecord } from "./record.js";

/**
 * Appends one JSON line per finished trial with a synchronous write, so a crash or kill loses
 * at most the line being written (which the reader then drops as torn). Every line passes
 * `redact` (src/model/redact.ts): no key reaches the log, whatever an endpoint answered. The
 * trial key's fields (suite, case, strategy, repeat) come from the config, so resume still
 * recognises every recorded trial.
 */
export class RunLogWriter {
  private fd: number | null;

  constructor(
    readonly file: string,
    private readonly redact: (text: string) => string,
  ) {
    this.fd = openSync(file, "a");
  }

  append(entry: RunHeader | TrialRecord | ResumeNote | IndexBuildRecord | JudgmentRecord): void {
    if (this.fd === null) throw new Error(`run log ${this.file} is closed`);
    writeSync(this.fd, `${this.redact(JSON.stringify(entry))}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
