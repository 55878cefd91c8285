// The simulator as a judge: it recognises a judge prompt by its marker (src/text/judge-protocol.ts)
// and grades deterministically, so an offline run shows judge scores that mean something. What it
// reads: the phrases the rubric quotes ("您好！", 「…」, “…”) that the answer contains, and how similar
// the answer is to the reference. Without either it falls back to the rubric's own words.
import type { ChatMessage } from "../../model/index.js";
import {
  gradeVerdict,
  type JudgePrompt,
  pairVerdict,
  readJudgePrompt,
  similarity,
} from "../../text/index.js";

/** Similarity to the reference that counts as fully alike (paraphrases of one answer reach it). */
export const REFERENCE_FULL = 0.6;
/** Similarity to the rubric's words that counts as fully on topic, when nothing else is known. */
const RUBRIC_FULL = 0.3;
/** Qualities closer than this are a tie in a pairwise comparison. */
export const TIE_MARGIN = 0.05;

const QUOTED = /"([^"\n]+)"|“([^”\n]+)”|「([^」\n]+)」|『([^』\n]+)』|`([^`\n]+)`/g;

/** The phrases a rubric quotes: what it literally asks an answer to contain. */
export function quotedPhrases(rubric: string): string[] {
  return [...rubric.matchAll(QUOTED)].map((m) => (m.slice(1).find((g) => g !== undefined) ?? "").trim());
}

export interface Quality {
  /** 0..1 */
  value: number;
  why: string;
}

/** How well an answer meets the rubric, from its quoted phrases and the reference. */
export function quality(answer: string, rubric: string, reference?: string): Quality {
  if (answer.trim() === "") return { value: 0, why: "the answer is empty" };
  const parts: number[] = [];
  const why: string[] = [];
  const phrases = quotedPhrases(rubric).filter(Boolean);
  if (phrases.length > 0) {
    const found = phrases.filter((p) => answer.includes(p));
    parts.push(found.length / phrases.length);
    why.push(`has ${found.length} of the ${phrases.length} phrases the rubric asks for`);
  }
  if (reference !== undefined) {
    const alike = similarity(answer, reference);
    parts.push(Math.min(1, alike / REFERENCE_FULL));
    why.push(`similarity to the reference ${alike.toFixed(2)}`);
  }
  if (parts.length === 0) {
    const onTopic = similarity(answer, rubric);
    parts.push(Math.min(1, onTopic / RUBRIC_FULL));
    why.push(`overlap with the rubric's words ${onTopic.toFixed(2)}`);
  }
  return { value: parts.reduce((a, b) => a + b, 0) / parts.length, why: why.join("; ") };
}

function verdict(prompt: JudgePrompt): string {
  if (prompt.mode === "grade") {
    const [low, high] = prompt.scale;
    const q = quality(prompt.answer, prompt.rubric, prompt.reference);
    return gradeVerdict(low + Math.round(q.value * (high - low)), `The answer ${q.why}.`);
  }
  const [a, b] = prompt.answers.map((answer) => quality(answer, prompt.rubric, prompt.reference));
  const diff = (a?.value ?? 0) - (b?.value ?? 0);
  if (Math.abs(diff) < TIE_MARGIN) return pairVerdict("tie", `Both meet the rubric about equally well.`);
  const [winner, better] = diff > 0 ? (["A", a] as const) : (["B", b] as const);
  return pairVerdict(winner, `Answer ${winner} ${better?.why ?? "meets the rubric better"}.`);
}

/** The verdict when the messages are a judge prompt, else null (an ordinary chat request). */
export function answerJudge(messages: readonly ChatMessage[]): string | null {
  const system = messages.find((m) => m.role === "system" || m.role === "developer")?.content ?? "";
  const user = messages.findLast((m) => m.role === "user")?.content ?? "";
  const prompt = readJudgePrompt(system, user);
  return prompt === null ? null : verdict(prompt);
}
