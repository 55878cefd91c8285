// `run --dry-run`: the plan's trials, tokens and dollars per suite × strategy, before anything is
// called. Requests are built as the run would build them and their prompts counted; the answers
// are estimated (estimate.ts). Retrieval over API embeddings cannot search without calling: its
// prompt counts the context budget instead of the chunks it would find.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type CaseSelection,
  type LoadedConfig,
  type LoadedSuite,
  loadConfig,
  loadSuites,
  selectCases,
  selectStrategies,
} from "../config/index.js";
import { isBuiltinSim } from "../endpoints/index.js";
import { batchPrice, countTokens } from "../model/index.js";
import { judgingSettings, resolveJudge } from "../scoring/index.js";
import { buildRetrievalSystem, DEFAULT_CONTEXT_TOKENS, type Strategy } from "../strategies/index.js";
import { checkPriced } from "./budget.js";
import { callCost, outputEstimate, promptTokens } from "./estimate.js";
import { type CaseFilter, iteratePlan } from "./plan.js";
import { openRecordings } from "./recordings.js";
import { endpointsOf } from "./select.js";
import { buildStrategies, NoCallsError } from "./strategies.js";

export interface EstimateRow {
  suite: string;
  strategy: string;
  model: string | null;
  trials: number;
  promptTokens: number;
  outputTokens: number;
  /** Dollars; null when the model has no price. */
  cost: number | null;
  /** The most one of its calls may cost: what a budget keeps room for before starting it (run/budget.ts). */
  maxCall: number | null;
  /** Why the strategy will not run (a tuned model not trained yet): it has no trials. */
  unavailable?: string;
}

export interface RunEstimate {
  rows: EstimateRow[];
  simulated: boolean;
  /** What the run may spend beyond the rows: judge calls, retrieval index embeddings (none: []). */
  unestimated: string[];
}

export interface EstimateOptions {
  config?: string | LoadedConfig;
  suites?: string[];
  strategies?: string[];
  repeat?: number;
  only?: CaseFilter;
  /** `--case` / `--tag`: only these cases, as the run would pose them. */
  cases?: CaseSelection;
  /** Priced at the Batch API's price (`run --dry-run --batch`). */
  batch?: boolean;
  /** `--max-cost` (else `run.maxCost`): a budget over an unpriced model is refused, as the run refuses it. */
  maxCost?: number;
}

/** The prompt of a request that would need an embedding call: the system and input, plus the context budget. */
async function searchFreePrompt(
  strategy: Strategy,
  suite: Parameters<Strategy["buildRequest"]>[0],
  input: string,
) {
  const system = buildRetrievalSystem(suite, []);
  const model = strategy.model ?? "";
  const messages = [
    { role: "system" as const, content: system },
    { role: "user" as const, content: input },
  ];
  return {
    prompt: promptTokens({ model, messages }) + (strategy.config.contextTokens ?? DEFAULT_CONTEXT_TOKENS),
    embedding: countTokens(input),
  };
}

