// The one place fine-tuning connects to an endpoint. (To be repointed at the endpoints module.)
import type OpenAI from "openai";
import { openaiFor, type ResolvedEndpoint, resolveEndpoint } from "../model/index.js";
import type { RunningSimulator } from "../sim/index.js";
import type { Project } from "./project.js";

export interface Connection {
  endpoint: ResolvedEndpoint;
  client: OpenAI;
  close(): Promise<void>;
}

/** An SDK client for the endpoint; `sim` starts the simulator in-process on the project's state. */
export async function connect(project: Project, name: string, simJobSeconds?: number): Promise<Connection> {
  const { config } = project.loaded;
  let sim: RunningSimulator | null = null;
  if (name === "sim" && !Object.hasOwn(config.endpoints, "sim")) {
    const { startSimulator } = await import("../sim/index.js");
    sim = await startSimulator({
      port: 0,
      seed: config.sim.seed,
      stateDir: project.layout.sim,
      ...(simJobSeconds !== undefined ? { jobSeconds: simJobSeconds } : {}),
    });
  }
  try {
    const endpoint = resolveEndpoint(name, config, process.env, sim?.url);
    // Fine-tuning calls are few and small; the run's retry setting applies.
    const client = openaiFor(endpoint, { timeoutMs: 120_000, maxRetries: config.run.maxRetries });
    return { endpoint, client, close: async () => sim?.close() };
  } catch (error) {
    await sim?.close();
    throw error;
  }
}
