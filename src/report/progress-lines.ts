import { spentBy, type TrialRecord } from "../runlog/index.js";
import type { RunInfo } from "./reporter.js";

export interface ProgressLineOptions {
  /** No line in the first this many ms: a short run needs none, its report follows at once. */
  quietMs?: number;
  /** A line at each further 10 % of the trials, but not sooner than this after the last one. */
  minGapMs?: number;
  /** A line at least this often while trials finish, however slowly. */
  maxGapMs?: number;
  now?: () => number;
}

/**
 * Progress where there is no terminal (a CI log): plain lines, no carriage returns, one per 10 %
 * of the trials or every half minute, never more than one every few seconds.
 */
export class ProgressLines {
  private readonly quietMs: number;
  private readonly minGapMs: number;
  private readonly maxGapMs: number;
  private readonly now: () => number;
  private start = -1;
  private last = -1;
  private lastTenth = 0;
  private errors = 0;
  private spent = 0;
  private firstDone = -1;

  constructor(
    private readonly out: NodeJS.WritableStream,
    options: ProgressLineOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 5_000;
    this.minGapMs = options.minGapMs ?? 5_000;
    this.maxGapMs = options.maxGapMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** When the run starts (else its first trial is taken as the start). */
  onRunStart(): void {
    this.start = this.now();
    this.last = this.start;
  }

  onTrial(trial: TrialRecord, done: number, info: RunInfo): void {
    const now = this.now();
    if (this.firstDone < 0) {
      // Trials recorded before a resume do not count towards the speed; what they spent and
      // their errors count, as their number does in `done`.
      this.firstDone = done - 1;
      this.spent = info.spentBefore ?? 0;
      this.errors = info.errorsBefore ?? 0;
      if (this.start < 0) this.onRunStart();
    }
    if (trial.error) this.errors++;
    this.spent += spentBy(trial);
    const tenth = Math.floor((done * 10) / Math.max(1, info.total));
    const sinceLast = now - this.last;
    const due = (tenth > this.lastTenth && sinceLast >= this.minGapMs) || sinceLast >= this.maxGapMs;
    if (!due || now - this.start < this.quietMs) return;
    this.last = now;
    this.lastTenth = tenth;
    this.out.write(`${this.line(done, info.total, now, info.batch !== true)}\n`);
  }

  /**
   * No time left in a batch run: its trials come back a batch at a time, when the endpoint is
   * done, and those the cache answers while it submits come at once (a pace of neither says much).
   */
  private line(done: number, total: number, now: number, paced: boolean): string {
    const seconds = (now - this.start) / 1000;
    const rate = seconds > 0 ? (done - this.firstDone) / seconds : 0;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
    const percent = Math.floor((done * 100) / Math.max(1, total));
    return [
      `progress: ${done}/${total} trials (${percent}%)`,
      `${this.errors} error${this.errors === 1 ? "" : "s"}`,
      `$${this.spent.toFixed(4)} spent`,
      `${Math.round(rate)} trials/s`,
      ...(paced && left !== null && done < total ? [`~${left}s left`] : []),
    ].join(", ");
  }
}
