import * as reportModule from "../../src/analysis/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";

export { headerOf };

export const NOW = new Date("2026-01-01T00:10:00Z");

/** n trials of one suite/strategy with case ids c0..c(n-1), passing where `pass(i)` says. */
export function trialsOf(
  strategy: string,
  n: number,
  pass: (i: number) => boolean,
  extra: Partial<TrialRecord> = {},
): TrialRecord[] {
  const type = (
    ["baseline", "prompt", "retrieval", "tuned"].includes(strategy) ? strategy : "prompt"
  ) as TrialRecord["strategyType"];
  return Array.from({ length: n }, (_, i) =>
    fakeTrial({ caseId: `c${i}`, strategy, strategyType: type, pass: pass(i), ...extra }),
  );
}

/** A trial's cost in dollars, all of it on input. */
export const cost = (total: number) => ({ total, input: total, output: 0, embedding: 0 });
export const usage = (promptTokens: number, completionTokens = 10) => ({
  promptTokens,
  completionTokens,
  cachedPromptTokens: 0,
});

/** 20 cases each: tuned at $0.0003/call with 50-token prompts, prompt at $0.0015/call with 500-token prompts. */
export function tunedAndPrompt(): TrialRecord[] {
  return [
    ...trialsOf("tuned", 20, (i) => i !== 0, {
      model: "ft:gpt-4o-mini:acme::t1",
      cost: cost(0.0003),
      usage: usage(50),
    }),
    ...trialsOf("prompt", 20, (i) => i !== 1, { cost: cost(0.0015), usage: usage(500) }),
  ];
}

export const NASTY_OUTPUT = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">`;

/**
 * A small but complete report: two suites (one canary), three strategies of which one could not
 * run, a call error, a hostile model output, a baseline run, break-even inputs and a failing gate.
 */
export function sampleReport() {
  const { analyzeRun } = reportModule;
  const trials: TrialRecord[] = [];
  for (const suite of ["ticket-triage", "canary-general"]) {
    const canary = suite === "canary-general";
    for (let i = 0; i < 8; i++) {
      const caseId = `case-${i}`;
      trials.push(
        fakeTrial({
          suite,
          canary,
          caseId,
          input: `ticket number ${i} & "quotes"`,
          strategy: "baseline",
          strategyType: "baseline",
          pass: i < 3,
          formatOk: i < 5,
          cost: cost(0.00002),
          usage: usage(60, 12),
          latencyMs: 10 + i,
          output: `{"category":"billing","n":${i}}`,
          scores:
            i < 3
              ? []
              : [{ scorer: "expect", pass: false, reason: `expected category "bug", got "billing"` }],
        }),
        fakeTrial({
          suite,
          canary,
          caseId,
          input: `ticket number ${i} & "quotes"`,
          strategy: "prompt",
          strategyType: "prompt",
          pass: i !== 7,
          cost: cost(0.00006),
          usage: usage(320, 12),
          latencyMs: 20 + i,
          output: suite === "ticket-triage" && i === 2 ? NASTY_OUTPUT : `{"category":"bug","n":${i}}`,
          ...(i === 6 && !canary
            ? {
                verdict: null,
                output: null,
                usage: null,
                error: { kind: "server", retryable: true, message: "HTTP 500 <oops>" },
              }
            : {}),
        }),
      );
    }
  }
  const header = headerOf(["baseline", "prompt", "tuned"], ["ticket-triage", "canary-general"]);
  const tuned = header.strategies[2];
  if (tuned) tuned.unavailable = "no tuned model recorded yet";
  const baseline = trials.map((t) => ({
    ...t,
    runId: "r0",
    verdict: t.verdict ? { ...t.verdict, pass: true } : null,
  }));
  return analyzeRun(trials, header, {
    now: NOW,
    gates: { maxRegressions: 0, minPassRate: 0.5 },
    baseline: { trials: baseline, runId: "r0", source: "reports/r0" },
  });
}
