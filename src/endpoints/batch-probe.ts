import { APIError } from "openai";
import { InputError, type LoadedConfig } from "../config/index.js";
import { openaiFor } from "../model/index.js";
import { resolveEndpoint } from "./resolve.js";
import { isBuiltinSim } from "./sim.js";

/**
 * `run --batch` needs a Batch API on every endpoint it sends to: asked (GET /batches) before the
 * run writes anything. The built-in simulator has one; a 404 or 405 elsewhere is bad input.
 */
export async function probeBatchApi(loaded: LoadedConfig, names: Iterable<string>): Promise<void> {
  const { config } = loaded;
  for (const name of new Set(names)) {
    if (isBuiltinSim(name, loaded)) continue;
    const sdk = openaiFor(resolveEndpoint(name, config), {
      timeoutMs: config.run.timeoutMs,
      maxRetries: config.run.maxRetries,
    });
    try {
      await sdk.batches.list({ limit: 1 });
    } catch (error) {
      if (error instanceof APIError && (error.status === 404 || error.status === 405))
        throw new InputError(
          `--batch: endpoint "${name}" has no Batch API (GET /batches answered ${error.status}); run without --batch`,
        );
      throw error;
    }
  }
}
