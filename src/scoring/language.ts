import type { OutputSpec } from "../config/schema.js";
import { hanShare } from "../text/index.js";

export type Language = NonNullable<OutputSpec["language"]>;

interface ScriptCounts {
  letters: number;
  han: number;
  kana: number;
  hangul: number;
  latin: number;
}

function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, han: 0, kana: 0, hangul: 0, latin: 0 };
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    counts.letters++;
    if (/\p{Script=Han}/u.test(ch)) counts.han++;
    else if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch)) counts.kana++;
    else if (/\p{Script=Hangul}/u.test(ch)) counts.hangul++;
    else if (/\p{Script=Latin}/u.test(ch)) counts.latin++;
  }
  return counts;
}

/**
 * Thresholds, and why:
 * - zh: Han ≥ 0.3 of letters. Chinese answers routinely carry Latin product names and units, and a
 *   Latin letter counts once per letter while a Han character carries a whole word, so 0.3 already
 *   means "written in Chinese". Kana must stay under 0.1: Japanese is also Han-heavy, and Chinese
 *   never uses kana.
 * - ja: Kana ≥ 0.2 of letters. Japanese prose is roughly half kana; kanji alone cannot tell it
 *   from Chinese.
 * - ko: Hangul ≥ 0.5 of letters (modern Korean rarely uses Hanja).
 * - en: Latin ≥ 0.7 of letters: "mostly English", tolerating a quoted foreign term.
 */
export function checkLanguage(text: string, language: Language): { ok: boolean; detail: string } {
  const c = countScripts(text);
  if (c.letters === 0) return { ok: false, detail: `expected ${language} text, found no letters` };
  const pct = (x: number) => `${Math.round((x / c.letters) * 100)}%`;
  switch (language) {
    case "zh": {
      const share = hanShare(text);
      const kana = c.kana / c.letters;
      if (share >= 0.3 && kana < 0.1) return { ok: true, detail: `zh (Han ${pct(c.han)})` };
      if (share >= 0.3) return { ok: false, detail: `expected zh, looks Japanese (kana ${pct(c.kana)})` };
      return { ok: false, detail: `expected zh, Han characters are ${pct(c.han)} of letters (need ≥ 30%)` };
    }
    case "ja":
      return c.kana / c.letters >= 0.2
        ? { ok: true, detail: `ja (kana ${pct(c.kana)})` }
        : { ok: false, detail: `expected ja, kana are ${pct(c.kana)} of letters (need ≥ 20%)` };
    case "ko":
      return c.hangul / c.letters >= 0.5
        ? { ok: true, detail: `ko (Hangul ${pct(c.hangul)})` }
        : { ok: false, detail: `expected ko, Hangul is ${pct(c.hangul)} of letters (need ≥ 50%)` };
    case "en":
      return c.latin / c.letters >= 0.7
        ? { ok: true, detail: `en (Latin ${pct(c.latin)})` }
        : { ok: false, detail: `expected en, Latin letters are ${pct(c.latin)} of letters (need ≥ 70%)` };
  }
}
