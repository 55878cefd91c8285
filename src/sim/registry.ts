import { SIM_BASE_MODEL, SIM_JUDGE_MODEL } from "../project/index.js";
import type { LearnedExample } from "./brain/parse.js";

export { SIM_BASE_MODEL, SIM_JUDGE_MODEL };
export const SIM_EMBEDDING_MODEL = "sim-embed";

export interface SimModel {
  id: string;
  kind: "chat" | "embedding";
  created: number;
  ownedBy: string;
  /** Set for a tuned model: what it learned; its answers come from these. */
  training?: LearnedExample[];
  /** The model a tuned model was trained from. */
  base?: string;
}

// A fixed date so model listings are reproducible.
const BUILT_IN_CREATED = 1_735_689_600;

/** The models one simulator instance knows; fine-tuning jobs add tuned models at runtime. */
export class ModelRegistry {
  readonly #models = new Map<string, SimModel>();

  constructor() {
    this.add({ id: SIM_BASE_MODEL, kind: "chat", created: BUILT_IN_CREATED, ownedBy: "tunebench-sim" });
    this.add({ id: SIM_JUDGE_MODEL, kind: "chat", created: BUILT_IN_CREATED, ownedBy: "tunebench-sim" });
    this.add({
      id: SIM_EMBEDDING_MODEL,
      kind: "embedding",
      created: BUILT_IN_CREATED,
      ownedBy: "tunebench-sim",
    });
  }

  add(model: SimModel): SimModel {
    this.#models.set(model.id, model);
    return model;
  }

  /**
   * Registers a model tuned from `base` on `training`; its id follows OpenAI's
   * `ft:{base}:{org}:{suffix}:{id}` pattern unless one is given.
   */
  addTuned(options: {
    base: string;
    training: LearnedExample[];
    suffix?: string;
    uniqueId: string;
    id?: string;
    created?: number;
  }): SimModel {
    if (!this.#models.has(options.base)) throw new Error(`unknown base model ${options.base}`);
    return this.add({
      id: options.id ?? `ft:${options.base}:tunebench-sim:${options.suffix ?? ""}:${options.uniqueId}`,
      kind: "chat",
      created: options.created ?? Math.floor(Date.now() / 1000),
      ownedBy: "user-tunebench-sim",
      training: options.training,
      base: options.base,
    });
  }

  get(id: string): SimModel | undefined {
    return this.#models.get(id);
  }

  delete(id: string): boolean {
    return this.#models.delete(id);
  }

  list(): SimModel[] {
    return [...this.#models.values()];
  }
}

/**
 * A model as `/v1/models` shows it. `shutdown_date` (YYYY-MM-DD) as OpenAI reports an announced
 * retirement, only for a retiring model (`retiring`); a tuned model retires with its base.
 */
export function modelObject(model: SimModel, retiring: Readonly<Record<string, string>> = {}) {
  const shutdown = retiring[model.id] ?? (model.base ? retiring[model.base] : undefined);
  return {
    id: model.id,
    object: "model" as const,
    created: model.created,
    owned_by: model.ownedBy,
    ...(shutdown ? { shutdown_date: shutdown } : {}),
  };
}
