import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerSimCommand, simOptionsFromFlags } from "../../src/commands/sim.js";

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function capture(stream: NodeJS.WriteStream): string[] {
  const lines: string[] = [];
  vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("tunebench sim", () => {
  it("maps flags to simulator options", () => {
    expect(
      simOptionsFromFlags({
        port: "0",
        host: "127.0.0.1",
        latency: "25",
        degrade: "0.2",
        seed: "4",
        fault429: "0.1",
        stateDir: "/tmp/sim-state",
        jobSeconds: "1.5",
      }),
    ).toMatchObject({
      port: 0,
      latencyMs: 25,
      degrade: 0.2,
      seed: 4,
      faults: { rate429: 0.1 },
      stateDir: "/tmp/sim-state",
      jobSeconds: 1.5,
    });
  });

  it.each([
    [["--port", "99999"], /--port expects a port from 0 to 65535, got "99999"/],
    [["--degrade", "2"], /--degrade expects a share from 0 to 1/],
    [["--fault-5xx", "lots"], /--fault-5xx expects a share from 0 to 1, got "lots"/],
    [["--latency", "-1"], /--latency expects a number >= 0/],
    [["--job-seconds", "0"], /--job-seconds expects a number > 0, got "0"/],
  ])("rejects %j with one line on stderr and exit code 2", async (args, message) => {
    const stderr = capture(process.stderr);
    const program = new Command().exitOverride();
    registerSimCommand(program, () => Promise.reject(new Error("must not start")));
    await program.parseAsync(["sim", ...args], { from: "user" });
    expect(process.exitCode).toBe(2);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(message);
  });

  it("prints the URL, serves until stopped, then closes", async () => {
    const stdout = capture(process.stdout);
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const program = new Command().exitOverride();
    registerSimCommand(program, () => stopped);
    const running = program.parseAsync(["sim", "--port", "0", "--seed", "3"], { from: "user" });
    // Starting loads the simulator (~0.7 s alone): under a loaded test run that is more than
    // waitFor's default second.
    await vi.waitFor(() => expect(stdout.join("")).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/v1/), {
      timeout: 10_000,
    });
    const url = /(http:\/\/\S+\/v1)/.exec(stdout.join(""))?.[1] ?? "";
    expect((await fetch(`${url}/models`)).status).toBe(200);
    stop();
    await running;
    expect(stdout.join("")).toMatch(/stopped after 1 request\(s\), 0 with faults/);
    await expect(fetch(`${url}/models`)).rejects.toThrow();
    expect(process.exitCode).toBeUndefined();
  });
});
