import { afterEach } from "vitest";
import { type RunningSimulator, type SimOptions, startSimulator } from "../../src/sim/index.js";
import { generatedProject } from "../reliability/project.js";
import { simConfig } from "./project.js";

/**
 * The batch tests' projects: generated cases on a simulator that finishes a batch in 0.3 s unless
 * told otherwise, one per test, closed after it. `calls` counts the requests a route received.
 */
export function batchProjects() {
  let sim: RunningSimulator | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });
  return {
    calls: (route: string) => sim?.stats.byRoute[route] ?? 0,
    /** A project folder; `run` is its config's run settings. */
    async project(options: SimOptions = {}, cases = 20, run = "{ concurrency: 4, cache: false }") {
      sim = await startSimulator({ port: 0, batchSeconds: 0.3, ...options });
      return generatedProject(simConfig(sim.url, `run: ${run}\n`), cases);
    },
  };
}
