// Which tuned model serves which suite: teams tune one model per task (and several generations of
// each), so a tuned strategy serves each task suite with the model trained for it, else the
// project-wide one. `strategies.<name>.records` pins the tuning jobs, so two strategies can hold
// two generations of one task and be compared case by case.
import { InputError } from "../config/problem.js";
import type { StrategyConfig } from "../config/schema.js";
import type { TunedModelRecord } from "../project/index.js";

/** One model of a tuned strategy and the task suites of the run it serves. */
export interface ServedModel {
  model: string;
  suites: string[];
  /** The tuning job that made it (its training cost); null when the config names a model of its own. */
  record: TunedModelRecord | null;
}

export interface TunedServing {
  /** Task suite → its model; a task suite not here has no model (nothing was tuned for it). */
  bySuite: Map<string, ServedModel>;
  /** Each model once, in the order of the first suite it serves: canary suites run against each. */
  models: ServedModel[];
}

/** The records of `strategies.<name>.records` do not fit the run: exit 2 at that key. */
export class TunedServingError extends InputError {
  override name = "TunedServingError";
  constructor(
    message: string,
    readonly at: readonly string[],
  ) {
    super(message);
  }
}

const PROJECT_WIDE = "(project-wide)";
/** The model id a call names: on Azure OpenAI the record's deployment, else the tuned model. */
const servedAs = (r: TunedModelRecord) => r.deployment ?? r.model;
const suitesText = (r: TunedModelRecord) => (r.suites ? r.suites.join(", ") : PROJECT_WIDE);

/** The records a strategy may use: those it names (checked), else every record of its endpoint. */
function pool(name: string, config: StrategyConfig, records: readonly TunedModelRecord[]) {
  const at = ["strategies", name, "records"];
  if (!config.records) return records.filter((r) => r.endpoint === config.endpoint);
  const picked = config.records.map((id) => {
    const r = records.find((x) => x.jobId === id || x.model === id);
    if (!r) {
      const known = records.map((x) => x.jobId).join(", ") || "none yet";
      throw new TunedServingError(`no tuning job '${id}' (tunebench tune list: ${known})`, at);
    }
    if (r.endpoint !== config.endpoint)
      throw new TunedServingError(
        `${r.jobId} was tuned on endpoint '${r.endpoint}', this strategy calls '${config.endpoint}'`,
        at,
      );
    return r;
  });
  const claimed = new Map<string, string>();
  for (const r of picked)
    for (const suite of r.suites ?? [PROJECT_WIDE]) {
      const other = claimed.get(suite);
      if (other && other !== r.jobId)
        throw new TunedServingError(
          `${other} and ${r.jobId} both serve ${suite === PROJECT_WIDE ? "every suite (project-wide)" : `suite ${suite}`}; keep one per strategy (another strategy can hold the other generation)`,
          at,
        );
      claimed.set(suite, r.jobId);
    }
  return picked;
}

/**
 * Each task suite of the run with its model: the config's `model` for all, else the newest record
 * trained for the suite, else the newest project-wide one. Records named in the config must cover
 * every task suite of the run (a TunedServingError says which does not fit).
 */
export function tunedServing(
  name: string,
  config: StrategyConfig,
  records: readonly TunedModelRecord[],
  taskSuites: readonly string[],
): TunedServing {
  const bySuite = new Map<string, ServedModel>();
  const models: ServedModel[] = [];
  const serve = (suite: string | null, model: string, record: TunedModelRecord | null) => {
    let served = models.find((m) => m.model === model);
    if (!served) {
      served = { model, suites: [], record };
      models.push(served);
    }
    if (suite === null) return;
    served.suites.push(suite);
    bySuite.set(suite, served);
  };
  if (config.model) {
    const record = records.findLast((r) => r.model === config.model) ?? null;
    serve(null, config.model, record);
    for (const suite of taskSuites) serve(suite, config.model, record);
    return { bySuite, models };
  }
  const usable = pool(name, config, records);
  const projectWide = usable.findLast((r) => r.suites === null);
  for (const suite of taskSuites) {
    const own = usable.findLast((r) => r.suites?.includes(suite)) ?? projectWide;
    if (own) serve(suite, servedAs(own), own);
    else if (config.records)
      throw new TunedServingError(
        `${usable.map((r) => `${r.jobId} was trained for ${suitesText(r)}`).join(", ")}: none for suite ${suite}; tune one (tunebench tune start --suite ${suite}) or leave the suite out of this run`,
        ["strategies", name, "records"],
      );
  }
  // A run of canary suites alone still checks every model the strategy could serve.
  if (taskSuites.length === 0) {
    const newest = new Map<string, TunedModelRecord>();
    for (const r of usable) newest.set(r.suites?.join("+") ?? PROJECT_WIDE, r);
    for (const r of newest.values()) serve(null, servedAs(r), r);
  }
  return { bySuite, models };
}
