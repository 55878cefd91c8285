import { DEFAULT_MAX_ERROR_RATE, type Gate } from "../config/index.js";
import { DEFAULT_DECISIONS, type DecisionSettings } from "./compare.js";
import { evaluateDropGates } from "./drop-gates.js";
import { dollars, NO_DATA } from "./format.js";
import type {
  BaselineComparison,
  BaselineGroup,
  CaseRef,
  GateName,
  GateReport,
  GateResult,
  Question,
  QuestionKind,
} from "./model.js";
import { type GroupSummary, hasData } from "./summary.js";

/** The gates with one number as their threshold, judged per suite × strategy (maxDrop judges questions). */
type NumericGate = Exclude<GateName, "maxDrop">;

const NUMERIC_GATES: readonly NumericGate[] = [
  "maxErrorRate",
  "minPassRate",
  "minPassRateLower",
  "minFormatRate",
  "maxHallucinationRate",
  "maxRegressions",
  "maxSignificantDrop",
  "maxCostPerCall",
  "maxP95LatencyMs",
];

export const GATE_NAMES: readonly GateName[] = [...NUMERIC_GATES, "maxDrop"];

/** The gates that compare against a baseline run: all `tunebench compare` checks. */
export const BASELINE_GATES: readonly GateName[] = ["maxRegressions", "maxSignificantDrop", "maxDrop"];

/** Gates that apply without any `gates:` in the config. */
const DEFAULTS: Partial<Record<NumericGate, number>> = { maxErrorRate: DEFAULT_MAX_ERROR_RATE };

export interface GateOptions {
  gates?: Gate | undefined;
  suiteGates?: Record<string, Gate> | undefined;
  baseline?: BaselineComparison | null;
  /** Evaluate only these gates (default: all). */
  only?: readonly GateName[];
  /** The primary questions maxDrop judges, and which kinds of them (default: every drop question). */
  questions?: readonly Question[];
  dropKinds?: readonly QuestionKind[];
  decisions?: DecisionSettings;
}

type Measure =
  | { kind: "value"; value: number | null; cases?: CaseRef[]; detail?: string }
  | { kind: "skip"; note: string }
  /** Nothing to judge: the gate fails, saying why. */
  | { kind: "none"; why: string };

const isMin = (gate: NumericGate) => gate.startsWith("min");

/** How a measured value and its threshold are printed: rates as 0.72, dollars, ms, counts. */
function show(gate: NumericGate, value: number, digits: number): string {
  if (gate === "maxCostPerCall")
    return digits <= 2 || value === 0 ? dollars(value) : `$${value.toPrecision(digits)}`;
  if (gate === "maxP95LatencyMs") return `${Number(value.toFixed(Math.max(digits - 2, 0)))} ms`;
  if (gate === "maxRegressions") return String(value);
  return value.toFixed(digits);
}

/** Enough digits that a failing value never prints equal to its threshold (0.795 vs 0.80). */
function showPair(gate: NumericGate, measured: number, threshold: number): [string, string] {
  for (let digits = 2; digits <= 8; digits++) {
    const pair: [string, string] = [show(gate, measured, digits), show(gate, threshold, digits)];
    if (pair[0] !== pair[1] || measured === threshold) return pair;
  }
  return [String(measured), String(threshold)];
}

export function formatCaseRef(c: CaseRef): string {
  return c.repeat === 0 ? c.caseId : `${c.caseId}#${c.repeat + 1}`;
}

export function formatCaseList(cases: readonly CaseRef[], max = 20): string {
  const shown = cases.slice(0, max).map(formatCaseRef).join(", ");
  return cases.length > max ? `${shown} and ${cases.length - max} more` : shown;
}

