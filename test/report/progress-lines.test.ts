import { describe, expect, it } from "vitest";
import { ConsoleReporter, ProgressLines } from "../../src/report/index.js";
import { fakeTrial } from "../helpers/trial.js";

function sink() {
  const lines: string[] = [];
  return { lines, out: { write: (text: string) => lines.push(text) } as unknown as NodeJS.WritableStream };
}

describe("progress lines without a terminal (CI)", () => {
  it("one line per 10 % or per half minute, none in the first seconds, never two within the gap", () => {
    const { lines, out } = sink();
    let now = 0;
    const progress = new ProgressLines(out, { now: () => now });
    const info = { dir: "reports/x", total: 1000 };
    progress.onRunStart();
    // 1,000 trials at 100/s: 10 s in all.
    for (let done = 1; done <= 1000; done++) {
      now = done * 10;
      const trial = fakeTrial({
        error: done % 100 === 0 ? { kind: "server", retryable: true, message: "500" } : null,
        cost: { total: 0.001, input: 0.0008, output: 0.0002, embedding: 0 },
      });
      progress.onTrial(trial, done, info);
    }
    // Quiet for 5 s, then at 50 % (5 s in) and at 100 % (5 s later): the marks between are too close.
    expect(lines).toEqual([
      "progress: 500/1000 trials (50%), 5 errors, $0.5000 spent, 100 trials/s, ~5s left\n",
      "progress: 1000/1000 trials (100%), 10 errors, $1.0000 spent, 100 trials/s\n",
    ]);
    expect(lines.join("")).not.toContain("\r");
    expect(lines.join("")).not.toContain("\u001b");
  });

  it("a slow run gets a line every 30 s even between 10 % marks", () => {
    const { lines, out } = sink();
    let now = 0;
    const progress = new ProgressLines(out, { now: () => now });
    progress.onRunStart();
    for (let done = 1; done <= 5; done++) {
      now = done * 31_000;
      progress.onTrial(fakeTrial({}), done, { dir: "d", total: 1000 });
    }
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^progress: 5\/1000 trials \(0%\), 0 errors/);
  });

  it("a batch run gives no time left: its trials come back a batch at a time, the cache's at once", () => {
    const { lines, out } = sink();
    let now = 0;
    const progress = new ProgressLines(out, { now: () => now, quietMs: 0, minGapMs: 0 });
    progress.onRunStart();
    const info = { dir: "d", total: 24, batch: true };
    now = 1_000;
    progress.onTrial(fakeTrial({ cached: true }), 12, info); // answered by the cache while submitting
    now = 38_000;
    progress.onTrial(fakeTrial({ batchId: "batch_1" }), 15, info);
    expect(lines[0]).toMatch(/^progress: 12\/24 trials \(50%\), 0 errors, \$0\.\d+ spent, 1 trials\/s\n$/);
    expect(lines[1]).toMatch(/^progress: 15\/24 trials \(62%\), 0 errors, \$0\.\d+ spent, 0 trials\/s\n$/);
  });

  it("the console reporter writes them when stderr is no terminal, and no bar", () => {
    const { lines, out } = sink();
    let now = 0;
    const reporter = new ConsoleReporter({
      out: sink().out,
      progress: null,
      progressLines: new ProgressLines(out, { now: () => now, quietMs: 0, minGapMs: 0 }),
    });
    for (let done = 1; done <= 20; done++) {
      now = done;
      reporter.onTrial(fakeTrial({}), done, { dir: "d", total: 20 });
    }
    expect(lines).toHaveLength(10);
  });
});
