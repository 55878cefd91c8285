import { dollars, percent } from "./format.js";
import type { PairComparison, SuiteVerdict } from "./model.js";
import { findPair } from "./pairs.js";
import { type GroupSummary, hasData, type MeasuredRate } from "./summary.js";

type Rated = GroupSummary & { pass: MeasuredRate };

/** A p-value for a table cell: "<0.001", "0.039", "0.52". */
export function pCell(p: number): string {
  if (p < 0.001) return "<0.001";
  return p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}

/** A p-value in a sentence: "p<0.001", "p=0.039". */
export function formatP(p: number): string {
  const cell = pCell(p);
  return cell.startsWith("<") ? `p${cell}` : `p=${cell}`;
}

/** "tuned vs prompt: inconclusive (3 fixed, 2 broke, p=1.00)". */
export function describePair(pair: PairComparison): string {
  const counts = `${pair.fixed} fixed, ${pair.broke} broke, ${formatP(pair.pAdjusted)}`;
  const verdict = pair.verdict === "no-change" ? `no change (none of ${pair.n} flipped)` : pair.verdict;
  return `${pair.candidate} vs ${pair.reference}: ${verdict} (${counts})`;
}

const byQuality = (a: Rated, b: Rated) =>
  b.pass.rate - a.pass.rate ||
  (a.cost.perCall ?? Number.POSITIVE_INFINITY) - (b.cost.perCall ?? Number.POSITIVE_INFINITY);

/**
 * One verdict line per suite: the best strategy by pass rate (ties: cheaper), and the comparison
 * that decides: the tuned strategy against the best alternative, else the best against the runner-up.
 */
export function suiteVerdicts(
  groups: readonly GroupSummary[],
  pairs: readonly PairComparison[],
  suiteOrder: readonly string[],
): SuiteVerdict[] {
  const suites = [...new Set([...suiteOrder, ...groups.map((g) => g.suite)])];
  const out: SuiteVerdict[] = [];
  for (const suite of suites) {
    const ranked = groups.filter((g): g is Rated => g.suite === suite && hasData(g.pass)).sort(byQuality);
    const all = groups.filter((g) => g.suite === suite);
    if (all.length === 0) continue;
    const canary = all.some((g) => g.canary);
    const label = canary ? `${suite} (canary)` : suite;
    const best = ranked[0];
    if (!best) {
      out.push({ suite, canary, best: null, headline: null, text: `${label}: no strategy got an answer` });
      continue;
    }
    const tuned = ranked.find((g) => g.strategyType === "tuned");
    let headline: PairComparison | undefined;
    if (tuned) {
      const rival = ranked.find((g) => g.strategyType !== "tuned");
      if (rival) headline = findPair(pairs, suite, tuned.strategy, rival.strategy);
    } else if (ranked[1]) headline = findPair(pairs, suite, best.strategy, ranked[1].strategy);
    let text =
      `${label}: ${best.strategy} best (${percent(best.pass.rate)} pass [${percent(best.pass.low)}–${percent(best.pass.high)}], ` +
      `${dollars(best.cost.perCall)}/call)`;
    if (headline) text += `; ${describePair(headline)}`;
    if (canary && headline && tuned) {
      const tunedWorse =
        (headline.candidate === tuned.strategy && headline.verdict === "worse") ||
        (headline.reference === tuned.strategy && headline.verdict === "better");
      if (tunedWorse) text += ": worse at tasks it was not tuned for";
    }
    out.push({
      suite,
      canary,
      best: {
        strategy: best.strategy,
        passRate: best.pass.rate,
        low: best.pass.low,
        high: best.pass.high,
        costPerCall: best.cost.perCall,
      },
      headline: headline ?? null,
      text,
    });
  }
  return out;
}
