import { describe, expect, it } from "vitest";
import { countTokens } from "../../src/model/index.js";
import { chunkText } from "../../src/retrieval/index.js";

const words = (text: string) =>
  text
    .replace(/^#+\s.*$/gm, "")
    .split(/\s+/)
    .filter(Boolean);

const menu = `# Menu

Intro line before any section.

## Lattes

A latte is espresso with steamed milk. Oat milk costs 0.50 extra.

Sizes: small, medium, large.

## Tea

Green tea and black tea. No refills.
`;

describe("chunkText", () => {
  it("keeps each heading with its paragraphs and numbers chunks stably", () => {
    const chunks = chunkText("notes/menu.md", menu, 200);
    expect(chunks.map((c) => c.id)).toEqual(["notes/menu.md#1", "notes/menu.md#2", "notes/menu.md#3"]);
    expect(chunks[0]?.text).toBe("# Menu\n\nIntro line before any section.");
    expect(chunks[1]?.text).toBe(
      "## Lattes\n\nA latte is espresso with steamed milk. Oat milk costs 0.50 extra.\n\nSizes: small, medium, large.",
    );
    expect(chunks[2]?.text).toBe("## Tea\n\nGreen tea and black tea. No refills.");
    for (const chunk of chunks) {
      expect(chunk.source).toBe("notes/menu.md");
      expect(chunk.tokens).toBe(countTokens(chunk.text));
    }
    expect(chunkText("notes/menu.md", menu, 200)).toEqual(chunks);
  });

  it("stacks headings that have no text between them", () => {
    const chunks = chunkText("a.md", "# Menu\n## Lattes\nOat milk costs extra.\n", 100);
    expect(chunks.map((c) => c.text)).toEqual(["# Menu\n## Lattes\n\nOat milk costs extra."]);
  });

  it("handles plain text without headings, and empty text", () => {
    expect(chunkText("a.txt", "one\n\ntwo\r\n\r\nthree", 100).map((c) => c.text)).toEqual([
      "one\n\ntwo\n\nthree",
    ]);
    expect(chunkText("a.txt", "one\n\ntwo\n\nthree", 2).map((c) => c.text)).toEqual(["one", "two", "three"]);
    expect(chunkText("a.txt", "  \n\n", 100)).toEqual([]);
  });

  it("splits a long paragraph at sentence ends and repeats the heading", () => {
    const sentence = (i: number) => `Rule ${i} says that every order of item ${i} ships within ${i} days.`;
    const paragraph = Array.from({ length: 40 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText("policy.md", `## Shipping\n\n${paragraph}`, 60);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(60);
      expect(chunk.text.startsWith("## Shipping\n\nRule ")).toBe(true);
      expect(chunk.text).toMatch(/days\.$/);
    }
    expect(chunks.flatMap((c) => words(c.text))).toEqual(words(paragraph));
  });

  it("splits Chinese at sentence punctuation", () => {
    const paragraph =
      "拿铁是浓缩咖啡加蒸牛奶。燕麦奶需要另加五毛钱。我们有小杯、中杯和大杯。绿茶和红茶不能续杯。".repeat(6);
    const chunks = chunkText("menu-zh.md", `## 饮品\n\n${paragraph}`, 40);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(40);
      expect(chunk.text).toMatch(/。$/);
    }
    expect(chunks.map((c) => c.text.replace("## 饮品\n\n", "")).join("")).toBe(paragraph);
  });

  it("cuts an over-long sentence by words, and a huge word by characters, within the limit", () => {
    const long = `${"word ".repeat(300)}${"x".repeat(500)} end`;
    const chunks = chunkText("long.txt", long, 50);
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(50);
    expect(
      chunks
        .map((c) => c.text)
        .join(" ")
        .replace(/\s+/g, ""),
    ).toBe(long.replace(/\s+/g, ""));
  });

  it("treats a heading too long to share a chunk as text", () => {
    const heading = `# ${"very long heading ".repeat(10)}`;
    const chunks = chunkText("h.md", `${heading}\n\nBody text here.`, 20);
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(20);
    expect(chunks.map((c) => c.text).join(" ")).toContain("Body text here.");
  });

  it("rejects a nonsensical limit", () => {
    expect(() => chunkText("a.md", "text", 0)).toThrow(RangeError);
  });
});
