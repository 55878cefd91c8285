import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI (`npm test` and `npm run build` produce it). */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const hasBuild = existsSync(CLI);

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (chunk: Buffer) => {
    out.stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out.stderr += chunk.toString("utf8");
  });
  const finished = new Promise<Finished>((resolve) => {
    child.once("exit", (code, signal) => {
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, ...out }));
    });
  });
  return { child, finished };
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return startCli(args, options).finished;
}

/** The only run folder under `outDir` (or null while there is none). */
export function onlyRunDir(outDir: string): string | null {
  if (!existsSync(outDir)) return null;
  const runs = readdirSync(outDir).filter((name) => existsSync(path.join(outDir, name, "trials.jsonl")));
  return runs.length === 1 ? path.join(outDir, runs[0] as string) : null;
}

/** Complete trial lines of a run log (a torn last line excluded). */
export function recordedTrials(runDir: string): number {
  const text = readFileSync(path.join(runDir, "trials.jsonl"), "utf8");
  return text
    .split("\n")
    .slice(0, -1) // whatever follows the last newline is incomplete
    .filter((line) => line.includes('"schema":"tunebench.trial/1"')).length;
}

export async function until(check: () => boolean, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    if (child && child.exitCode !== null) throw new Error(`process exited early (${child.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
