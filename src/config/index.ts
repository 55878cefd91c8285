export { allCases, caseCount, suiteCases } from "./case-files.js";
export { writeFileAtomic } from "./files.js";
export { valueAt } from "./issues.js";
export { configJsonSchema, schemaFiles, suiteJsonSchema } from "./json-schema.js";
export { linesOf } from "./lines.js";
export {
  configProblem,
  DEFAULT_CONFIG_FILE,
  type LoadedConfig,
  type LoadSuitesOptions,
  loadConfig,
  loadSuites,
  type ProjectReport,
  suiteGateProblems,
  validateProject,
} from "./load.js";
export { loadConfiguredModule, loadUserModule, UserModuleError } from "./modules.js";
export {
  AGREEMENT_MODES,
  type AgreementMode,
  SCORER_NAMES,
  type ScorerName,
  STRATEGY_KINDS,
} from "./names.js";
export { ConfigError, formatPath, formatProblem, InputError, type Problem } from "./problem.js";
export * from "./schema.js";
export { selectStrategies, UnknownNameError } from "./select.js";
export {
  type CaseSelection,
  CaseSelectionError,
  composedIds,
  selectCases,
  selectsSome,
} from "./select-cases.js";
export {
  defaultStrategy,
  type ResolvedStrategy,
  referenceStrategy,
  resolveStrategies,
} from "./strategies.js";
export { retrievalWithoutNotes } from "./warnings.js";
