import { describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../src/retrieval/index.js";
import { forEachConcurrent, iteratePlan, planSize, planTrials } from "../../src/run/index.js";
import { saveBehind } from "../../src/run/pool.js";
import { createStrategy } from "../../src/strategies/index.js";
import { makeSuite } from "../helpers/suite.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe("forEachConcurrent", () => {
  it("runs at most `concurrency` at once and pulls items only when a worker is free", async () => {
    let pulled = 0;
    function* items() {
      for (let i = 0; i < 50; i++) {
        pulled++;
        yield i;
      }
    }
    let inFlight = 0;
    let peak = 0;
    let maxAhead = 0;
    const done: number[] = [];
    await forEachConcurrent(items(), 4, async (i) => {
      peak = Math.max(peak, ++inFlight);
      maxAhead = Math.max(maxAhead, pulled - done.length);
      await tick();
      inFlight--;
      done.push(i);
    });
    expect(done.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(peak).toBe(4);
    expect(maxAhead).toBeLessThanOrEqual(4);
  });

  it("rejects with the first error and starts nothing after it", async () => {
    const started: number[] = [];
    await expect(
      forEachConcurrent([0, 1, 2, 3, 4, 5, 6, 7], 2, async (i) => {
        started.push(i);
        await tick();
        if (i === 1) throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(started.length).toBeLessThan(8);
  });
});

describe("iteratePlan", () => {
  it("yields the same trials as planTrials, lazily, and planSize counts them", async () => {
    const deps = {
      embedderFor: () => new LocalEmbedder(),
      indexRoot: "/nonexistent",
      tunedRecords: [],
      taskSuites: [],
    };
    const strategies = [
      createStrategy("baseline", "baseline", { endpoint: "sim" }, deps),
      createStrategy("prompt", "prompt", { endpoint: "sim" }, deps),
    ];
    const suites = [makeSuite({ name: "a" }), makeSuite({ name: "b" })];
    const lazy = iteratePlan(suites, strategies, 3);
    expect((await lazy.next()).value).toMatchObject({ repeat: 0 });
    const all = await planTrials(suites, strategies, 3);
    expect(planSize(suites, strategies, 3)).toBe(all.length);
    expect(all).toHaveLength(2 * 1 * 2 * 3);
    const again = [];
    for await (const t of iteratePlan(suites, strategies, 3)) again.push(t);
    expect(again).toEqual(all);
  });
});

describe("saveBehind", () => {
  const deferred = () => {
    let settle: { resolve: () => void; reject: (e: unknown) => void } = {
      resolve: () => {},
      reject: () => {},
    };
    const promise = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    return { promise, ...settle };
  };

  it("lets the worker go on while up to `limit` saves wait, holds it beyond, and rethrows the first failure", async () => {
    const saving = saveBehind(2);
    const saves = [deferred(), deferred(), deferred()];
    await saving.add(saves[0]?.promise as Promise<void>);
    await saving.add(saves[1]?.promise as Promise<void>);
    let third = false;
    const held = saving.add(saves[2]?.promise as Promise<void>).then(() => {
      third = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(third).toBe(false);
    saves[0]?.resolve();
    await held;
    expect(third).toBe(true);
    saves[1]?.reject(new Error("disk full"));
    saves[2]?.resolve();
    await expect(saving.flush()).rejects.toThrow("disk full");
    await expect(saving.add(Promise.resolve())).rejects.toThrow("disk full");
  });
});
