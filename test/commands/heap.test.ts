import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

// src/heap.ts, as the CLI loads it first (npm test builds dist/).
const HEAP = pathToFileURL(fileURLToPath(new URL("../../dist/heap.js", import.meta.url))).href;
const largeYoung = Number.parseInt(process.versions.v8, 10) >= 13;

// Objects that live a while, as requests in flight do, so many survive a young collection and V8
// grows the young generation; between batches the event loop turns, as in a run. Prints its size in MiB.
const WORKLOAD = `
const v8 = await import("node:v8");
const recent = new Array(200_000);
for (let i = 0; i < 4_000_000; i++) {
  recent[i % recent.length] = { i, text: "item " + i, pair: [i, i + 1] };
  if (i % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
console.log(Math.round(young.space_size / 2 ** 20));`;

async function youngMiB(nodeFlags: string[]): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    ...nodeFlags,
    "--input-type=module",
    "-e",
    WORKLOAD,
  ]);
  return Number(stdout.trim());
}

// From V8 13 (Node 24) the young generation grows to 128 MiB by default; V8 11–12 stop at 32.
describe.skipIf(!largeYoung)("the CLI's young generation", { timeout: 60_000 }, () => {
  // V8 reads 32 MiB as 34 now and then (a page or two more): the bounds leave room for that.
  test("stops growing at about 32 MiB, where it grows to 64 or more without the CLI's setting", async () => {
    expect(await youngMiB([])).toBeGreaterThanOrEqual(64);
    expect(await youngMiB(["--import", HEAP])).toBeLessThanOrEqual(36);
  });

  test("is left alone when the user sets its size", async () => {
    expect(await youngMiB(["--max-semi-space-size=64", "--import", HEAP])).toBeGreaterThanOrEqual(64);
  });
});
