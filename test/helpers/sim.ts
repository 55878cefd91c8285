import { afterEach } from "vitest";
import { type RunningSimulator, type SimOptions, startSimulator } from "../../src/sim/index.js";

/**
 * A simulator on a loopback port per test, started by the test (`start`), closed after it, with the
 * exit code a CLI run set cleared; `chatRequests`: the chat calls it has answered.
 */
export function simulatorPerTest() {
  let sim: RunningSimulator | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
    process.exitCode = undefined;
  });
  return {
    start: async (options: Omit<SimOptions, "port"> = {}) => {
      sim = await startSimulator({ port: 0, ...options });
      return sim;
    },
    chatRequests: () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0,
  };
}
