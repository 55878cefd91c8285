import { closeSync, openSync, write, writeSync } from "node:fs";
import type { IndexBuildRecord } from "./index-build.js";
import type { JudgmentRecord } from "./judgment.js";
import type { ResumeNote, RunHeader, TrialRecord } from "./record.js";

type Entry = RunHeader | TrialRecord | ResumeNote | IndexBuildRecord | JudgmentRecord;

/** One write of the whole buffer, off the main thread (a short write is continued). */
function writeAll(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (from: number) =>
      write(fd, data, from, data.length - from, null, (error, written) => {
        if (error) reject(error);
        else if (from + written < data.length) next(from + written);
        else resolve();
      });
    next(0);
  });
}

/**
 * Appends one JSON line per entry, each passing `redact` (src/model/redact.ts): no key reaches
 * the log, whatever an endpoint answered. `append` writes at once (the header, a resume note); `record`
 * is for finished trials and groups them: the lines of the trials that finish while a write is
 * under way go out together in the next one, off the main thread, and each promise resolves
 * only once its line is in the file. A trial counts as done only then, so a crash or kill loses at
 * most the lines being written (the reader drops a torn last line), never a trial counted as done.
 */
export class RunLogWriter {
  private fd: number | null;
  private lines: string[] = [];
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    readonly file: string,
    private readonly redact: (text: string) => string,
  ) {
    this.fd = openSync(file, "a");
  }

  append(entry: Entry): void {
    writeSync(this.open(), `${this.redact(JSON.stringify(entry))}\n`);
  }

  /** Resolves once the line is in the file. */
  record(entry: TrialRecord): Promise<void> {
    this.open();
    this.lines.push(`${this.redact(JSON.stringify(entry))}\n`);
    const written = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.writing) void this.drain();
    return written;
  }

  private open(): number {
    if (this.fd === null) throw new Error(`run log ${this.file} is closed`);
    return this.fd;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.lines.length > 0) {
      const data = Buffer.from(this.lines.join(""));
      const waiting = this.waiting;
      this.lines = [];
      this.waiting = [];
      try {
        await writeAll(this.open(), data);
        for (const w of waiting) w.resolve();
      } catch (error) {
        for (const w of waiting) w.reject(error);
      }
    }
    this.writing = false;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
