// The migration view: a tuned model that will retire, recorded (`tunebench record`) and replayed
// as a `recorded` strategy, against the candidates that could replace it (a prompted or retrieval
// setup on a current model, a model tuned elsewhere). Per candidate: how often it answers as the
// recorded model did, its own quality, its cost per call and the break-even of re-tuning; then the
// cases where candidates disagree with the recorded model, those most disagreed on first.
import { referenceStrategy, type StrategyType } from "../config/index.js";
import type { RunHeader, TrialRecord } from "../runlog/index.js";
import { recordedOutput, slotKey } from "../runlog/index.js";
import { type GroupSummary, type Rate, rateOf } from "./summary.js";

export interface MigrationRow {
  strategy: string;
  type: StrategyType;
  model: string;
  /** Answered as the recorded model did (the `agreement` scorer); null for the recorded model itself. */
  agreement: Rate | null;
  /** Its own pass rate on the suites' expectations. */
  pass: Rate;
  /** Dollars per answered call; the recorded model's at the price it was recorded at. */
  costPerCall: number | null;
  /** The break-even of (re-)tuning against this candidate, or of this tuned candidate against prompting. */
  breakEven: string | null;
}

export interface MigrationCase {
  suite: string;
  caseId: string;
  repeat: number;
  input: string;
  /** What the recorded model answered. */
  recorded: string | null;
  /** The candidates that answered otherwise, with why. */
  disagree: { strategy: string; output: string | null; reason: string }[];
  agree: string[];
}

export interface MigrationView {
  recorded: { strategy: string; model: string; snapshot: string | null };
  /** The recorded model first, then the candidates by agreement, highest first. Task suites only (canaries apart). */
  rows: MigrationRow[];
  /** Cases (of task suites) some candidate disagreed on, the most disagreed first. */
  disagreements: MigrationCase[];
  /** Cases matched against the recorded model, in all. */
  matched: number;
}

/** Rates of several groups as one: counts added, the interval over the cases behind them all. */
function pooled(rates: readonly Rate[]): Rate {
  const count = rates.reduce((a, r) => a + r.count, 0);
  const n = rates.reduce((a, r) => a + r.n, 0);
  const cases = rates.reduce((a, r) => a + r.cases, 0);
  return rateOf(count, n, cases);
}

function costPerCall(groups: readonly GroupSummary[]): number | null {
  let total = 0;
  let calls = 0;
  for (const g of groups) {
    if (g.pass.n === 0) continue;
    if (g.cost.perCall === null) return null;
    total += g.cost.perCall * g.pass.n;
    calls += g.pass.n;
  }
  return calls ? total / calls : null;
}

/** The break-even rows it reads (analysis/model.ts BreakEven; structural, as model.ts imports this file's types). */
interface BreakEvenLines {
  rows: readonly { suite: string | null; tuned: string; alternative: string; text: string }[];
}

function breakEvenOf(strategy: string, type: StrategyType, breakEven: BreakEvenLines): string | null {
  const overall = breakEven.rows.filter((r) => r.suite === null);
  const row =
    type === "tuned"
      ? overall.find((r) => r.tuned === strategy)
      : overall.find((r) => r.alternative === strategy);
  return row ? `${row.tuned} vs ${row.alternative}: ${row.text}` : null;
}

export function migrationView(
  trials: readonly TrialRecord[],
  groups: readonly GroupSummary[],
  breakEven: BreakEvenLines,
  header: RunHeader | null,
): MigrationView | null {
  // The reference the run's agreement scores were taken against (config/strategies.ts).
  const recordedName = referenceStrategy(header?.strategies ?? [], trials);
  if (!recordedName) return null;
  // Task suites only, as the break-even: canary suites measure forgetting, not the task.
  const taskOnly = groups.some((g) => !g.canary);
  const task = taskOnly ? groups.filter((g) => !g.canary) : groups;
  const byStrategy = new Map<string, GroupSummary[]>();
  for (const g of task) byStrategy.set(g.strategy, [...(byStrategy.get(g.strategy) ?? []), g]);
  const rows: MigrationRow[] = [...byStrategy].map(([strategy, gs]) => {
    const first = gs[0] as GroupSummary;
    const agreements = gs.flatMap((g) => (g.agreement ? [g.agreement] : []));
    return {
      strategy,
      type: first.strategyType,
      model: first.model,
      agreement: strategy === recordedName || agreements.length === 0 ? null : pooled(agreements),
      pass: pooled(gs.map((g) => g.pass)),
      costPerCall: costPerCall(gs),
      breakEven: strategy === recordedName ? null : breakEvenOf(strategy, first.strategyType, breakEven),
    };
  });
  const agreementRate = (r: MigrationRow) => (r.strategy === recordedName ? 2 : (r.agreement?.rate ?? -1));
  rows.sort((a, b) => agreementRate(b) - agreementRate(a));

  // Its answers, found as scoring found them (a snapshot recorded once answers every repeat).
  const recordedOutputs = new Map<string, string>();
  for (const t of trials)
    if (t.strategy === recordedName && t.output !== null && t.error === null)
      recordedOutputs.set(slotKey(t), t.output);
  const cases = new Map<string, MigrationCase>();
  for (const t of trials) {
    const score = t.scores.find((s) => s.scorer === "agreement" && !s.error && s.pass !== undefined);
    if (!score || (taskOnly && t.canary)) continue;
    const key = slotKey(t);
    let c = cases.get(key);
    if (!c) {
      const recorded = recordedOutput(recordedOutputs, t) ?? null;
      c = {
        suite: t.suite,
        caseId: t.caseId,
        repeat: t.repeat,
        input: t.input,
        recorded,
        disagree: [],
        agree: [],
      };
      cases.set(key, c);
    }
    if (score.pass) c.agree.push(t.strategy);
    else c.disagree.push({ strategy: t.strategy, output: t.output, reason: score.reason });
  }
  const disagreements = [...cases.values()]
    .filter((c) => c.disagree.length > 0)
    .sort((a, b) => b.disagree.length - a.disagree.length);
  const snapshot = header?.strategies.find((s) => s.name === recordedName)?.snapshot ?? null;
  const model = rows.find((r) => r.strategy === recordedName)?.model ?? "";
  return { recorded: { strategy: recordedName, model, snapshot }, rows, disagreements, matched: cases.size };
}
