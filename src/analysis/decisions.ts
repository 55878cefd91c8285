// The answer first: per suite, one line each for which strategy to use, whether fine-tuning pays
// off and whether anything regressed, with the strength of the evidence. Every reporter puts these
// lines above its tables.
import type { Decision } from "../stats/index.js";
import { formatDays } from "./break-even.js";
import { dollars, formatCount, formatP, percent, points, rateCell } from "./format.js";
import type {
  BaselineComparison,
  BreakEven,
  Comparison,
  DecisionMethod,
  Question,
  SuiteDecision,
} from "./model.js";
import { settleAdvice } from "./power.js";
import { ranked } from "./questions.js";
import type { GroupSummary } from "./summary.js";

/** "could detect drops of 30 pp or more at 35% of cases flipping" (80% power, the run's α). */
export function powerText(q: Pick<Question, "power">): string {
  const { detectableDrop, discordance, assumed } = q.power;
  const basis = `at ${percent(discordance)} of cases flipping${assumed ? " (assumed: none flipped)" : ""}`;
  return detectableDrop === null
    ? `too few cases to detect any drop ${basis}`
    : `could detect drops of ${points(detectableDrop).replace("+", "")} or more ${basis}`;
}

/** The evidence behind a decision, e.g. "0 fixed, 7 broke of 17, −41 pp, p=0.016". */
export function evidence(
  c: Comparison & { decision: Decision; pAdjusted?: number | null },
  margin: number,
): string {
  const counts = `${c.fixed} fixed, ${c.broke} broke of ${c.n}`;
  if (c.decision === "equivalent")
    return `${points(c.diff.value)}, 90% interval [${points(c.equivalence.low)}, ${points(c.equivalence.high)}] inside ±${points(margin).replace("+", "")}; ${counts}`;
  return `${counts}, ${points(c.diff.value)} [${points(c.diff.low)}, ${points(c.diff.high)}], ${formatP(c.pAdjusted ?? c.p)}`;
}

function useLine(list: GroupSummary[], questions: Question[]): { use: string | null; text: string } {
  const top = list[0];
  if (!top) return { use: null, text: "no strategy got an answer" };
  const best = questions.filter((q) => q.kind === "best");
  const quote = (g: GroupSummary) => `${rateCell(g.pass)} pass at ${dollars(g.cost.perCall)}/call`;
  if (best.length === 0)
    return { use: top.strategy, text: `use ${top.strategy}: the only strategy (${quote(top)})` };
  const cost = (name: string) =>
    list.find((g) => g.strategy === name)?.cost.perCall ?? Number.POSITIVE_INFINITY;
  const equivalent = best.filter((q) => q.decision === "equivalent").map((q) => q.reference);
  const cheapest = [top.strategy, ...equivalent].sort((a, b) => cost(a) - cost(b))[0] as string;
  const names = (d: Decision) => best.filter((q) => q.decision === d).map((q) => q.reference);
  if (cheapest !== top.strategy) {
    const g = list.find((x) => x.strategy === cheapest) as GroupSummary;
    return {
      use: cheapest,
      text: `use ${cheapest}: equivalent to the best, ${top.strategy} (${quote(top)}), and cheaper (${quote(g)})`,
    };
  }
  const parts = [`use ${top.strategy}: best pass rate (${quote(top)})`];
  if (names("better").length) parts.push(`better than ${names("better").join(", ")}`);
  if (equivalent.length) parts.push(`equivalent to ${equivalent.join(", ")} but not cheaper`);
  const open = best.filter((q) => q.decision === "inconclusive");
  if (open.length)
    parts.push(
      `not shown better than ${open.map((q) => `${q.reference} (${points(q.diff.value)}, ${formatP(q.pAdjusted)}: inconclusive)`).join(", ")}`,
    );
  return { use: top.strategy, text: parts.join("; ") };
}

