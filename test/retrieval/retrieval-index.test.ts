import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Embedder,
  type EmbeddingResult,
  fitToBudget,
  forgetRetrievalIndexes,
  LocalEmbedder,
  openRetrievalIndex,
  type ScoredChunk,
} from "../../src/retrieval/index.js";

/** A local embedder that counts its calls and pretends to bill a token per text. */
class CountingEmbedder implements Embedder {
  readonly priceModel = "sim-embed";
  calls = 0;
  private readonly inner = new LocalEmbedder();
  constructor(readonly id = "counting-v1") {}
  async embed(texts: string[]): Promise<EmbeddingResult> {
    this.calls++;
    const { vectors } = await this.inner.embed(texts);
    return { vectors, tokens: texts.length };
  }
}

let root: string;
let notes: string[];
beforeEach(async () => {
  forgetRetrievalIndexes();
  root = await mkdtemp(path.join(tmpdir(), "tunebench-index-"));
  notes = [path.join(root, "menu.md"), path.join(root, "hours.md")];
  await writeFile(
    notes[0] ?? "",
    "# Menu\n\n## Lattes\n\nOat milk costs 0.50 extra in any latte.\n\n## Tea\n\nGreen tea and black tea, no refills.\n",
  );
  await writeFile(notes[1] ?? "", "# Hours\n\nWe open at 7am on weekdays and 9am on weekends.\n");
});
afterEach(async () => {
  forgetRetrievalIndexes();
  await rm(root, { recursive: true, force: true });
});

const dir = () => path.join(root, ".tunebench", "index", "menu");

