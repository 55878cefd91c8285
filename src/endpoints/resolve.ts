import type { Config } from "../config/index.js";
import { InputError } from "../config/index.js";
import type { ResolvedEndpoint } from "../model/index.js";

export const SIM_ENDPOINT = "sim";

/** The endpoint cannot be used as configured (unknown name, simulator not running). */
export class EndpointError extends InputError {
  override readonly name: string = "EndpointError";
}

/** A configured endpoint's API key variable is not set. The message names the variable, never a value. */
export class MissingKeyError extends EndpointError {
  override readonly name = "MissingKeyError";
  constructor(
    readonly endpoint: string,
    readonly envVar: string,
  ) {
    super(
      `endpoint "${endpoint}" needs an API key: set ${envVar} (or point the strategy at endpoint: sim to use the offline simulator)`,
    );
  }
}

/**
 * Resolves an endpoint name from the config. `sim` is built in unless the config defines its own;
 * a missing key is an error rather than a silent switch to the simulator, so real and simulated
 * numbers are never mixed up.
 */
export function resolveEndpoint(
  name: string,
  config: Pick<Config, "endpoints">,
  env: NodeJS.ProcessEnv = process.env,
  simURL?: string,
): ResolvedEndpoint {
  const configured = Object.hasOwn(config.endpoints, name) ? config.endpoints[name] : undefined;
  if (!configured) {
    if (name !== SIM_ENDPOINT) {
      const known = [SIM_ENDPOINT, ...Object.keys(config.endpoints)].map((n) => `"${n}"`).join(", ");
      throw new EndpointError(`unknown endpoint "${name}": define it under endpoints (known: ${known})`);
    }
    if (!simURL) throw new EndpointError(`endpoint "sim" needs the simulator, but it was not started`);
    return { name, baseURL: simURL, apiKey: "sim", headers: {}, simulated: true };
  }
  let apiKey = "none";
  if (configured.apiKeyEnv) {
    const value = env[configured.apiKeyEnv]?.trim();
    if (!value) throw new MissingKeyError(name, configured.apiKeyEnv);
    apiKey = value;
  }
  return {
    name,
    baseURL: configured.baseURL,
    apiKey,
    headers: { ...configured.headers },
    simulated: false,
    ...(configured.azure ? { azureApiVersion: configured.azure.apiVersion } : {}),
  };
}
