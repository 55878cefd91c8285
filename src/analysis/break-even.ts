import type { TrainingCost } from "../model/index.js";
import { type IndexBuildRecord, suiteCaseKey, type TrialRecord } from "../runlog/index.js";

export type { TrainingCost };

import { caseTallies, pairCases } from "./cases.js";
import { compareCases, DEFAULT_DECISIONS, type DecisionSettings, decisionOf } from "./compare.js";
import { formatCount } from "./format.js";
import type { BreakEven, BreakEvenRow, Comparison, PairComparison, TunedModelUse } from "./model.js";
import { byOrder } from "./order.js";
import { findPair, orient } from "./pairs.js";
import { type GroupSummary, pooledGroup } from "./summary.js";

export interface BreakEvenOptions {
  decisions?: DecisionSettings;
  /** The tuned models and what each one's training cost (tuned-models.ts). */
  models?: readonly TunedModelUse[];
  fixedCosts?: number;
  callsPerDay?: number;
  /** Strategy names in run order (tie-break of the alternatives' order). */
  runOrder?: readonly string[];
  /** Tuned strategies that could not run, with why. */
  unavailable?: readonly { name: string; type: string; unavailable?: string }[];
  /** Retrieval indexes built during the run: the one-off cost of their strategy (a reused one cost nothing). */
  indexBuilds?: readonly IndexBuildRecord[];
}

/**
 * Calls until `oneOff` dollars are saved at `savingPerCall` per call; null when it never pays
 * (saving ≤ 0). A hair of tolerance keeps 2.40 / 0.0012 at 2,000 rather than 2,001.
 */
export function breakEvenCalls(oneOff: number, savingPerCall: number): number | null {
  if (!(savingPerCall > 0)) return null;
  if (oneOff <= 0) return 0;
  return Math.max(1, Math.ceil(oneOff / savingPerCall - 1e-9));
}

export function formatDays(days: number): string {
  // Below 0.05 the one decimal would round to "0 days": the break-even is under a tenth of a day.
  if (days < 0.05) return "< 0.1 day";
  if (days >= 730) return `${(days / 365).toFixed(1).replace(/\.0$/, "")} years`;
  const text = days >= 10 ? formatCount(Math.ceil(days)) : days.toFixed(1).replace(/\.0$/, "");
  return `${text} ${text === "1" ? "day" : "days"}`;
}

/** The break-even row arithmetic and its sentence, given both costs per call and the one-off cost. */
export function breakEvenText(
  tunedPerCall: number | null,
  alternativePerCall: number | null,
  oneOff: number | null,
  callsPerDay: number,
): Pick<BreakEvenRow, "savingPerCall" | "calls" | "days" | "status" | "text"> {
  if (tunedPerCall === null || alternativePerCall === null)
    return {
      savingPerCall: null,
      calls: null,
      days: null,
      status: "unknown",
      text: "unknown: unpriced calls",
    };
  const saving = alternativePerCall - tunedPerCall;
  if (saving < 0)
    return {
      savingPerCall: saving,
      calls: null,
      days: null,
      status: "never",
      text: "never on cost: a tuned call costs more",
    };
  if (saving === 0)
    return {
      savingPerCall: saving,
      calls: null,
      days: null,
      status: "never",
      text: "never on cost: a tuned call costs the same",
    };
  if (oneOff === null)
    return {
      savingPerCall: saving,
      calls: null,
      days: null,
      status: "unknown",
      text: "no training cost known: run tunebench tune estimate",
    };
  const calls = breakEvenCalls(oneOff, saving) as number;
  const days = calls / callsPerDay;
  return {
    savingPerCall: saving,
    calls,
    days,
    status: "pays-off",
    text:
      calls === 0
        ? "pays off from the first call (no one-off cost)"
        : `pays off after ${formatCount(calls)} calls (${formatDays(days)} at ${formatCount(callsPerDay)} calls/day)`,
  };
}

