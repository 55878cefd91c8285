// Ctrl-C during `tunebench run`: the first one stops taking new trials and lets those in flight
// finish (so nothing paid for is lost); a second one, or the grace period running out, abandons
// them. Either way the log holds only whole lines (every line is one synchronous write), the
// run's lock is released, and the command that continues the run is printed. Exit code 130.
export const INTERRUPTED = 130;
const GRACE_MS = 30_000;

/** A line on stderr, first clearing a progress bar drawn there (a terminal only). */
export function sayOnStderr(line: string): void {
  process.stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}tunebench: ${line}\n`);
}

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/** `resumeHint()` is the line that says how to continue (null while the run has no id yet). */
export function catchInterrupt(resumeHint: () => string | null): Interrupt {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const abandon = () => {
    const hint = resumeHint();
    sayOnStderr(`interrupted; the trials in flight were abandoned${hint ? `; ${hint}` : ""}`);
    process.exit(INTERRUPTED); // the lock goes with the process's exit event
  };
  const handler = () => {
    if (controller.signal.aborted) return abandon();
    controller.abort();
    sayOnStderr(
      `stopping: no new trials; those in flight finish (up to ${GRACE_MS / 1000} s, Ctrl-C again to abandon them)`,
    );
    timer = setTimeout(abandon, GRACE_MS);
    timer.unref();
  };
  process.on("SIGINT", handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", handler);
      clearTimeout(timer);
    },
  };
}

/** `tunebench run --resume ID`, with -c and -o as they were given (quoted for a POSIX shell). */
export function resumeCommand(runId: string, config?: string, out?: string): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);
  const parts = ["tunebench", "run", "--resume", runId];
  if (config !== undefined) parts.push("-c", config);
  if (out !== undefined) parts.push("-o", out);
  return parts.map(quote).join(" ");
}
