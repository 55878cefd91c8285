// One writer per run folder. Two processes resuming the same run would each send the missing
// trials and append them: every call billed twice. The lock file is created with O_EXCL (exactly
// one process can create it) and names its holder, so a lock left by a killed process is
// recognised (same host, pid gone) and taken over, while a live holder is named in the refusal.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { InputError } from "../config/index.js";
import { LOCK_FILE } from "../runlog/index.js";

/** The run is being written by another live process: exit 2. */
export class RunLockedError extends InputError {
  override readonly name = "RunLockedError";
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export interface RunLock {
  file: string;
  /** The dead holder whose lock was taken over, if any. */
  tookOver: Holder | null;
  release(): void;
}

/** A lock file younger than this whose content cannot be read yet is being written: wait. */
const FRESH_MS = 5_000;
const ATTEMPTS = 50;

export function lockRun(dir: string): RunLock {
  const file = path.join(dir, LOCK_FILE);
  let tookOver: Holder | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const me = create(file);
    if (me) return held(file, me, tookOver);
    const holder = readHolder(file);
    if (holder === "gone" || (holder === null && ageMs(file) < FRESH_MS)) {
      pause(20); // released meanwhile, or its holder is still writing it
      continue;
    }
    if (holder && (holder.host !== os.hostname() || isAlive(holder.pid)))
      throw new RunLockedError(
        `run ${path.basename(dir)} is being written by pid ${holder.pid} on ${holder.host} (since ${holder.since}): ` +
          `wait for it to end, or if no such process runs any more delete ${path.relative(process.cwd(), file)}`,
      );
    if (takeOver(file, holder)) tookOver = holder ?? { pid: 0, host: "unknown", since: "unknown" };
  }
  throw new RunLockedError(
    `cannot lock run ${path.basename(dir)}: ${path.relative(process.cwd(), file)} is held but names no holder yet; ` +
      "if no tunebench writes this run, delete it",
  );
}

function create(file: string): Holder | null {
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return null;
    throw error;
  }
  const me: Holder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return me;
}

function held(file: string, me: Holder, tookOver: Holder | null): RunLock {
  // process.exit() (a second Ctrl-C) skips `finally` blocks; the exit event still runs.
  const release = (): void => {
    process.off("exit", release);
    const holder = readHolder(file);
    if (holder && holder !== "gone" && holder.pid === me.pid && holder.since === me.since) unlinkSync(file);
  };
  process.on("exit", release);
  return { file, tookOver, release };
}

/** The holder, null when the file does not hold one (being written, or garbage), "gone" if deleted. */
function readHolder(file: string): Holder | null | "gone" {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid === "number" && typeof value.host === "string")
      return { pid: value.pid, host: value.host, since: String(value.since) };
  } catch {
    // Not JSON (yet): the caller looks at the file's age.
  }
  return null;
}

/**
 * Removes a dead holder's lock. A guard file (also O_EXCL) makes check-and-delete one step, so
 * two processes that both found the stale lock cannot delete each other's new one. Returns
 * whether this process removed it (then the caller creates its own).
 */
function takeOver(file: string, stale: Holder | null): boolean {
  const guard = `${file}.takeover`;
  if (!create(guard)) {
    if (ageMs(guard) > FRESH_MS) unlinkQuietly(guard); // its taker died mid-takeover
    pause(20);
    return false;
  }
  try {
    const now = readHolder(file);
    const same =
      now === null ? stale === null : now !== "gone" && now.pid === stale?.pid && now.since === stale.since;
    if (same) unlinkQuietly(file);
    return same;
  } finally {
    unlinkQuietly(guard);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
