// One writer per run folder (issue 8: two resumes of one run at once billed 934 calls twice).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { lockRun, RunLockedError } from "../../src/run/lock.js";
import { LOCK_FILE } from "../../src/runlog/index.js";
import { basicProject } from "../helpers/project.js";
import { tempDir } from "../helpers/suite.js";

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

const holderOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8"));

describe("lockRun", () => {
  it("holds the lock with pid and host; a second taker is refused naming the holder; release frees it", () => {
    const dir = tempDir();
    const lock = lockRun(dir);
    expect(holderOf(dir)).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(() => lockRun(dir)).toThrow(RunLockedError);
    expect(() => lockRun(dir)).toThrow(
      new RegExp(
        `^run ${path.basename(dir)} is being written by pid ${process.pid} on ${os.hostname()} \\(since `,
      ),
    );
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockRun(dir).release();
  });

  it("takes over the lock of a dead process on this host, and says whose", () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, host: os.hostname(), since: "earlier" }));
    const lock = lockRun(dir);
    expect(lock.tookOver).toEqual({ pid, host: os.hostname(), since: "earlier" });
    expect(holderOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it("never takes over a lock from another host (its process cannot be checked), nor a fresh unreadable one", () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: "elsewhere.example", since: "earlier" }));
    expect(() => lockRun(dir)).toThrow(/is being written by pid \d+ on elsewhere.example/);
    // An empty lock file is one being written: waited for, then refused.
    writeFileSync(file, "");
    expect(() => lockRun(dir)).toThrow(/is held but names no holder yet/);
    // Once old, it is a lock whose writer died mid-write: taken over.
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const lock = lockRun(dir);
    expect(lock.tookOver?.pid).toBe(0);
    lock.release();
  });
});

describe("runSuites and the lock", () => {
  it("a new run holds its lock while it runs and releases it at the end, and on an error", async () => {
    const dir = basicProject();
    const config = path.join(dir, "eval.config.yaml");
    const seen: unknown[] = [];
    const run = await runSuites({
      config,
      strategies: ["prompt"],
      reporters: [{ onRunStart: (_h, info) => void seen.push(holderOf(info.dir).pid) }],
    });
    expect(seen).toEqual([process.pid]);
    expect(existsSync(path.join(run.dir, LOCK_FILE))).toBe(false);

    const failing = runSuites({
      config,
      resume: run.runId,
      reporters: [
        {
          onRunStart: () => {
            throw new Error("reporter broke");
          },
        },
      ],
    });
    await expect(failing).rejects.toThrow("reporter broke");
    expect(existsSync(path.join(run.dir, LOCK_FILE))).toBe(false);
    // A refused resume (bad input) releases it too.
    await expect(runSuites({ config, resume: run.runId, repeat: 5 })).rejects.toThrow(
      /--repeat 5 contradicts/,
    );
    expect(existsSync(path.join(run.dir, LOCK_FILE))).toBe(false);
  }, 30_000);

  it("a resume while the run is being written is refused before it reads or sends anything", async () => {
    const dir = basicProject();
    const config = path.join(dir, "eval.config.yaml");
    const run = await runSuites({ config, strategies: ["prompt"] });
    const held = lockRun(run.dir);
    try {
      await expect(runSuites({ config, resume: run.runId })).rejects.toThrow(
        new RegExp(`^run ${run.runId} is being written by pid ${process.pid} `),
      );
    } finally {
      held.release();
    }
  }, 30_000);
});
