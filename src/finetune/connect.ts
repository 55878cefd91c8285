// The one place fine-tuning connects to an endpoint: through the composition root, like a run.
import type OpenAI from "openai";
import { openEndpoints } from "../endpoints/index.js";
import type { ResolvedEndpoint } from "../model/index.js";
import type { Project } from "./project.js";

export interface Connection {
  endpoint: ResolvedEndpoint;
  client: OpenAI;
  close(): Promise<void>;
}

/** An SDK client for the endpoint; `sim` starts the simulator in-process on the project's state. */
export async function connect(project: Project, name: string, simJobSeconds?: number): Promise<Connection> {
  const endpoints = await openEndpoints(project.loaded, {
    names: [name],
    ...(simJobSeconds !== undefined ? { sim: { jobSeconds: simJobSeconds } } : {}),
  });
  // Fine-tuning calls are few and small (uploads, polls): a long timeout, the run's retries. They
  // pass the endpoint's limiter (sdk) but no response cache: uploads and job creation/cancellation
  // change state on the server, and a job's retrieve/list/events are polls whose point is to see
  // that state change, so an answer from the cache would be wrong for every one of them.
  return {
    endpoint: endpoints.resolve(name),
    client: endpoints.sdk(name, { timeoutMs: 120_000 }),
    close: endpoints.close,
  };
}
