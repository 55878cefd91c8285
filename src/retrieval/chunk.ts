import { countTokens } from "../model/index.js";
import type { Chunk } from "./types.js";

interface Section {
  /** Heading line(s) that give the section's paragraphs their context. */
  heading: string;
  paragraphs: string[];
}

const HEADING = /^#{1,6}\s/;

function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: Section = { heading: "", paragraphs: [] };
  let paragraph: string[] = [];
  const endParagraph = () => {
    const body = paragraph.join("\n").trim();
    if (body) current.paragraphs.push(body);
    paragraph = [];
  };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (HEADING.test(line)) {
      endParagraph();
      // A heading straight after another (no body between) stacks: "# Menu" then "## Lattes".
      if (current.paragraphs.length === 0)
        current.heading = [current.heading, line.trim()].filter(Boolean).join("\n");
      else {
        out.push(current);
        current = { heading: line.trim(), paragraphs: [] };
      }
    } else if (line.trim() === "") endParagraph();
    else paragraph.push(line);
  }
  endParagraph();
  if (current.heading || current.paragraphs.length > 0) out.push(current);
  return out;
}

// Sentence ends: Latin punctuation followed by space, CJK punctuation (no space needed), or a line break.
const SENTENCE_END = /[.!?]+["'”’)\]]*\s+|[。！？]+["'”’」』)\]]*\s*|\n/g;

function sentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    out.push(paragraph.slice(start, end));
    start = end;
  }
  if (start < paragraph.length) out.push(paragraph.slice(start));
  return out.filter((s) => s.trim() !== "");
}

/** Last resort for one over-long sentence: whole words, then characters (CJK has no spaces). */
function hardSplit(text: string, maxTokens: number): string[] {
  const pieces: string[] = [];
  let current = "";
  const push = (piece: string) => {
    if (countTokens(current + piece) <= maxTokens) current += piece;
    else {
      if (current) pieces.push(current);
      current = piece;
    }
  };
  for (const word of text.match(/\S+\s*/g) ?? []) {
    if (countTokens(word) <= maxTokens) push(word);
    else for (const ch of word) push(ch);
  }
  if (current) pieces.push(current);
  return pieces;
}

/** A paragraph as pieces that each fit `budget`, split at sentence ends where possible. */
function pieces(paragraph: string, budget: number): string[] {
  if (countTokens(paragraph) <= budget) return [paragraph];
  return sentences(paragraph).flatMap((s) => (countTokens(s) <= budget ? [s] : hardSplit(s, budget)));
}

/**
 * Splits a Markdown or plain-text note into chunks of at most `maxTokens`: at headings and blank
 * lines, at sentence ends only when a paragraph alone is too long. Chunks never mix sections, and
 * every chunk carries its section heading so it still makes sense on its own.
 */
export function chunkText(source: string, text: string, maxTokens: number): Chunk[] {
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new RangeError("maxTokens must be a positive integer");
  const texts: string[] = [];
  for (const section of sections(text)) {
    // A heading that would crowd out its own text is treated as text.
    const fits = countTokens(section.heading) <= maxTokens / 2;
    const heading = fits ? section.heading : "";
    const paragraphs =
      fits || !section.heading ? section.paragraphs : [section.heading, ...section.paragraphs];
    const compose = (body: string) => (heading ? `${heading}\n\n${body.trim()}` : body.trim());
    const budget = heading ? maxTokens - countTokens(`${heading}\n\n`) : maxTokens;
    let body = "";
    const flush = () => {
      if (body.trim()) texts.push(compose(body));
      body = "";
    };
    for (const paragraph of paragraphs) {
      pieces(paragraph, budget).forEach((part, i) => {
        // Sentences of one paragraph rejoin as they were; paragraphs rejoin with a blank line.
        const joined = body ? `${body}${i === 0 ? "\n\n" : ""}${part}` : part;
        if (countTokens(compose(joined)) <= maxTokens) body = joined;
        else {
          flush();
          body = part;
        }
      });
      body = body.trimEnd();
    }
    flush();
    if (paragraphs.length === 0 && heading) texts.push(heading);
  }
  return texts.map((chunk, i) => ({
    id: `${source}#${i + 1}`,
    source,
    text: chunk,
    tokens: countTokens(chunk),
  }));
}
