// `tunebench cache info|prune`: the response cache (.tunebench/cache) grows with every new prompt,
// model and repeat; these show its size and bound it.
import { type Command, InvalidArgumentError } from "commander";
import { formatCount } from "../analysis/format.js";
import { action, EXIT } from "./errors.js";

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNITS_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** "30d", "12h", "90m", "2w" → milliseconds. */
function parseAge(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(value.trim());
  const n = m ? Number(m[1]) * (UNITS_MS[(m[2] as string).toLowerCase()] as number) : Number.NaN;
  if (!(n > 0))
    throw new InvalidArgumentError(`--older-than expects an age like 30d, 12h, 90m or 2w, got "${value}"`);
  return n;
}

/** "1GB", "500MB", "64kB", "2GiB", "1000" (bytes) → bytes. */
function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i.exec(value.trim());
  const n = m ? Number(m[1]) * (UNITS_BYTES[(m[2] ?? "b").toLowerCase()] as number) : Number.NaN;
  if (!(n >= 0) || !Number.isFinite(n))
    throw new InvalidArgumentError(`--max-size expects a size like 1GB, 500MB or 64kB, got "${value}"`);
  return Math.floor(n);
}

const size = (bytes: number) =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(2)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : bytes >= 1e3
        ? `${(bytes / 1e3).toFixed(1)} kB`
        : `${bytes} B`;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "-");

async function cacheDir(config: string | undefined): Promise<string> {
  const { loadProjectConfig } = await import("./project-config.js");
  const { projectLayout } = await import("../project/index.js");
  return projectLayout((await loadProjectConfig(config))?.dir ?? process.cwd()).cache;
}

type Info = import("../model/cache-prune.js").CacheInfo;
const infoLine = (i: Info) =>
  `${formatCount(i.entries)} entries, ${size(i.bytes)} (oldest ${day(i.oldest)}, newest ${day(i.newest)})`;

export function registerCacheCommand(program: Command): void {
  const cache = program
    .command("cache")
    .description("the response cache (.tunebench/cache): its size, and a bound for it");
  const config = [
    "-c, --config <file>",
    "the project's config (default: ./eval.config.yaml if present)",
  ] as const;
  cache
    .command("info")
    .description("entries and bytes in the cache, with the oldest and newest entry")
    .option(...config)
    .option("--json", "print the numbers as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  tunebench cache info\n\nExit codes: 0 shown, 2 bad input or config.",
    )
    .action(
      action(async (opts: { config?: string; json?: boolean }) => {
        const { cacheInfo } = await import("../model/cache-prune.js");
        const dir = await cacheDir(opts.config);
        const info = await cacheInfo(dir);
        process.stdout.write(
          opts.json ? `${JSON.stringify({ dir, ...info })}\n` : `${dir}: ${infoLine(info)}\n`,
        );
        return EXIT.ok;
      }),
    );
  cache
    .command("prune")
    .description("remove old entries: those older than --older-than, then the oldest beyond --max-size")
    .option(...config)
    .option("--older-than <age>", "remove entries written longer ago than this: 30d, 12h, 90m, 2w", parseAge)
    .option(
      "--max-size <size>",
      "then keep the newest entries that fit in this size: 1GB, 500MB, 64kB",
      parseSize,
    )
    .addHelpText(
      "after",
      `
The newest entries stay, so rerunning recent work still answers from the cache; content no kept
entry points at is deleted. A pruned answer is simply asked again (and paid for) when needed.

Examples:
  tunebench cache prune --older-than 30d
  tunebench cache prune --max-size 1GB
  tunebench cache prune --older-than 30d --max-size 1GB

Exit codes: 0 pruned, 2 bad input (neither bound given, a malformed age or size).`,
    )
    .action(
      action(async (opts: { config?: string; olderThan?: number; maxSize?: number }) => {
        const { UsageError } = await import("./errors.js");
        if (opts.olderThan === undefined && opts.maxSize === undefined)
          throw new UsageError("cache prune: give --older-than AGE, --max-size SIZE or both");
        const { pruneCache } = await import("../model/cache-prune.js");
        const dir = await cacheDir(opts.config);
        const result = await pruneCache(dir, {
          ...(opts.olderThan === undefined ? {} : { olderThanMs: opts.olderThan }),
          ...(opts.maxSize === undefined ? {} : { maxBytes: opts.maxSize }),
        });
        process.stdout.write(
          `removed ${formatCount(result.removed)} entries; before: ${infoLine(result.before)}; now: ${infoLine(result.after)}\n`,
        );
        return EXIT.ok;
      }),
    );
}
