// The non-inferiority gate `maxDrop: { margin, onInconclusive }` on the primary questions that ask
// about a drop: a tuned strategy against the best untuned one, against its base model on canary
// suites, and every strategy against itself in the baseline run. Three outcomes, never two: a
// small suite that cannot show a drop is below the margin does not pass.
import type { Gate } from "../config/index.js";
import { nonInferiority } from "../stats/index.js";
import type { DecisionSettings } from "./compare.js";
import { points } from "./format.js";
import type { GateResult, Question, QuestionKind } from "./model.js";
import { settleAdvice } from "./power.js";

type DropGate = NonNullable<Gate["maxDrop"]>;

export interface DropGateOptions {
  gates?: Gate | undefined;
  suiteGates?: Record<string, Gate> | undefined;
  decisions: DecisionSettings;
  /** The questions it judges (`tunebench compare`: only "regression"). */
  kinds?: readonly QuestionKind[];
}

const pp = (x: number) => points(x).replace("+", "");

function configFor(options: DropGateOptions, suite: string, strategy: string) {
  for (const [scope, gate] of [
    ["suite", options.suiteGates?.[suite]],
    ["global", options.gates],
  ] as const) {
    if (!gate?.maxDrop || (gate.strategies && !gate.strategies.includes(strategy))) continue;
    return { scope, gate: gate.maxDrop as DropGate };
  }
  return null;
}

/** One maxDrop result per drop question (a pair asked twice, on a canary suite, is judged once). */
export function evaluateDropGates(
  questions: readonly Question[],
  options: DropGateOptions,
): { results: GateResult[]; notes: string[] } {
  const { decisions, kinds = ["tuned", "forgetting", "regression"] } = options;
  const results: GateResult[] = [];
  const pairKey = (q: Question) => `${q.suite}\0${q.candidate}\0${q.reference}`;
  // On a canary suite "tuned vs the best untuned" is often "tuned vs its base model" too: judged once, as the latter.
  const forgetting = new Set(questions.filter((q) => q.kind === "forgetting").map(pairKey));
  for (const q of questions) {
    if (!kinds.includes(q.kind) || (q.kind === "tuned" && forgetting.has(pairKey(q)))) continue;
    const config = configFor(options, q.suite, q.candidate);
    if (!config) continue;
    const margin = config.gate.margin ?? decisions.margin;
    const onInconclusive = config.gate.onInconclusive;
    const status = nonInferiority({ diff: q.diff.value, ...q.equivalence }, margin);
    const drop = 0 - q.diff.value;
    const interval = `90% interval of the drop [${pp(-q.equivalence.high)}, ${pp(-q.equivalence.low)}]`;
    const where = `${q.suite}/${q.candidate} (${q.label})`;
    let message: string;
    let settle: string | undefined;
    if (status === "pass")
      message = `pass gate maxDrop on ${where}: ${interval} below the margin ${pp(margin)}`;
    else if (status === "fail")
      message = `FAIL gate maxDrop on ${where}: drop ${pp(drop)}, ${interval} above the margin ${pp(margin)}`;
    else {
      settle = settleAdvice(q, margin, decisions.alpha);
      message =
        `INCONCLUSIVE gate maxDrop on ${where}: drop ${pp(drop)}, ${interval} straddles the margin ${pp(margin)}; ` +
        `to settle it: ${settle}${onInconclusive === "warn" ? " (warning only: onInconclusive: warn)" : ""}`;
    }
    results.push({
      gate: "maxDrop",
      suite: q.suite,
      strategy: q.candidate,
      scope: config.scope,
      status,
      measured: drop,
      threshold: margin,
      cases: [],
      pair: q.label,
      onInconclusive,
      ...(settle ? { settle } : {}),
      message,
    });
  }
  const notes: string[] = [];
  const wanted = [options.gates, ...Object.values(options.suiteGates ?? {})].some((g) => g?.maxDrop);
  if (wanted && results.length === 0)
    notes.push(
      "skipped maxDrop: no tuned strategy and no baseline run to judge (pass --baseline PATH or latest)",
    );
  return { results, notes };
}