export async function estimateRun(options: EstimateOptions = {}): Promise<RunEstimate> {
  // A dry run writes nothing in the project: the local retrieval indexes it searches are built in
  // a scratch folder (the run builds its own under .tunebench/index).
  const scratch = await mkdtemp(path.join(tmpdir(), "tunebench-dry-run-"));
  try {
    return await estimateIn(scratch, options);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function estimateIn(indexRoot: string, options: EstimateOptions): Promise<RunEstimate> {
  const loaded = typeof options.config === "object" ? options.config : await loadConfig(options.config);
  const suites = await selectCases(await loadSuites(loaded, { only: options.suites }), options.cases);
  const defs = selectStrategies(loaded.config, options.strategies);
  // Snapshots are checked here too: a stale one is said before the run, not after.
  const snapshots = await openRecordings(loaded, defs, suites, false);
  const strategies = await buildStrategies(defs, loaded, null, suites, snapshots, indexRoot);
  const runnable = strategies.filter((s) => s.unavailable() === null);
  await checkPriced(runnable, suites, loaded, options.maxCost);
  const repeat = options.repeat ?? loaded.config.run.repeat;
  const { prices } = loaded.config;
  const rows = new Map<string, EstimateRow>();
  for (const suite of suites) {
    for (const s of strategies) {
      if (s.serves && !s.serves(suite)) continue;
      const unavailable = s.unavailable();
      rows.set(`${suite.name}\u0000${s.name}`, {
        suite: suite.name,
        strategy: s.name,
        model: s.modelFor?.(suite) ?? s.model,
        trials: 0,
        promptTokens: 0,
        outputTokens: 0,
        cost: 0,
        maxCall: 0,
        ...(unavailable ? { unavailable } : {}),
      });
      if (!unavailable)
        await s.prepare?.(suite).catch((e) => (e instanceof NoCallsError ? undefined : Promise.reject(e)));
    }
  }
  for await (const { suite, testCase, strategy } of iteratePlan(suites, runnable, 1, options.only)) {
    const row = rows.get(`${suite.name}\u0000${strategy.name}`) as EstimateRow;
    // A replay calls nothing: its trials cost nothing now.
    if (strategy.replay) {
      row.trials += repeat;
      continue;
    }
    let prompt: number;
    let embedding = 0;
    let embeddingModel: string | null = null;
    try {
      const built = await strategy.buildRequest(suite, testCase.input);
      prompt = promptTokens(built);
      embedding = built.embeddingTokens;
      embeddingModel = built.embeddingModel;
    } catch (error) {
      if (!(error instanceof NoCallsError)) throw error;
      ({ prompt, embedding } = await searchFreePrompt(strategy, suite, testCase.input));
      embeddingModel =
        strategy.config.embedding === "local" ? null : (strategy.config.embedding?.model ?? null);
    }
    const { expected: output, bound } = outputEstimate(suite, strategy);
    const model = strategy.modelFor?.(suite) ?? strategy.model ?? "";
    const chatPrice = options.batch ? batchPrice : undefined;
    const cost = callCost(model, { prompt, output, embedding, embeddingModel }, prices, chatPrice);
    const most = callCost(model, { prompt, output: bound, embedding, embeddingModel }, prices, chatPrice);
    row.trials += repeat;
    row.promptTokens += prompt * repeat;
    row.outputTokens += output * repeat;
    row.cost = row.cost === null || cost === null ? null : row.cost + cost * repeat;
    row.maxCall = row.maxCall === null || most === null ? null : Math.max(row.maxCall, most);
  }
  const simulated = [...endpointsOf(defs)].some((name) => isBuiltinSim(name, loaded));
  return { rows: [...rows.values()], simulated, unestimated: unestimated(loaded, suites, runnable) };
}

/**
 * What the rows leave out: a judge's calls read answers not given yet (a budget counts them as
 * they are made), and an index's embeddings depend on notes only the build splits and embeds.
 */
function unestimated(
  loaded: LoadedConfig,
  suites: readonly LoadedSuite[],
  runnable: readonly Strategy[],
): string[] {
  const settings = judgingSettings(loaded.config);
  const judged = suites
    .filter(
      (s) =>
        resolveJudge(settings, s) ||
        s.cases.some((c) => resolveJudge(settings, s, c)) ||
        s.caseFiles?.some((f) => f.judges.some(({ judge }) => resolveJudge(settings, s, { judge }))),
    )
    .map((s) => s.name);
  const embedded = runnable
    .filter(
      (s) => s.type === "retrieval" && s.config.embedding !== undefined && s.config.embedding !== "local",
    )
    .map((s) => s.name);
  return [
    ...(judged.length ? [`judge calls (${judged.join(", ")})`] : []),
    ...(embedded.length ? [`retrieval index embeddings (${embedded.join(", ")})`] : []),
  ];
}
