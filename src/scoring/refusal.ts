import type { Expect } from "../config/schema.js";
import type { Score, Scorer } from "./types.js";
import { quote } from "./util.js";

// Phrases by which a model declines for lack of knowledge. Matched anywhere in the answer: models
// wrap refusals in apologies and restatements ("Sorry, the provided notes do not mention ...").
// The cost is that a hedge followed by a confident answer ("I'm not sure, but it is 42") counts as
// a refusal; that errs toward under-reporting hallucination, never toward inventing it.
//
// Every phrase needs a first-person subject ("I don't know", "我不知道") or an explicit reference
// to the information the model was given ("not in the provided context", "资料中没有相关信息"):
// ordinary answers are full of negations about third parties ("Interns do not have access",
// "No data is lost", "系统无法提供退款", "用户不知道密码") that decline nothing.

// What the model was given: "the provided notes", "my context", "the information I have". The
// lookahead keeps "the context menu" or "the documents table" out.
const GIVEN = String.raw`(?:the |my |your |this |these |that )?(?:(?:provided|given|supplied|available|above|attached|reference|retrieved) )?(?:notes?|context|documents?|sources?|materials?|text|information|passages?|excerpts?|knowledge(?: base)?|training data)(?=\s*(?:[.,;:!?)"'\]]|$)|\s+(?:provided|given|supplied|available|above|you|i|that|which|here)\b)`;
const NOT_HAVE = "(?:don't|do not|doesn't|does not|didn't|did not|dont)";
const CANNOT =
  "(?:can't|cannot|can not|couldn't|could not|am unable to|'m unable to|am not able to|'m not able to)";

const ENGLISH: RegExp[] = [
  // First person: I don't know, I'm not sure, I can't answer, I don't have information, ...
  /\bi (?:really |honestly |simply |just |genuinely )?(?:don't|do not|dont) know\b/,
  /\bi(?:'m| am) (?:not (?:sure|certain|aware)|unsure|uncertain)\b/,
  new RegExp(
    String.raw`\bi ${CANNOT} (?:answer|say|tell|determine|know|be sure|help with|find (?:any|that|this|the|information|an answer)|provide (?:an answer|the answer|that|this|any|information|details))\b`,
  ),
  new RegExp(
    String.raw`\bi ${NOT_HAVE} have (?:any |the |enough |sufficient |specific |much )?(?:relevant |specific |reliable |current |real-time |up-to-date |detailed )?(?:information|data|details|knowledge|context|answer|access|the ability|a way)\b`,
  ),
  /\bi have no (?:\w+ )?(?:information|data|knowledge|way of knowing|access|idea|details|records?)\b/,
  /\bi (?:was(?:n't| not)|have(?:n't| not) been) (?:given|provided with|provided|told) (?:any |enough )?(?:information|context|data|details)\b/,
  /\bno way for me to (?:know|tell|determine|say)\b/,
  /\b(?:outside|beyond) (?:my (?:knowledge|training)|what i (?:know|have|was given|can (?:see|tell)))\b/,
  // The information given: not in the provided context, the notes do not mention, ...
  new RegExp(
    String.raw`\bnot (?:in|covered (?:by|in)|mentioned (?:in|by)|found in|included in|part of|available in|specified in|stated in|present in|contained in|addressed in) ${GIVEN}`,
  ),
  new RegExp(
    String.raw`\bno (?:\w+ )?(?:information|data|details|records?|mention)\b[^.!?\n]{0,80}?\b(?:in|from|within) ${GIVEN}`,
  ),
  new RegExp(
    String.raw`\b(?:the |my |your )?(?:(?:provided|given|supplied|available|above|retrieved) )?(?:notes|context|documents?|sources?|material|text|information)(?: (?:provided|given|available|(?:you|i) (?:provided|gave me|was given|have)))? ${NOT_HAVE} (?:mention|cover|say|include|contain|address|discuss|specify|state)\b`,
  ),
  new RegExp(
    String.raw`\bnothing (?:i (?:was given|have|know of|can find)|in ${GIVEN}) (?:covers|mentions|says|answers|addresses)\b`,
  ),
  new RegExp(String.raw`\b(?:outside|beyond) (?:the scope of )?${GIVEN}`),
  new RegExp(String.raw`\b(?:not enough|insufficient) (?:information|context|data) (?:in|from) ${GIVEN}`),
];

// 我 (never 我们: "我们无法提供退款" is a policy, not a refusal), or an apology with the subject
// dropped, as Chinese often does ("抱歉，不清楚").
const ZH_SELF = String.raw`(?:我(?!们|們)|(?:抱歉|对不起|對不起|不好意思)[，,、\s]*)`;
// Notes and documents are what the model was given; plain "information" only when qualified
// ("提供的信息", "我所掌握的信息"): "订单信息中没有相关记录" is an answer.
const ZH_NOTES = "(?:资料|資料|笔记|筆記|上下文|文档|文檔|材料|知识库|知識庫)";
const ZH_SOURCE = `(?:(?:提供|所给|所給|给定|給定|得到|掌握)的?(?:${ZH_NOTES}|信息|資訊|内容|內容)|${ZH_NOTES})`;

const CJK: RegExp[] = [
  new RegExp(
    `${ZH_SELF}(?:真的|确实|確實|也|并|並|实在|實在)?(?:不知道|不清楚|不确定|不確定|不太确定|不太確定|不太清楚|不了解|无从得知|無從得知|无法(?:回答|确定|得知|判断|给出|提供(?:答案|相关信息|信息))|無法(?:回答|確定|得知|判斷|給出|提供(?:答案|相關資訊|資訊)))`,
  ),
  /我(?!们|們)(?:这里|這裡|手头|手頭)?(?:没有|沒有)(?:相关|相關|足够|足夠|具体|具體|这方面|這方面)?的?(?:信息|资料|数据|记录|資訊|資料|數據|記錄)/,
  new RegExp(
    `${ZH_SOURCE}(?:中|里|裡|内|內)?(?:并|並)?(?:没有|沒有|未)(?:提及|提到|涉及|相关|相關|包含|说明|說明|这方面|這方面|关于|關於)`,
  ),
  /不在(?:提供的|所给|所給|给定|給定)/,
  /超出(?:了)?我的(?:知识|知識|能力)?(?:范围|範圍)?/,
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

export const refusalScorer: Scorer = (output, testCase) => scoreRefusal(output, testCase.expect);
