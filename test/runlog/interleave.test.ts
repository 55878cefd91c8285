import { existsSync, readdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { interleaveShards } from "../../src/runlog/interleave.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig } from "../helpers/project.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** The run logs this process holds open (Linux: /proc/self/fd). */
const openLogs = () =>
  readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.endsWith("trials.jsonl") ? [target] : [];
    } catch {
      return [];
    }
  });

describe.skipIf(!existsSync("/proc/self/fd"))("interleaving shards", () => {
  it("a failed write leaves no shard's log open", async () => {
    sim = await startSimulator({ port: 0 });
    // Enough cases that each log is read in more than one chunk.
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 8, cache: false }\n"), 300);
    const config = path.join(dir, "eval.config.yaml");
    const shards = [];
    for (const index of [1, 2]) shards.push(await runSuites({ config, shard: { index, count: 2 } }));
    const sources = shards.map((s) => ({ file: path.join(s.dir, "trials.jsonl"), keeps: () => true }));
    let written = 0;
    const failing = interleaveShards(
      sources,
      () => 0,
      () => {
        if (++written === 3) throw new Error("disk full");
      },
    );
    await expect(failing).rejects.toThrow("disk full");
    // A file stream closes on the next turns of the event loop.
    await expect.poll(openLogs, { timeout: 2_000 }).toEqual([]);
  });
});
