import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { readTuneState } from "../../src/finetune/index.js";
import { projectLayout } from "../../src/project/index.js";
import { CLI, projectWithEndpoints, spawnCli, until } from "./cli-helpers.js";

describe.skipIf(!existsSync(CLI))("tune wait stopped by Ctrl-C (SIGINT)", () => {
  it("between polls: says how to continue, exits 130, keeps the events shown", async () => {
    const dir = await projectWithEndpoints({});
    const start = spawnCli(dir, ["tune", "start", "--yes", "--sim-job-seconds", "60"]);
    expect(await start.exit).toBe(0);
    const wait = spawnCli(dir, ["tune", "wait"]);
    await until(
      () => /Created fine-tuning job/.test(wait.out()),
      () => wait.out() + wait.err(),
    );
    const layout = projectLayout(dir);
    await until(
      () => Boolean(readTuneState(layout.tuneState)?.lastEventId),
      () => "no event saved",
    );
    wait.child.kill("SIGINT");
    expect(await wait.exit).toBe(130);
    expect(wait.err()).toMatch(/stopped waiting; the job keeps running/);
    expect(wait.err()).toMatch(/`tunebench tune wait`/);
    expect(readTuneState(layout.tuneState)?.lastEventId).toMatch(/^ftevent-/);
  }, 60_000);

  it("while a poll hangs on a silent endpoint: stops at once with the exact command to continue", async () => {
    let polls = 0;
    const silent = http.createServer(() => {
      polls++; // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`;
    try {
      const dir = await projectWithEndpoints({ silent: url });
      const wait = spawnCli(dir, ["tune", "wait", "ftjob-abc", "-e", "silent"]);
      await until(
        () => polls > 0,
        () => wait.out() + wait.err(),
      );
      const sent = Date.now();
      wait.child.kill("SIGINT");
      const code = await Promise.race([
        wait.exit,
        new Promise((r) => setTimeout(() => r("still running"), 10_000)),
      ]);
      if (code === "still running") wait.child.kill("SIGKILL");
      expect(code).toBe(130);
      expect(Date.now() - sent).toBeLessThan(5_000);
      expect(wait.err()).toMatch(/`tunebench tune wait ftjob-abc -e silent`/);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  }, 60_000);
});
