import type { Expect } from "../config/schema.js";
import type { Score, Scorer } from "./types.js";
import { quote } from "./util.js";

// Phrases by which a model declines for lack of knowledge. Matched anywhere in the answer: models
// wrap refusals in apologies and restatements ("Sorry, the provided notes do not mention ...").
// The cost is that a hedge followed by a confident answer ("I'm not sure, but it is 42") counts as
// a refusal; that errs toward under-reporting hallucination, never toward inventing it.
const ENGLISH: RegExp[] = [
  /\bi (?:really |honestly |simply )?(?:don't|do not|dont) know\b/,
  /\bi(?:'m| am) (?:not (?:sure|certain|aware)|unsure|uncertain)\b/,
  /\b(?:i|we) (?:can't|cannot|can not|couldn't|could not|am unable to|'m unable to|am not able to|'m not able to) (?:answer|say|tell|determine|find|provide|confirm|know|help with)\b/,
  /\b(?:can't|cannot|can not|unable to) (?:be )?(?:answer|determin|verif)/,
  // "no data" alone occurs in ordinary answers ("no data loss"), so require what usually follows.
  /\bno (?:relevant |specific |such |available |reliable )?(?:information|data|details|records?|mention)(?: (?:about|on|regarding|concerning|of|for|in|available|is|was|provided|given)\b|\s*[.!]|$)/,
  /\b(?:don't|do not|doesn't|does not|didn't|did not) (?:have|contain|include|mention|provide|specify|cover) (?:any |the |enough |sufficient )?(?:relevant |specific |reliable |current |real-time )?(?:information|data|details|knowledge|context|access|answer)\b/,
  /\b(?:notes|context|documents?|sources?|text|material) (?:provided |given |available )?(?:don't|do not|doesn't|does not|didn't|did not) (?:mention|cover|say|include|contain|address|discuss)\b/,
  /\bnot (?:in|covered (?:by|in)|mentioned (?:in|by)|found in|included in|part of|available in|specified in) (?:the |my )?(?:provided|given|available|supplied|above|reference|context|notes|documents?|sources?|knowledge|training)/,
  /\b(?:outside|beyond) (?:the scope|my knowledge|what (?:i|the)|the (?:provided|given|available))/,
  /\b(?:not enough|insufficient) (?:information|context|data)\b/,
  /\bi have no (?:information|data|knowledge|way of knowing|access|idea)\b/,
  /\bno way (?:for me )?to (?:know|tell|determine)\b/,
  /\bi don't have (?:access|the ability)\b/,
];

const CJK: RegExp[] = [
  /不知道|我不确定|我不確定|不太确定|[我并]不清楚|无从得知|無從得知/,
  /无法(?:回答|确定|提供|得知|判断|获取|给出)|無法(?:回答|確定|提供|得知|判斷|取得)/,
  /没有(?:相关|提供|足够|具体)?的?(?:信息|资料|数据|记录)|沒有(?:相關|提供|足夠)?的?(?:資訊|資料|數據)/,
  /(?:未|没有|沒有)(?:提及|提到|涉及)|不在(?:提供的|所给|給定)|超出(?:了)?(?:我的)?(?:知识|知識|范围|範圍)/,
  /わかりません|分かりません|知りません|答えられません|情報がありません|不明です/,
  /모르겠습니다|모릅니다|알 수 없습니다|답변할 수 없습니다|정보가 없습니다/,
];

// Answers that are nothing but a placeholder, e.g. a JSON-minded model saying "unknown".
const WHOLE = /^["'`]?(?:unknown|n\/a|none known|no answer|not known|unsure)["'`]?\.?$/;

/** The refusal phrase found in the text, or null when the text answers. */
export function refusalPhrase(text: string): string | null {
  const normalised = text.replace(/[\u2018\u2019\u02bc]/g, "'").toLowerCase();
  const trimmed = normalised.trim();
  if (WHOLE.test(trimmed)) return trimmed;
  for (const pattern of [...ENGLISH, ...CJK]) {
    const match = pattern.exec(normalised);
    if (match !== null) return match[0].trim();
  }
  return null;
}

/** True when the text is an "I don't know"-style answer (English, Chinese, Japanese, Korean). */
export function isRefusal(text: string): boolean {
  return refusalPhrase(text) !== null;
}

/**
 * expect.refusal true (an out-of-domain probe): passes only on a refusal; any answer is a
 * hallucination, including an empty one, since the probe exists to see the model say it cannot know.
 * expect.refusal false: passes when the model answered. null when the case says nothing about refusal.
 */
export function scoreRefusal(output: string, expect: Expect): Score | null {
  if (expect.refusal === undefined) return null;
  const phrase = refusalPhrase(output);
  if (expect.refusal) {
    return phrase !== null
      ? { scorer: "refusal", pass: true, reason: `refused ("${phrase}")` }
      : {
          scorer: "refusal",
          pass: false,
          reason: `hallucination: answered instead of refusing: ${quote(output)}`,
        };
  }
  return phrase === null
    ? { scorer: "refusal", pass: true, reason: "answered" }
    : { scorer: "refusal", pass: false, reason: `refused ("${phrase}") although an answer was expected` };
}

export const refusalScorer: Scorer = {
  name: "refusal",
  score: ({ output, testCase }) => scoreRefusal(output, testCase.expect),
};
