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