/** Each case's repeats, keyed by suite as well: the same case id may exist in two suites. */
function pooledCases(trials: readonly TrialRecord[], strategy: string) {
  return caseTallies(
    trials.filter((t) => t.strategy === strategy),
    suiteCaseKey,
  );
}

/** A suite's pair as seen from the tuned strategy, with whether it is the primary "tuned" question. */
function fromPair(pair: PairComparison, tuned: string): BreakEvenRow["comparison"] {
  const {
    questions,
    pAdjusted,
    decision: _d,
    suite: _s,
    canary: _c,
    candidate: _x,
    reference: _y,
    graded: _g,
    ...c
  } = orient(pair, tuned);
  return { ...c, pAdjusted, primary: questions.includes("tuned") };
}

function reduction(tunedIn: number, altIn: number): number | null {
  return altIn > 0 ? 1 - tunedIn / altIn : null;
}

/**
 * Does fine-tuning pay off? For each tuned strategy against each alternative: the one-off cost
 * (training + fixed) over the measured saving per call, beside the quality decision (better,
 * worse, equivalent, inconclusive) and how much shorter its prompts are.
 * All non-canary suites together (against the training of every model that served them), then per
 * suite against the training of the model that served it.
 */
export function computeBreakEven(
  trials: readonly TrialRecord[],
  groups: readonly GroupSummary[],
  pairs: readonly PairComparison[],
  options: BreakEvenOptions = {},
): BreakEven {
  const {
    models = [],
    fixedCosts = 0,
    callsPerDay = 1000,
    runOrder = [],
    decisions = DEFAULT_DECISIONS,
    indexBuilds = [],
  } = options;
  const notes: string[] = [];
  const rows: BreakEvenRow[] = [];
  // Filled in below: rows and notes grow in place.
  const only = models.length === 1 ? models[0] : undefined;
  const result: BreakEven = {
    trainingCost: only?.trainingCost ?? null,
    trainingSource: only?.trainingSource ?? null,
    tunedModel: only?.model ?? null,
    models: [...models],
    fixedCosts,
    callsPerDay,
    rows,
    notes,
  };
  const inDomain = trials.filter((t) => !t.canary);
  // Strategies and canary suites in one pass, with no list per trial (100,000 of them in a large run).
  const typeOf = new Map<string, TrialRecord["strategyType"]>();
  const canarySuites = new Set<string>();
  for (const t of trials)
    if (t.canary) canarySuites.add(t.suite);
    else typeOf.set(t.strategy, t.strategyType);
  const order = (names: Iterable<string>) => [...names].sort(byOrder(runOrder));
  const ran = [...typeOf.keys()];
  const tuned = order(ran.filter((s) => typeOf.get(s) === "tuned"));
  // The alternatives fine-tuning usually replaces come first: prompt, retrieval, then the zero-shot baseline.
  const altRank: Record<string, number> = { prompt: 0, retrieval: 1, baseline: 2 };
  const alternatives = order(ran.filter((s) => typeOf.get(s) !== "tuned")).sort(
    (a, b) => (altRank[typeOf.get(a) ?? ""] ?? 3) - (altRank[typeOf.get(b) ?? ""] ?? 3),
  );

  // An alternative's one-off cost: the indexes it built (per suite, or over the non-canary suites).
  const unpricedIndex = new Set<string>();
  const indexCost = (strategy: string, suite: string | null): number => {
    let cost = 0;
    for (const b of indexBuilds) {
      if (b.strategy !== strategy || (suite === null ? canarySuites.has(b.suite) : b.suite !== suite))
        continue;
      if (b.cost === null) unpricedIndex.add(b.embeddingModel);
      else cost += b.cost;
    }
    return cost;
  };
  for (const s of options.unavailable ?? [])
    if (s.type === "tuned" && s.unavailable) notes.push(`${s.name} did not run: ${s.unavailable}`);
  if (tuned.length === 0) {
    notes.push("no tuned strategy ran, so there is nothing to break even");
    return result;
  }

  for (const t of tuned) {
    const uses = models.filter((m) => m.strategy === t);
    const served = (suite: string) =>
      uses.find((m) => m.suites.includes(suite)) ??
      uses.find((m) => m.model === inDomain.find((x) => x.strategy === t && x.suite === suite)?.model);
    const noted = new Set<string>();
    const costOf = (m: TunedModelUse | undefined): number | null => {
      const note = !m
        ? `no training cost known for ${t}: run tunebench tune estimate`
        : m.trainingCost === null
          ? m.trainingSource === null
            ? `no training cost known for ${t}${uses.length > 1 ? `'s model ${m.model}` : ""}: run tunebench tune estimate`
            : `training of ${m.model} is unpriced: add prices.<base>.training`
          : null;
      if (note && !noted.has(note)) notes.push(note);
      if (note) noted.add(note);
      return m?.trainingCost ?? null;
    };
    // Over all task suites: the training of every model the strategy served them with.
    const taskSuites = [...new Set(inDomain.filter((x) => x.strategy === t).map((x) => x.suite))];
    const allModels = [...new Set(taskSuites.map(served))];
    const allCosts = allModels.map(costOf);
    const allTraining = allCosts.some((c) => c === null)
      ? null
      : allCosts.reduce<number>((a, c) => a + (c ?? 0), 0);
    const allNames = allModels
      .map((m) => m?.model ?? inDomain.find((x) => x.strategy === t)?.model ?? "")
      .join(", ");
    // The tuned group against an alternative's group, over one suite or (suite null) all of them.
    const row = (
      suite: string | null,
      alt: string,
      mine: GroupSummary,
      theirs: GroupSummary,
      comparison: BreakEvenRow["comparison"],
      quality: BreakEvenRow["quality"],
    ): BreakEvenRow => {
      const altOneOff = indexCost(alt, suite);
      const m = suite === null ? undefined : served(suite);
      const training = suite === null ? allTraining : costOf(m);
      const oneOff = training === null ? null : training + fixedCosts;
      // What the alternative spent up front is saved by tuning instead: it lowers the one-off to recoup.
      const net = oneOff === null ? null : oneOff - altOneOff;
      return {
        suite,
        tuned: t,
        alternative: alt,
        model: suite === null ? allNames : (m?.model ?? uses.at(0)?.model ?? ""),
        trainingCost: training,
        tunedCostPerCall: mine.cost.perCall,
        alternativeCostPerCall: theirs.cost.perCall,
        alternativeOneOff: altOneOff,
        ...breakEvenText(mine.cost.perCall, theirs.cost.perCall, net, callsPerDay),
        quality,
        comparison,
        tunedTokensIn: mine.tokensIn.mean,
        alternativeTokensIn: theirs.tokensIn.mean,
        promptReduction: reduction(mine.tokensIn.mean, theirs.tokensIn.mean),
      };
    };

    const tunedAll = pooledGroup(inDomain, t);
    const tunedCases = pooledCases(inDomain, t);
    for (const alt of alternatives) {
      const altAll = pooledGroup(inDomain, alt);
      if (!tunedAll || !altAll) continue;
      const { pairs: cases, excluded } = pairCases(pooledCases(inDomain, alt), tunedCases);
      const c: Comparison = compareCases(cases, excluded, decisions.alpha);
      // Exploratory: the primary questions are per suite; this pools them, on its own p.
      const comparison = { ...c, pAdjusted: null, primary: false };
      rows.push(row(null, alt, tunedAll, altAll, comparison, decisionOf(c, c.p, decisions)));
    }
    for (const g of groups) {
      if (g.canary || g.strategy !== t) continue;
      for (const alt of alternatives) {
        const other = groups.find((x) => x.suite === g.suite && x.strategy === alt);
        if (!other) continue;
        const pair = findPair(pairs, g.suite, t, alt);
        const seen = pair ? orient(pair, t) : null;
        rows.push(row(g.suite, alt, g, other, pair ? fromPair(pair, t) : null, seen?.decision ?? null));
      }
    }
  }
  for (const model of unpricedIndex)
    notes.push(`building a retrieval index with ${model} is unpriced (counted as $0): add prices.${model}`);
  return result;
}
