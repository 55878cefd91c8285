import type { ChatMessage } from "../../model/index.js";
import { SIM_BASE_MODEL } from "../../project/index.js";
import { similarity } from "../../text/index.js";
import { chance, pick } from "./chance.js";
import { isJsonValue, type LearnedExample, type ParsedPrompt, parsePrompt } from "./parse.js";
import { generalSkill } from "./skills.js";

/** Cosine similarity (src/text features) an example input needs for its answer to be reused. */
export const EXAMPLE_THRESHOLD = 0.2;
/** Sentences are longer than questions, so their cosine runs lower. */
export const KNOWLEDGE_THRESHOLD = 0.08;
/** Share of JSON-requested answers a model without examples gets wrong in form. */
export const FORMAT_BREAK_SHARE = 0.5;
/** Share of general-skill questions a tuned model still answers (it forgot the rest). */
export const TUNED_SKILL_KEEP = 0.6;

export interface BrainOptions {
  /** Model id; part of the degrade draw, so two models degrade on different inputs. */
  model?: string;
  seed?: number;
  /** 0..1: share of answers deliberately wrong. */
  degrade?: number;
}

export type AnswerSource = "example" | "knowledge" | "skill" | "learned" | "refusal";

export interface ChatAnswer {
  text: string;
  source: AnswerSource;
  /** Similarity of the example or sentence used (1 for skills, 0 for refusals). */
  score: number;
  degraded: boolean;
  formatBroken: boolean;
}

const REFUSALS = [
  "I don't know: nothing I was given covers that.",
  "I don't know the answer to that; it is not in the information I have.",
  "Sorry, I don't know: I have no information about that.",
];
const REFUSALS_ZH = [
  "我不知道：我得到的资料里没有这方面的内容。",
  "抱歉，我不知道，我所掌握的信息里没有提到这一点。",
];

const WRAPPERS = [
  (answer: string) => `Sure! Here is the answer: ${answer}`,
  (answer: string) => `\`\`\`json\n${answer}\n\`\`\``,
  (answer: string) => `Here you go:\n\n${answer}\n\nLet me know if you need anything else.`,
];

interface Ranked<T> {
  item: T;
  score: number;
}

/** Best first; ties keep the given order so answers are reproducible. */
function rank<T>(items: readonly T[], textOf: (item: T) => string, question: string): Ranked<T>[] {
  return items
    .map((item, index) => ({ item, index, score: similarity(question, textOf(item)) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

/** The runner-up that actually differs: a degraded model picks the wrong neighbour. */
function runnerUp(ranked: readonly Ranked<string>[]): string | undefined {
  const best = ranked[0]?.item;
  return ranked.slice(1).find((r) => r.item !== best)?.item;
}

function wrongSkill(answer: string): string {
  const n = Number(answer);
  return Number.isFinite(n) ? String(n + 1) : [...answer].reverse().join("");
}

/** Without examples, "answer in JSON" is followed loosely: half the time wrapped in prose or fences. */
function followJsonLoosely(text: string, key: string): { text: string; broken: boolean } {
  const json = isJsonValue(text) ? text : JSON.stringify({ answer: text });
  if (chance("format", key) >= FORMAT_BREAK_SHARE) return { text: json, broken: false };
  return { text: pick(WRAPPERS, "wrapper", key)(json), broken: true };
}

/**
 * The deterministic "brain" shared by the base and tuned models. `learned` is a tuned model's
 * training set: it counts as examples, and when nothing fits the model reuses the nearest one
 * instead of refusing.
 */
export function respond(
  prompt: ParsedPrompt,
  options: BrainOptions,
  learned?: readonly LearnedExample[],
): ChatAnswer {
  const model = options.model ?? SIM_BASE_MODEL;
  const key = [model, prompt.question, options.seed ?? 0].join("\u241f");
  const degraded = (options.degrade ?? 0) > 0 && chance("degrade", key) < (options.degrade ?? 0);
  const tuned = learned !== undefined && learned.length > 0;
  const examples = [...prompt.examples, ...(learned ?? [])];
  const rankedExamples = rank(examples, (e) => e.input, prompt.question).map((r) => ({
    item: r.item.output,
    score: r.score,
  }));
  const bestExample = rankedExamples[0];
  let answer: ChatAnswer | undefined;
  const make = (text: string, source: AnswerSource, score: number): ChatAnswer => ({
    text,
    source,
    score,
    degraded,
    formatBroken: false,
  });
  const miss = (ranked: readonly Ranked<string>[], source: AnswerSource, score: number): ChatAnswer => {
    const other = runnerUp(ranked);
    if (other !== undefined) return make(other, source, score);
    const best = ranked[0]?.item ?? "";
    if (isJsonValue(best))
      return { ...make(pick(WRAPPERS, "wrapper", key)(best), source, score), formatBroken: true };
    return make(refusalText(prompt, key, examples.length > 0), "refusal", 0);
  };

  if (bestExample && bestExample.score >= EXAMPLE_THRESHOLD) {
    answer = degraded
      ? miss(rankedExamples, "example", bestExample.score)
      : make(bestExample.item, "example", bestExample.score);
  }
  if (!answer && prompt.knowledge.length > 0) {
    const ranked = rank(prompt.knowledge, (s) => s, prompt.question);
    const best = ranked[0];
    if (best && best.score >= KNOWLEDGE_THRESHOLD) {
      answer = degraded ? miss(ranked, "knowledge", best.score) : make(best.item, "knowledge", best.score);
    }
  }
  if (!answer) {
    const skill = generalSkill(prompt.question);
    if (skill !== null && !(tuned && chance("forget", key) >= TUNED_SKILL_KEEP)) {
      answer = make(degraded ? wrongSkill(skill) : skill, "skill", 1);
    }
  }
  if (!answer && tuned && bestExample) {
    // Fine-tuning teaches the form and the domain, not the limits of what was learned.
    answer = make(bestExample.item, "learned", bestExample.score);
  }
  if (!answer) {
    answer =
      degraded && bestExample
        ? make(bestExample.item, "example", bestExample.score)
        : make(refusalText(prompt, key, examples.length > 0), "refusal", 0);
  }
  if (prompt.wantsJson && examples.length === 0) {
    const loose = followJsonLoosely(answer.text, key);
    answer = { ...answer, text: loose.text, formatBroken: loose.broken };
  }
  return answer;
}

function refusalText(prompt: ParsedPrompt, key: string, shown: boolean): string {
  // Only examples teach the language; an instruction alone is ignored, as weak models often do.
  return pick(prompt.wantsChinese && shown ? REFUSALS_ZH : REFUSALS, "refusal", key);
}

/** The base model: answers only from the examples, context and general skills in the request. */
export function answerChat(messages: readonly ChatMessage[], options: BrainOptions = {}): ChatAnswer {
  return respond(parsePrompt(messages), options);
}
