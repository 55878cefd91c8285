// The pairwise judge: two strategies' answers to one case, shown twice with their positions
// swapped. A judge that prefers whatever comes first votes once for each and the pair is a tie,
// so position bias cancels instead of deciding.
import type { ChatMessage } from "../../model/index.js";
import type { EvalCost, PairVote } from "../../runlog/index.js";
import { pairPrompt, parsePairVerdict } from "../../text/index.js";
import type { ScoringModels } from "../types.js";
import { askJudge, messagesOf } from "./ask.js";
import type { ResolvedJudge } from "./resolve.js";

export interface Contender {
  strategy: string;
  answer: string;
}

export interface PairResult {
  /** From the first contender's side; null when either order had no verdict. */
  outcome: "win" | "loss" | "tie" | null;
  consistent: boolean | null;
  votes: PairVote[];
  cost: EvalCost;
}

const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** What the judge is sent to compare two answers in this order (a budget counts its tokens before the call). */
export function pairMessages(
  judge: ResolvedJudge,
  item: { question: string; reference?: string | undefined },
  answers: [string, string],
): ChatMessage[] {
  return messagesOf(
    pairPrompt({
      rubric: judge.rubric,
      question: item.question,
      ...(item.reference === undefined ? {} : { reference: item.reference }),
      answers,
    }),
  );
}

/** Judges `candidate` against `other` in both orders. */
export async function judgePair(
  models: ScoringModels,
  judge: ResolvedJudge,
  item: { question: string; reference?: string | undefined },
  candidate: Contender,
  other: Contender,
): Promise<PairResult> {
  const cost: EvalCost = { calls: 0, cached: 0, total: 0, spent: 0 };
  const votes: PairVote[] = [];
  // +1 when the vote goes to the candidate, -1 to the other, 0 a tie; null: no verdict.
  const points: (number | null)[] = [];
  for (const [a, b] of [
    [candidate, other],
    [other, candidate],
  ] as const) {
    const prompt = pairMessages(judge, item, [a.answer, b.answer]);
    const { answers, cost: spent } = await askJudge(models, judge, prompt, 1);
    cost.calls += spent.calls;
    cost.cached += spent.cached;
    cost.total = sum(cost.total, spent.total);
    cost.spent = sum(cost.spent, spent.spent);
    const answer = answers[0] ?? { raw: null, cached: false, failure: "no answer" };
    const parsed = answer.raw === null ? null : parsePairVerdict(answer.raw);
    const winner = parsed?.ok ? parsed.value.winner : null;
    const reason =
      parsed === null
        ? `call failed: ${answer.failure}`
        : parsed.ok
          ? parsed.value.reason
          : `unparseable verdict (${parsed.error})`;
    votes.push({ first: a.strategy, winner, reason, prompt, raw: answer.raw, cached: answer.cached });
    const forCandidate = a === candidate ? "A" : "B";
    points.push(winner === null ? null : winner === "tie" ? 0 : winner === forCandidate ? 1 : -1);
  }
  if (points.some((p) => p === null)) return { outcome: null, consistent: null, votes, cost };
  const [x = 0, y = 0] = points as number[];
  const total = x + y;
  return { outcome: total > 0 ? "win" : total < 0 ? "loss" : "tie", consistent: x === y, votes, cost };
}
