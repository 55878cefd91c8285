import { Command } from "commander";
import { vi } from "vitest";

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | undefined;
}

/**
 * Runs `tunebench ARGS` in-process with the given commands registered, capturing what it writes
 * and the exit code it sets (process.exitCode is cleared before and after).
 */
export async function runCli(commands: ((program: Command) => void)[], args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const program = new Command("tunebench").exitOverride();
    for (const register of commands) register(program);
    await program.parseAsync(args, { from: "user" });
  } finally {
    vi.restoreAllMocks();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { stdout, stderr, code };
}
