// Spawning the built CLI in a project, and projects whose endpoints are local test servers.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepareTraining } from "../../src/finetune/index.js";
import { tuningProject } from "./project.js";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(root, "dist", "cli.js");

export interface Spawned {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

export function spawnCli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

/** A loopback port nothing listens on (taken, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A tuning project with prepared training data and extra endpoints (`name: baseURL`), without SDK
 * retries so a failing endpoint fails at once; `keyEnv` names the variable holding their key.
 */
export async function projectWithEndpoints(
  endpoints: Record<string, string>,
  keyEnv?: string,
): Promise<string> {
  const dir = tuningProject();
  const config = path.join(dir, "eval.config.yaml");
  const lines = Object.entries(endpoints).map(
    ([name, url]) => `  ${name}: { baseURL: "${url}"${keyEnv ? `, apiKeyEnv: ${keyEnv}` : ""} }`,
  );
  const text = readFileSync(config, "utf8").replace(
    "run: { concurrency: 4 }",
    "run: { concurrency: 4, maxRetries: 0 }",
  );
  writeFileSync(config, lines.length ? `endpoints:\n${lines.join("\n")}\n${text}` : text);
  await prepareTraining({ config, validShare: 0 });
  return dir;
}

/** Waits until `test()` holds, checking every 20 ms, or fails with `what` after `ms`. */
export async function until(test: () => boolean, what: () => string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
