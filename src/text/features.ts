// Lexical features shared by the simulator's "understanding" and the local embedder. Latin text is
// words plus character trigrams (robust to inflection); Han/Kana/Hangul text has no spaces, so it
// is character unigrams and bigrams.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;

const STOPWORDS = new Set(
  "a an the and or of to in on at for is are was were be been it its this that with as by from i you we they he she me my your our please can could would will do does did what which who how".split(
    " ",
  ),
);

/** Lower-cased word tokens; CJK runs are kept whole. Stopwords dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(TOKEN)) {
    if (!STOPWORDS.has(m[0])) out.push(m[0]);
  }
  return out;
}

/** Weighted bag of features of a text. */
export function features(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  const add = (key: string, weight: number) => bag.set(key, (bag.get(key) ?? 0) + weight);
  for (const word of words(text)) {
    if (CJK.test(word)) {
      const chars = [...word];
      for (let i = 0; i < chars.length; i++) {
        add(`c:${chars[i]}`, 1);
        if (i + 1 < chars.length) add(`b:${chars[i]}${chars[i + 1]}`, 1.5);
      }
    } else {
      add(`w:${word}`, 1);
      const padded = ` ${word} `;
      if (padded.length > 4)
        for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.3);
    }
  }
  return bag;
}

export function norm(bag: Map<string, number>): number {
  let sum = 0;
  for (const v of bag.values()) sum += v * v;
  return Math.sqrt(sum);
}

/**
 * Cosine similarity of two feature bags, in [0, 1]. Their norms may be given when known (one
 * input against many examples): the result is the same, computed the same way.
 */
export function cosine(
  a: Map<string, number>,
  b: Map<string, number>,
  normA = norm(a),
  normB = norm(b),
): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  // Keys, not entries: the entries iterator allocates a [key, value] pair per feature, and this runs
  // against every example for every trial (13 KB of garbage per trial).
  for (const k of small.keys()) {
    const w = large.get(k);
    if (w !== undefined) dot += (small.get(k) as number) * w;
  }
  const denominator = normA * normB;
  return denominator === 0 ? 0 : dot / denominator;
}

export function similarity(a: string, b: string): number {
  return cosine(features(a), features(b));
}

/** 32-bit FNV-1a: stable across runs and machines, so hashed embeddings are deterministic. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Feature-hashed, signed, L2-normalised vector of a text's features. */
export function hashedVector(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const [key, weight] of features(text)) {
    const h = fnv1a(key);
    vector[h % dimensions] = (vector[h % dimensions] ?? 0) + (h & 0x80000000 ? -weight : weight);
  }
  let sum = 0;
  for (const v of vector) sum += v * v;
  const length = Math.sqrt(sum);
  return length === 0 ? vector : vector.map((v) => v / length);
}

/** Share of letters that are Han characters (for the `language: zh` format check). */
export function hanShare(text: string): number {
  let han = 0;
  let letters = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) {
      han++;
      letters++;
    } else if (/\p{L}/u.test(ch)) letters++;
  }
  return letters === 0 ? 0 : han / letters;
}
