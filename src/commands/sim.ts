import type { Command } from "commander";
import { MAX } from "../config/limits.js";
import type { SimOptions } from "../sim/index.js";
import { EXIT, flagNumber } from "./errors.js";

export interface SimCommandFlags {
  port: string;
  host: string;
  latency?: string;
  degrade?: string;
  seed?: string;
  fault429?: string;
  fault5xx?: string;
  faultReset?: string;
  faultSlow?: string;
  faultTruncate?: string;
  slowMs?: string;
  retryAfter?: string;
  stateDir?: string;
  jobSeconds?: string;
  batchSeconds?: string;
  batchFail?: string;
}

class BadFlag extends Error {}

function number(flag: string, value: string | undefined, check: (n: number) => boolean, expects: string) {
  if (value === undefined) return undefined;
  const n = flagNumber(value);
  if (!check(n)) throw new BadFlag(`${flag} expects ${expects}, got "${value}"`);
  return n;
}

const share = (flag: string, value: string | undefined) =>
  number(flag, value, (n) => n >= 0 && n <= 1, "a share from 0 to 1");
// Bounded as the config's sim settings are (config/limits.ts).
const upTo = (flag: string, value: string | undefined, max: number) =>
  number(flag, value, (n) => Number.isFinite(n) && n >= 0 && n <= max, `a number from 0 to ${max}`);

/** Flags to simulator options; throws with a one-line message naming the bad flag. */
export function simOptionsFromFlags(flags: SimCommandFlags): SimOptions {
  return {
    port: number(
      "--port",
      flags.port,
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      "a port from 0 to 65535",
    ),
    host: flags.host,
    latencyMs: upTo("--latency", flags.latency, MAX.delayMs),
    degrade: share("--degrade", flags.degrade),
    seed: number("--seed", flags.seed, Number.isSafeInteger, "a whole number"),
    stateDir: flags.stateDir,
    jobSeconds: number(
      "--job-seconds",
      flags.jobSeconds,
      (n) => Number.isFinite(n) && n > 0 && n <= MAX.jobSeconds,
      `a number above 0 and up to ${MAX.jobSeconds}`,
    ),
    batchSeconds: number(
      "--batch-seconds",
      flags.batchSeconds,
      (n) => Number.isFinite(n) && n > 0 && n <= MAX.jobSeconds,
      `a number above 0 and up to ${MAX.jobSeconds}`,
    ),
    batchFailRate: share("--batch-fail", flags.batchFail),
    faults: {
      rate429: share("--fault-429", flags.fault429),
      rate5xx: share("--fault-5xx", flags.fault5xx),
      rateReset: share("--fault-reset", flags.faultReset),
      rateSlow: share("--fault-slow", flags.faultSlow),
      rateTruncate: share("--fault-truncate", flags.faultTruncate),
      slowMs: upTo("--slow-ms", flags.slowMs, MAX.delayMs),
      retryAfterSeconds: upTo("--retry-after", flags.retryAfter, MAX.retryAfterSeconds),
    },
  };
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** `waitForStop` replaces waiting for SIGINT/SIGTERM (tests). */
export function registerSimCommand(program: Command, waitForStop: () => Promise<void> = untilSignal): void {
  program
    .command("sim")
    .description(
      "serve the offline OpenAI-compatible simulator (chat, embeddings, models, files, fine-tuning, batches) until Ctrl+C",
    )
    .option("--port <n>", "port to listen on (0 = any free port)", "8787")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--latency <ms>", "fixed delay before every response")
    .option("--degrade <share>", "share of deliberately wrong answers, 0..1")
    .option("--seed <n>", "seed for answers and faults")
    .option("--fault-429 <rate>", "share of requests answered 429 with Retry-After")
    .option("--fault-5xx <rate>", "share of requests answered 500 or 503")
    .option("--fault-reset <rate>", "share of connections reset without a response")
    .option("--fault-slow <rate>", "share of responses delayed by --slow-ms")
    .option("--fault-truncate <rate>", "share of responses cut off mid-body")
    .option("--slow-ms <ms>", "delay of a slow response (default 2000)")
    .option("--retry-after <seconds>", "Retry-After sent with 429 and 5xx (default 0)")
    .option(
      "--state-dir <dir>",
      "keep uploaded files, fine-tuning jobs and tuned models here across restarts",
    )
    .option("--job-seconds <s>", "how long a simulated fine-tuning job takes (default 3)")
    .option("--batch-seconds <s>", "how long a batch takes, created to completed (default 2)")
    .option("--batch-fail <rate>", "share of a batch's requests that fail with a server error")
    .addHelpText(
      "after",
      `
Point any OpenAI client at it; it accepts any API key:
  tunebench sim --port 8787
  const client = new OpenAI({ baseURL: "http://127.0.0.1:8787/v1", apiKey: "sim" });
  await client.chat.completions.create({ model: "sim-base", messages: [{ role: "user", content: "What is 17 + 25?" }] });

Models: sim-base (chat), sim-embed (embeddings), and the ft:sim-base:... models its fine-tuning jobs
create (kept across restarts with --state-dir). Reliability drills:
  tunebench sim --fault-429 0.2 --fault-5xx 0.05 --latency 50

Exit codes: 0 stopped cleanly, 2 bad option value.`,
    )
    .action(async (flags: SimCommandFlags) => {
      let options: SimOptions;
      try {
        options = simOptionsFromFlags(flags);
      } catch (error) {
        if (!(error instanceof BadFlag)) throw error;
        process.stderr.write(`tunebench sim: ${error.message}\n`);
        process.exitCode = EXIT.badInput;
        return;
      }
      const { startSimulator } = await import("../sim/index.js");
      // Token counts then use the tokenizer instance the simulator loaded, not a second copy.
      await (await import("../model/tokens.js")).preloadEncoding("o200k_base");
      let sim: Awaited<ReturnType<typeof startSimulator>>;
      try {
        sim = await startSimulator(options);
      } catch (error) {
        process.stderr.write(
          `tunebench sim: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}\n`,
        );
        process.exitCode = EXIT.badInput;
        return;
      }
      process.stdout.write(`tunebench simulator listening on ${sim.url} (any API key; Ctrl+C to stop)\n`);
      await waitForStop();
      await sim.close();
      process.stdout.write(
        `simulator stopped after ${sim.stats.requests} request(s), ${sim.stats.faults} with faults\n`,
      );
    });
}
