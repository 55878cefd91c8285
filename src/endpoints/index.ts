// Endpoints: configured names to working clients. The composition root of everything that calls
// a model (runs, judges, fine-tuning): keys, the simulator, cache -> limiter -> SDK, embedders.
export { probeBatchApi } from "./batch-probe.js";
export { createEmbedder } from "./embedder.js";
export { type EndpointCalls, type Endpoints, type EndpointsOptions, openEndpoints } from "./open.js";
export { EndpointError, MissingKeyError, resolveEndpoint, SIM_ENDPOINT } from "./resolve.js";
export { isBuiltinSim, simSettings, startBuiltinSim } from "./sim.js";
