// The built-in simulator as an endpoint: started in-process on a free loopback port when a
// strategy names `sim` and the config defines no endpoint of that name.
import { createRequire } from "node:module";
import type { LoadedConfig } from "../config/index.js";
import { preloadEncoding } from "../model/index.js";
import { projectLayout } from "../project/index.js";
import type { RunningSimulator, SimOptions } from "../sim/index.js";
import { SIM_ENDPOINT } from "./resolve.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Whether `name` means the built-in simulator in this config. */
export function isBuiltinSim(name: string, loaded: LoadedConfig): boolean {
  return name === SIM_ENDPOINT && !Object.hasOwn(loaded.config.endpoints, SIM_ENDPOINT);
}

/** The config's simulator settings with the command line's overrides. */
export function simSettings(loaded: LoadedConfig, overrides: Partial<SimOptions> = {}): SimOptions {
  const { sim } = loaded.config;
  return {
    port: 0,
    latencyMs: sim.latencyMs,
    degrade: sim.degrade,
    seed: sim.seed,
    stateDir: projectLayout(loaded.dir).sim,
    ...(sim.faults ? { faults: sim.faults } : {}),
    ...(sim.batchSeconds !== undefined ? { batchSeconds: sim.batchSeconds } : {}),
    ...(sim.batchFailRate !== undefined ? { batchFailRate: sim.batchFailRate } : {}),
    ...(sim.retiring ? { retiring: sim.retiring } : {}),
    ...overrides,
  };
}

export async function startBuiltinSim(options: SimOptions): Promise<RunningSimulator> {
  // Loaded only when used: the simulator brings the tokenizer's ranks (tens of MB) with it.
  const { startSimulator } = await import("../sim/index.js");
  await preloadEncoding("o200k_base"); // the instance the simulator imports, not a second copy
  return startSimulator(options);
}

/**
 * The built-in simulator gets a new port every run, so its response-cache identity is what shapes
 * its answers: tunebench's version and the degrade and seed settings.
 */
export function simIdentity(options: SimOptions): string {
  return `tunebench-sim/${version}?degrade=${options.degrade ?? 0}&seed=${options.seed ?? 0}`;
}
