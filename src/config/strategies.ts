import { BUILT_IN_STRATEGIES } from "./names.js";
import type { Config, StrategyConfig, StrategyType } from "./schema.js";
import { STRATEGY_TYPES, StrategySchema } from "./schema.js";

export interface ResolvedStrategy {
  name: string;
  type: StrategyType;
  config: StrategyConfig;
}

const isStrategyType = (name: string): name is StrategyType =>
  (STRATEGY_TYPES as readonly string[]).includes(name);
const isBuiltIn = (name: string): name is StrategyType =>
  (BUILT_IN_STRATEGIES as readonly string[]).includes(name);

/**
 * A built-in strategy on the simulator. It names no model: on the simulator a strategy's model
 * defaults to its base model (src/strategies), and `tuned` waits for `tunebench tune` to record one.
 */
export function defaultStrategy(): StrategyConfig {
  return StrategySchema.parse({});
}

/**
 * The strategies a run uses, in order: those listed in `run.strategies`, else all defined ones,
 * else the four built-ins on the simulator. A listed built-in name that is not defined gets its
 * default, so `run.strategies: [baseline, tuned]` works with only `tuned` configured.
 */
export function resolveStrategies(config: Config): ResolvedStrategy[] {
  const defined = Object.entries(config.strategies);
  const available = new Map<string, StrategyConfig>(
    defined.length > 0 ? defined : BUILT_IN_STRATEGIES.map((type) => [type, defaultStrategy()]),
  );
  const names = config.run.strategies ?? [...available.keys()];
  return [...new Set(names)].map((name) => {
    const strategy = available.get(name) ?? (isBuiltIn(name) ? defaultStrategy() : undefined);
    if (!strategy) throw new Error(`unknown strategy '${name}' (validate the config first)`);
    const type = strategy.type ?? (isStrategyType(name) ? name : undefined);
    if (!type) throw new Error(`strategy '${name}' has no type (validate the config first)`);
    return { name, type, config: strategy };
  });
}

/** A strategy as a run lists it (the config's, a run header's, a built one): what the rule below reads. */
interface Listed {
  readonly name: string;
  readonly type: StrategyType;
}

/**
 * The recorded model a run matches every other strategy's answers against (`agreement`, the
 * migration view): its first `recorded` strategy in the run's configured order, which its header
 * keeps. One rule for the live run, rescore and the report, so that with several recorded
 * strategies all three name the same one. `answered` (trials in log order) decides only when the
 * listed strategies hold no recorded one: a log without a header, or rescored from one.
 */
export function referenceStrategy(
  listed: readonly Listed[],
  answered: Iterable<{ readonly strategy: string; readonly strategyType: StrategyType }> = [],
): string | undefined {
  const first = listed.find((s) => s.type === "recorded");
  if (first) return first.name;
  for (const t of answered) if (t.strategyType === "recorded") return t.strategy;
  return undefined;
}