function tuningLine(suite: string, questions: Question[], be: BreakEven, method: DecisionMethod): string {
  const versus = questions.filter((q) => q.kind === "tuned");
  if (versus.length === 0) {
    // Tuned models ran, none for this suite: a model per task was tuned for the others only.
    const unserved =
      be.models.length > 0 && !be.models.some((m) => m.suites.includes(suite))
        ? `no tuned model serves ${suite}: tunebench tune start --suite ${suite}`
        : null;
    const why = be.notes.find((n) => n.includes("did not run")) ?? unserved ?? "no tuned strategy ran";
    return `fine-tuning: not measured here (${why})`;
  }
  return versus
    .map((q) => {
      const row = be.rows.find(
        (r) => r.suite === suite && r.tuned === q.candidate && r.alternative === q.reference,
      );
      const quality = `quality ${q.decision} vs ${q.reference} (${evidence(q, method.margin)})`;
      if (q.decision === "worse")
        return `fine-tuning does not pay off: ${q.candidate} is worse than ${q.reference} (${evidence(q, method.margin)})`;
      if (!row || row.status === "unknown")
        return `fine-tuning: cost unknown (${row?.text ?? "not priced"}); ${quality}`;
      if (row.status === "never")
        return `fine-tuning does not pay off: a ${q.candidate} call costs ${dollars(row.tunedCostPerCall)}, ${q.reference} ${dollars(row.alternativeCostPerCall)}; ${quality}`;
      const after =
        row.calls === 0
          ? "from the first call"
          : `after ${formatCount(row.calls ?? 0)} calls (${formatDays(row.days ?? 0)} at ${formatCount(be.callsPerDay)} calls/day)`;
      if (q.decision === "inconclusive")
        return `fine-tuning would pay off ${after} against ${q.reference}, but its quality is not settled (${evidence(q, method.margin)}): ${settleAdvice(q, method.margin, method.alpha)}`;
      return `fine-tuning pays off ${after} against ${q.reference}; ${quality}`;
    })
    .join("; ");
}

const RELATION: Record<Decision, string> = {
  better: "better than",
  worse: "worse than",
  equivalent: "equivalent to",
  inconclusive: "inconclusive against",
};

const FORGOT: Record<Decision, string> = {
  worse: "got worse at tasks it was not tuned for",
  equivalent: "kept its general skills",
  better: "got better at general tasks",
  inconclusive: "may or may not have forgotten general tasks",
};

function regressionLine(
  list: GroupSummary[],
  questions: Question[],
  baseline: BaselineComparison | null,
  method: DecisionMethod,
): string {
  const canary = list.some((g) => g.canary);
  const parts: string[] = [];
  for (const q of questions.filter((x) => x.kind === "forgetting")) {
    const model = list.find((g) => g.strategy === q.reference)?.model ?? "";
    const open = q.decision === "inconclusive" ? `; ${powerText(q)}` : "";
    parts.push(
      `${q.candidate} ${FORGOT[q.decision]}: ${RELATION[q.decision]} ${q.reference}, the untuned ${model} (${evidence(q, method.margin)}${open})`,
    );
  }
  if (canary && parts.length === 0) parts.push("forgetting: not checked (no tuned strategy ran)");
  const regression = questions.filter((q) => q.kind === "regression");
  if (baseline) {
    const worse = regression.filter((q) => q.decision === "worse");
    const against = `against baseline run ${baseline.baselineRunId}`;
    const held = regression.filter((q) => q.decision === "equivalent" || q.decision === "better");
    const open = regression.filter((q) => q.decision === "inconclusive");
    const said = [
      worse.length
        ? worse.map((q) => `${q.candidate} regressed (${evidence(q, method.margin)})`).join("; ")
        : "no significant regression",
    ];
    if (held.length) said.push(`held: ${held.map((q) => `${q.candidate} ${q.decision}`).join(", ")}`);
    if (open.length)
      said.push(
        `not settled: ${open.map((q) => `${q.candidate} ${points(q.diff.value)} (${formatP(q.pAdjusted)}; ${powerText(q)})`).join(", ")}`,
      );
    if (regression.length) parts.push(`${against}: ${said.join("; ")}`);
  } else if (!canary) parts.push("regressions: not checked (no baseline run: run with --baseline latest)");
  return parts.join("; ");
}

/** The three decision lines of every suite, in suite order. */
export function suiteDecisions(
  groups: readonly GroupSummary[],
  questions: readonly Question[],
  breakEven: BreakEven,
  baseline: BaselineComparison | null,
  suiteOrder: readonly string[],
  method: DecisionMethod,
): SuiteDecision[] {
  return suiteOrder
    .filter((suite) => groups.some((g) => g.suite === suite))
    .map((suite) => {
      const canary = groups.some((g) => g.suite === suite && g.canary);
      const mine = questions.filter((q) => q.suite === suite);
      const list = ranked(groups, suite);
      const { use, text } = useLine(list, mine);
      return {
        suite,
        canary,
        use,
        useText: text,
        tuningText: canary
          ? "fine-tuning: not judged on a canary suite (general tasks, not the tuning target)"
          : tuningLine(suite, mine, breakEven, method),
        regressionText: regressionLine(list, mine, baseline, method),
        regressed: mine.some(
          (q) => (q.kind === "forgetting" || q.kind === "regression") && q.decision === "worse",
        ),
      };
    });
}
