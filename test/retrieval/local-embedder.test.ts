import { describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../src/retrieval/index.js";

const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);

describe("LocalEmbedder", () => {
  const embedder = new LocalEmbedder();

  it("is free, versioned and deterministic", async () => {
    expect(embedder.id).toBe("local-hash-v1-256");
    expect(embedder.priceModel).toBeNull();
    expect(new LocalEmbedder(64).id).toBe("local-hash-v1-64");
    const first = await embedder.embed(["Oat milk costs extra", "Green tea"]);
    const again = await new LocalEmbedder().embed(["Oat milk costs extra", "Green tea"]);
    expect(first).toEqual(again);
    expect(first.tokens).toBe(0);
    expect(first.vectors[0]).toHaveLength(256);
    expect(dot(first.vectors[0] ?? [], first.vectors[0] ?? [])).toBeCloseTo(1, 10);
  });

  it("scores texts that share words higher", async () => {
    const { vectors } = await embedder.embed([
      "How much extra is oat milk in a latte?",
      "Oat milk in any latte costs 0.50 extra.",
      "Our shop opens at 7am on weekdays.",
    ]);
    const [query, related, unrelated] = vectors as [number[], number[], number[]];
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.2);
  });

  it("scores Chinese texts that share characters higher", async () => {
    const { vectors } = await embedder.embed([
      "燕麦奶要加多少钱？",
      "燕麦奶需要另加五毛钱。",
      "我们周一到周五早上七点开门。",
    ]);
    const [query, related, unrelated] = vectors as [number[], number[], number[]];
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.2);
  });
});