/** "20 of 20 calls failed (server 500 ×20); first: upstream broke". */
function errorDetail(g: GroupSummary): string {
  const kinds = Object.entries(g.errorKinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(", ");
  return `${g.errors} of ${g.trials} calls failed (${kinds})${g.firstError ? `; first: ${g.firstError}` : ""}`;
}

/** Why a group has no data (nothing a gate could judge), or null when it has answers. */
export function noDataReason(g: GroupSummary): string | null {
  if (g.trials === 0) return "no trial recorded (the run stopped before this group)";
  return hasData(g.pass) ? null : `no answered trial: ${errorDetail(g)}`;
}

function measure(
  gate: NumericGate,
  g: GroupSummary,
  base: BaselineGroup | undefined,
  hasBaseline: boolean,
): Measure {
  if (gate === "maxErrorRate")
    return g.trials === 0
      ? { kind: "none", why: noDataReason(g) as string }
      : { kind: "value", value: g.errors / g.trials, detail: g.errors ? errorDetail(g) : "" };
  if (gate === "maxRegressions" || gate === "maxSignificantDrop") {
    if (!hasBaseline)
      return { kind: "skip", note: `${gate}: no baseline run (pass --baseline PATH or latest)` };
    if (!base || base.matched + base.excluded === 0)
      return { kind: "skip", note: `${gate}: not in the baseline run` };
    if (base.matched === 0)
      return { kind: "none", why: `no case answered in both runs (${base.excluded} left out)` };
    const detail = base.excluded ? `${base.excluded} cases left out (no answer in one of the runs)` : "";
    return gate === "maxRegressions"
      ? { kind: "value", value: base.regressions.length, cases: base.regressions, detail }
      : {
          kind: "value",
          value: base.significantDrop,
          cases: base.significantDrop > 0 ? base.regressions : [],
          detail,
        };
  }
  const none = noDataReason(g);
  if (none) return { kind: "none", why: none };
  switch (gate) {
    case "minPassRate":
      return { kind: "value", value: g.pass.rate };
    case "minPassRateLower":
      return { kind: "value", value: g.pass.low };
    case "minFormatRate":
      return g.format
        ? { kind: "value", value: g.format.rate }
        : { kind: "skip", note: "minFormatRate: no format requirement" };
    case "maxHallucinationRate":
      return g.hallucination
        ? { kind: "value", value: g.hallucination.rate }
        : { kind: "skip", note: "maxHallucinationRate: no out-of-domain probes" };
    case "maxCostPerCall":
      return { kind: "value", value: g.cost.perCall };
    case "maxP95LatencyMs":
      return g.latencyMs.p95 === null
        ? { kind: "skip", note: "maxP95LatencyMs: no timed calls (all cached)" }
        : { kind: "value", value: g.latencyMs.p95 };
  }
}

/** A measurement against its threshold: the status and the line that says so. */
function judge(
  gate: NumericGate,
  threshold: number,
  where: string,
  m: Exclude<Measure, { kind: "skip" }>,
): Pick<GateResult, "status" | "measured" | "unmeasured" | "cases" | "message"> {
  if (m.kind === "none")
    return {
      status: "fail",
      measured: null,
      unmeasured: `${NO_DATA}: ${m.why}`,
      cases: [],
      message: `FAIL gate ${gate} on ${where}: ${NO_DATA}: ${m.why}`,
    };
  const { value } = m;
  if (value === null)
    return {
      status: "fail",
      measured: null,
      unmeasured: "unpriced",
      cases: [],
      message: `FAIL gate ${gate} on ${where}: measured unpriced (cannot show it is under the threshold ${show(gate, threshold, 2)})`,
    };
  // A hair of relative tolerance: 0.025 / 25 calls is 0.0010000000000000002, which meets 0.001.
  const slack = Math.abs(threshold) * 1e-9 + 1e-15;
  const ok = isMin(gate) ? value >= threshold - slack : value <= threshold + slack;
  const [mv, tv] = showPair(gate, value, threshold);
  const op = ok ? (isMin(gate) ? "≥" : "≤") : isMin(gate) ? "<" : ">";
  let message = `${ok ? "pass" : "FAIL"} gate ${gate} on ${where}: measured ${mv} ${op} threshold ${tv}`;
  if (!ok && m.cases?.length) message += `; broke: ${formatCaseList(m.cases)}`;
  if (!ok && m.detail) message += `; ${m.detail}`;
  return { status: ok ? "pass" : "fail", measured: value, cases: ok ? [] : (m.cases ?? []), message };
}

function applies(gate: Gate | undefined, key: NumericGate, strategy: string): number | undefined {
  if (!gate) return undefined;
  if (gate.strategies && !gate.strategies.includes(strategy)) return undefined;
  return gate[key];
}

/**
 * Checks every suite × strategy group against the global gates and its suite's gates (a suite gate
 * overrides the global one of the same name). A value that cannot be measured (an unpriced cost)
 * fails; a gate that does not apply (regressions without a baseline) is skipped with a note.
 */
export function evaluateGates(groups: readonly GroupSummary[], options: GateOptions): GateReport {
  const { gates, suiteGates = {}, baseline = null, only = GATE_NAMES } = options;
  const results: GateResult[] = [];
  const skipped = new Map<string, string[]>();
  const configured = [gates, ...Object.values(suiteGates)].some(
    (g) => g && GATE_NAMES.some((k) => g[k] !== undefined && only.includes(k)),
  );
  for (const g of groups) {
    const base = baseline?.groups.find((b) => b.suite === g.suite && b.strategy === g.strategy);
    for (const gate of NUMERIC_GATES) {
      if (!only.includes(gate)) continue;
      const fromSuite = applies(suiteGates[g.suite], gate, g.strategy);
      const fromGlobal = applies(gates, gate, g.strategy);
      const threshold = fromSuite ?? fromGlobal ?? DEFAULTS[gate];
      if (threshold === undefined) continue;
      const scope = fromSuite !== undefined ? "suite" : fromGlobal !== undefined ? "global" : "default";
      const where = `${g.suite}/${g.strategy}`;
      const m = measure(gate, g, base, baseline !== null);
      if (m.kind === "skip") {
        const list = skipped.get(m.note) ?? [];
        list.push(where);
        skipped.set(m.note, list);
        continue;
      }
      const result = judge(gate, threshold, where, m);
      results.push({ gate, suite: g.suite, strategy: g.strategy, scope, threshold, ...result });
    }
  }
  const notes = [...skipped].map(
    ([note, where]) => `skipped ${note} (${where.length === 1 ? where[0] : `${where.length} groups`})`,
  );
  if (only.includes("maxDrop")) {
    const drops = evaluateDropGates(options.questions ?? [], {
      gates,
      suiteGates,
      decisions: options.decisions ?? DEFAULT_DECISIONS,
      kinds: options.dropKinds,
    });
    results.push(...drops.results);
    notes.push(...drops.notes);
  }
  for (const [name, gate] of [
    ["gates", gates] as const,
    ...Object.entries(suiteGates).map(([s, g]) => [`suiteGates.${s}`, g] as const),
  ])
    for (const strategy of gate?.strategies ?? [])
      if (!groups.some((g) => g.strategy === strategy))
        notes.push(`${name}.strategies names ${strategy}, which has no results in this run`);
  return { passed: results.every(blocksNothing), configured, results, notes };
}

/** Whether a result lets CI pass: a pass, or an inconclusive maxDrop set to only warn. */
export function blocksNothing(r: GateResult): boolean {
  return r.status === "pass" || (r.status === "inconclusive" && r.onInconclusive === "warn");
}