describe("openRetrievalIndex", () => {
  it("builds once, then reuses the index on disk", async () => {
    const embedder = new CountingEmbedder();
    const first = await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder });
    expect(first.build).toEqual({ built: true, chunks: 3, embeddingTokens: 3 });
    expect(embedder.calls).toBe(1);

    forgetRetrievalIndexes();
    const second = await openRetrievalIndex({ dir: dir(), noteFiles: [...notes].reverse(), embedder });
    expect(second.build).toEqual({ built: false, chunks: 3, embeddingTokens: 0 });
    expect(embedder.calls).toBe(1);

    const found = await second.search("how much is oat milk?", { topK: 2, contextTokens: 1000 });
    expect(found.embeddingTokens).toBe(1);
    expect(found.chunks[0]?.source).toBe(notes[0]);
    expect(found.chunks[0]?.id).toBe(`${notes[0]}#1`);
    expect(found.chunks[0]?.text).toContain("Oat milk");
  });

  it("rebuilds when a note changes", async () => {
    const embedder = new CountingEmbedder();
    await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder });
    await writeFile(notes[1] ?? "", "# Hours\n\nWe now open at 6am every day.\n");
    forgetRetrievalIndexes();
    const index = await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder });
    expect(index.build.built).toBe(true);
    const found = await index.search("when do you open", { topK: 1, contextTokens: 1000 });
    expect(found.chunks[0]?.text).toContain("6am");
  });

  it("rebuilds when the embedder, the chunk size or the note list changes", async () => {
    await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder: new CountingEmbedder("a") });
    forgetRetrievalIndexes();
    const other = await openRetrievalIndex({
      dir: dir(),
      noteFiles: notes,
      embedder: new CountingEmbedder("b"),
    });
    expect(other.build.built).toBe(true);
    forgetRetrievalIndexes();
    const resized = await openRetrievalIndex({
      dir: dir(),
      noteFiles: notes,
      embedder: new CountingEmbedder("b"),
      chunkTokens: 100,
    });
    expect(resized.build.built).toBe(true);
    forgetRetrievalIndexes();
    const fewer = await openRetrievalIndex({
      dir: dir(),
      noteFiles: notes.slice(0, 1),
      embedder: new CountingEmbedder("b"),
      chunkTokens: 100,
    });
    expect(fewer.build).toMatchObject({ built: true, chunks: 2 });
  });

  it("rebuilds when the stored vectors are missing", async () => {
    await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder: new CountingEmbedder() });
    await rm(path.join(dir(), "vectors"), { recursive: true });
    forgetRetrievalIndexes();
    const index = await openRetrievalIndex({
      dir: dir(),
      noteFiles: notes,
      embedder: new CountingEmbedder(),
    });
    expect(index.build.built).toBe(true);
  });

  it("shares one build between concurrent opens of the same folder, charged to the first only", async () => {
    const embedder = new CountingEmbedder();
    const opened = await Promise.all(
      Array.from({ length: 5 }, () => openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder })),
    );
    expect(embedder.calls).toBe(1);
    // Whichever opened first built it; the others reused the build, which cost them nothing.
    const builds = opened.map((i) => i.build);
    expect(builds.filter((b) => b.built)).toEqual([{ built: true, chunks: 3, embeddingTokens: 3 }]);
    expect(builds.filter((b) => !b.built)).toEqual(
      Array.from({ length: 4 }, () => ({ built: false, chunks: 3, embeddingTokens: 0 })),
    );
    const found = await Promise.all(opened.map((i) => i.search("oat milk", { topK: 1, contextTokens: 500 })));
    expect(new Set(found.map((f) => f.chunks[0]?.id)).size).toBe(1);
  });

  it("answers many searches in parallel", async () => {
    const index = await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder: new LocalEmbedder() });
    const queries = ["oat milk price", "green tea refills", "weekend opening hours"];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        index.search(queries[i % 3] ?? "", { topK: 1, contextTokens: 500 }),
      ),
    );
    results.forEach((result, i) => {
      const expected = ["Oat milk", "Green tea", "weekends"][i % 3] ?? "";
      expect(result.chunks[0]?.text).toContain(expected);
      expect(result.embeddingTokens).toBe(0);
    });
  });

  it("keeps top chunks only while they fit the context budget", async () => {
    const index = await openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder: new LocalEmbedder() });
    const all = await index.search("oat milk tea hours", { topK: 3, contextTokens: 10_000 });
    expect(all.chunks).toHaveLength(3);
    const firstTwo = (all.chunks[0]?.tokens ?? 0) + (all.chunks[1]?.tokens ?? 0);
    const budgeted = await index.search("oat milk tea hours", { topK: 3, contextTokens: firstTwo });
    expect(budgeted.chunks.map((c) => c.id)).toEqual(all.chunks.slice(0, 2).map((c) => c.id));
    expect((await index.search("oat milk", { topK: 3, contextTokens: 1 })).chunks).toEqual([]);
  });

  it("handles a suite without notes", async () => {
    const embedder = new CountingEmbedder();
    const index = await openRetrievalIndex({ dir: dir(), noteFiles: [], embedder });
    expect(index.build).toEqual({ built: true, chunks: 0, embeddingTokens: 0 });
    expect(await index.search("anything", { topK: 3, contextTokens: 100 })).toEqual({
      chunks: [],
      embeddingTokens: 0,
    });
  });

  it("forgets a failed build so the next open tries again", async () => {
    const failing: Embedder = {
      id: "flaky",
      priceModel: null,
      embed: async () => {
        throw new Error("embedding endpoint down");
      },
    };
    await expect(openRetrievalIndex({ dir: dir(), noteFiles: notes, embedder: failing })).rejects.toThrow(
      "down",
    );
    const index = await openRetrievalIndex({
      dir: dir(),
      noteFiles: notes,
      embedder: new CountingEmbedder("flaky"),
    });
    expect(index.build.built).toBe(true);
  });
});

describe("fitToBudget", () => {
  const scored = (id: string, tokens: number): ScoredChunk => ({
    id,
    source: "s",
    text: id,
    tokens,
    score: 1,
  });
  it("stops at the first chunk that does not fit", () => {
    const chunks = [scored("a", 50), scored("b", 40), scored("c", 5)];
    expect(fitToBudget(chunks, 95).map((c) => c.id)).toEqual(["a", "b", "c"]);
    expect(fitToBudget(chunks, 60).map((c) => c.id)).toEqual(["a"]);
    expect(fitToBudget(chunks, 10)).toEqual([]);
  });
});
