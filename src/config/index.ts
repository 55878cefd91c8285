export { configJsonSchema, schemaFiles, suiteJsonSchema } from "./json-schema.js";
export {
  DEFAULT_CONFIG_FILE,
  type LoadedConfig,
  type LoadSuitesOptions,
  loadConfig,
  loadSuites,
  type ProjectReport,
  suiteGateProblems,
  validateProject,
} from "./load.js";
export { ConfigError, formatPath, formatProblem, type Problem } from "./problem.js";
export * from "./schema.js";
export { selectStrategies, UnknownNameError } from "./select.js";
export {
  DEFAULT_SIM_MODEL,
  defaultStrategy,
  type ResolvedStrategy,
  resolveStrategies,
} from "./strategies.js";
export { retrievalWithoutNotes } from "./warnings.js";
