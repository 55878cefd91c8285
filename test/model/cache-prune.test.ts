import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import cacache from "cacache";
import { describe, expect, it } from "vitest";
import { cacheInfo, entriesToKeep } from "../../src/model/cache-prune.js";
import { projectLayout } from "../../src/project/index.js";
import { tempDir } from "../helpers/suite.js";
import { runCli } from "../reliability/cli.js";

const HOUR = 3_600_000;

/** A project whose cache holds 10 entries of 1,000 bytes, entry i written i days and an hour ago. */
async function filledProject(now: number) {
  const dir = tempDir("tunebench-cache-");
  writeFileSync(path.join(dir, "eval.config.yaml"), "suites: [suites/*.yaml]\n");
  mkdirSync(path.join(dir, "suites"));
  const cache = projectLayout(dir).cache;
  for (let i = 0; i < 10; i++) {
    const data = `${String(i).repeat(999)}\n`;
    // `time` is cacache's own entry time (lib/entry-index.js); its types leave it out.
    await cacache.put(cache, `key-${i}`, data, { time: now - (i * 24 + 1) * HOUR } as cacache.put.Options);
  }
  return { dir, cache };
}

const keys = async (cache: string) => Object.keys(await cacache.ls(cache)).sort();

describe("tunebench cache info and prune", () => {
  it("prune keeps the newest entries within the bound and deletes the rest's content", async () => {
    const { dir, cache } = await filledProject(Date.now());
    const info = await runCli(["cache", "info", "--json"], { cwd: dir });
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ dir: cache, entries: 10, bytes: 10_000 });

    // Older than 5 days: entries 5..9 (5 days and an hour old) go.
    const aged = await runCli(["cache", "prune", "--older-than", "5d"], { cwd: dir });
    expect(aged.code, aged.stderr).toBe(0);
    expect(aged.stdout).toMatch(
      /^removed 5 entries; before: 10 entries, 10\.0 kB .*; now: 5 entries, 5\.0 kB/,
    );
    expect(await keys(cache)).toEqual(["key-0", "key-1", "key-2", "key-3", "key-4"]);

    // 3.5 kB holds the three newest; the fourth would not fit.
    const sized = await runCli(["cache", "prune", "--max-size", "3.5kB"], { cwd: dir });
    expect(sized.code, sized.stderr).toBe(0);
    expect(await keys(cache)).toEqual(["key-0", "key-1", "key-2"]);
    expect((await cacheInfo(cache)).bytes).toBe(3000);
    // The kept entries still read; the content of the pruned ones is gone, not just unindexed.
    expect((await cacache.get(cache, "key-2")).data.toString()).toBe(`${"2".repeat(999)}\n`);
    await expect(cacache.get(cache, "key-3")).rejects.toMatchObject({ code: "ENOENT" });
    const integrity = await cacache.put(tempDir("tunebench-x-"), "x", `${"3".repeat(999)}\n`);
    expect(await cacache.get.hasContent(cache, integrity)).toBe(false);
  }, 30_000);

  it("keeps a newest prefix: never an older entry in place of a newer one that does not fit", () => {
    const now = new Date(100 * HOUR);
    const list = [
      { key: "new-big", time: 99 * HOUR, size: 800 },
      { key: "mid", time: 98 * HOUR, size: 300 },
      { key: "old-small", time: 97 * HOUR, size: 100 },
      { key: "ancient", time: 1 * HOUR, size: 1 },
    ];
    expect(entriesToKeep(list, { maxBytes: 1000, now }).map((e) => e.key)).toEqual(["new-big"]);
    expect(entriesToKeep(list, { olderThanMs: 10 * HOUR, now }).map((e) => e.key)).toEqual([
      "new-big",
      "mid",
      "old-small",
    ]);
    expect(entriesToKeep(list, { maxBytes: 0, now })).toEqual([]);
  });

  it("bad bounds: one line, exit 2, nothing removed", async () => {
    const { dir, cache } = await filledProject(Date.now());
    for (const [args, message] of [
      [["cache", "prune"], /^tunebench: cache prune: give --older-than AGE, --max-size SIZE or both$/],
      [
        ["cache", "prune", "--older-than", "soon"],
        /--older-than expects an age like 30d, 12h, 90m or 2w, got "soon"/,
      ],
      [
        ["cache", "prune", "--max-size", "lots"],
        /--max-size expects a size like 1GB, 500MB or 64kB, got "lots"/,
      ],
    ] as const) {
      const result = await runCli([...args], { cwd: dir });
      expect(result.code, args.join(" ")).toBe(2);
      // One line (a malformed flag value gets the usual "(run with --help for usage)" under it).
      expect(result.stderr.split("\n")[0]).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await keys(cache)).toHaveLength(10);
  }, 30_000);
});
