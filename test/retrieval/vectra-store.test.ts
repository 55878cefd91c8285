import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Chunk, LocalEmbedder, VectraStore } from "../../src/retrieval/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tunebench-vectra-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const chunk = (id: string, text: string): Chunk => ({ id, source: "notes.md", text, tokens: 5 });

async function items(texts: string[]) {
  const { vectors } = await new LocalEmbedder().embed(texts);
  return texts.map((text, i) => ({ chunk: chunk(`notes.md#${i + 1}`, text), vector: vectors[i] ?? [] }));
}

describe("VectraStore", () => {
  it("rebuilds and answers vector queries in score order", async () => {
    const store = new VectraStore(path.join(dir, "vectors"));
    expect(await store.count()).toBeNull();
    await store.rebuild(
      await items([
        "Oat milk costs 0.50 extra.",
        "We open at 7am.",
        "Lattes come in three sizes.",
        "Tea: no refills.",
      ]),
    );
    expect(existsSync(path.join(dir, "vectors", "index.json"))).toBe(true);
    expect(await store.count()).toBe(4);

    const [query] = (await new LocalEmbedder().embed(["how much is oat milk"])).vectors;
    const found = await store.query(query ?? [], 2);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      id: "notes.md#1",
      source: "notes.md",
      text: "Oat milk costs 0.50 extra.",
      tokens: 5,
    });
    expect(found[0]?.score ?? 0).toBeGreaterThan(found[1]?.score ?? 1);

    // Many queries in one process: the BM25 path that crashes is never taken.
    const many = await Promise.all(Array.from({ length: 50 }, () => store.query(query ?? [], 3)));
    for (const result of many) expect(result[0]?.id).toBe("notes.md#1");
  });

  it("replaces the whole content on rebuild, also from a fresh instance", async () => {
    const folder = path.join(dir, "vectors");
    await new VectraStore(folder).rebuild(await items(["first", "second"]));
    const store = new VectraStore(folder);
    expect(await store.count()).toBe(2);
    await store.rebuild(await items(["only one now"]));
    expect(await new VectraStore(folder).count()).toBe(1);
  });

  it("skips zero vectors and answers a zero query with nothing", async () => {
    const store = new VectraStore(path.join(dir, "vectors"));
    await store.rebuild([
      { chunk: chunk("a", "the and of"), vector: new Array(256).fill(0) },
      ...(await items(["oat milk"])),
    ]);
    expect(await store.count()).toBe(1);
    expect(await store.query(new Array(256).fill(0), 3)).toEqual([]);
    const [query] = (await new LocalEmbedder().embed(["oat milk"])).vectors;
    expect((await store.query(query ?? [], 3)).map((c) => c.id)).toEqual(["notes.md#1"]);
  });

  it("writes 2,000 chunks in one update, quickly", async () => {
    const store = new VectraStore(path.join(dir, "vectors"));
    const texts = Array.from(
      { length: 2000 },
      (_, i) => `note ${i} about item ${i % 37} and topic ${i % 11}`,
    );
    const started = performance.now();
    await store.rebuild(await items(texts));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await store.count()).toBe(2000);
  });
});
