// `run --dry-run`: the plan's trials, tokens and dollars per suite × strategy, and its judges'
// calls (judge-estimate.ts), before anything is called. Requests are built as the run would build
// them and their prompts counted; the answers are estimated (estimate.ts).
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
  selectsSome,
} from "../config/index.js";
import { isBuiltinSim } from "../endpoints/index.js";
import { batchPrice, countTokens } from "../model/index.js";
import { agreementMode, judgingSettings } from "../scoring/index.js";
import { buildRetrievalSystem, DEFAULT_CONTEXT_TOKENS, type Strategy } from "../strategies/index.js";
import { checkPriced } from "./budget.js";
import { callCost, outputEstimate, promptTokens } from "./estimate.js";
import { JudgeEstimate, type JudgeTally } from "./judge-estimate.js";
import { type CaseFilter, planCases } from "./plan.js";
import { openRecordings } from "./recordings.js";
import { boundOf, trialScorerCalls } from "./scorer-bound.js";
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
  /**
   * The most one of its trials may cost, its scorers' calls included: what a budget keeps room for
   * before starting it (run/budget.ts). Worked out only when a budget is set (else 0).
   */
  maxCall: number | null;
  /**
   * The most all its trials may cost together, each at its bound: what a `--batch` run reserves as
   * it submits them, none settled before its batch is collected. Only with a budget (else 0).
   */
  bounds: number | null;
  /** Why the strategy will not run (a tuned model not trained yet): it has no trials. */
  unavailable?: string;
}

export interface RunEstimate {
  rows: EstimateRow[];
  /** The judges' calls per suite and what they grade. */
  judges: JudgeTally[];
  simulated: boolean;
  /** Priced and admitted as `--batch` submits them. */
  batch: boolean;
  /** What the run may spend beyond the rows: agreement calls, API embeddings (none: []). */
  unestimated: string[];
}

export interface EstimateOptions {
  config?: string | LoadedConfig;
  suites?: string[];
  strategies?: string[];
  repeat?: number;
  /** `--judge-repeat` (else `run.judgeRepeat`): how often a judge grades each answer. */
  judgeRepeat?: number;
  only?: CaseFilter;
  /** `--case` / `--tag`: only these cases, as the run would pose them. */
  cases?: CaseSelection;
  /** Priced at the Batch API's price (`run --dry-run --batch`). */
  batch?: boolean;
  /** `--max-cost` (else `run.maxCost`): a budget over an unpriced model is refused, as the run refuses it. */
  maxCost?: number;
}

/** A trial's prompt tokens, and the query embedding its retrieval would make. */
async function promptOf(strategy: Strategy, suite: LoadedSuite, input: string) {
  try {
    const built = await strategy.buildRequest(suite, input);
    return {
      prompt: promptTokens(built),
      embedding: built.embeddingTokens,
      embeddingModel: built.embeddingModel,
    };
  } catch (error) {
    if (!(error instanceof NoCallsError)) throw error;
  }
  // Retrieval over API embeddings cannot search without calling: the system and input count, plus
  // the context budget instead of the chunks it would find.
  const model = strategy.model ?? "";
  const messages = [
    { role: "system" as const, content: buildRetrievalSystem(suite, []) },
    { role: "user" as const, content: input },
  ];
  const { embedding } = strategy.config;
  return {
    prompt: promptTokens({ model, messages }) + (strategy.config.contextTokens ?? DEFAULT_CONTEXT_TOKENS),
    embedding: countTokens(input),
    embeddingModel: embedding === "local" ? null : (embedding?.model ?? null),
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
  const snapshots = await openRecordings(loaded, defs, suites, selectsSome(options.cases));
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
        bounds: 0,
        ...(unavailable ? { unavailable } : {}),
      });
      if (!unavailable)
        await s.prepare?.(suite).catch((e) => (e instanceof NoCallsError ? undefined : Promise.reject(e)));
    }
  }
  const judging = judgingSettings(loaded.config, options.judgeRepeat);
  const judges = new JudgeEstimate(judging, prices, repeat);
  const chatPrice = options.batch ? batchPrice : undefined;
  // The room a budget keeps for a trial's scorers matters only to a budget's verdict; it is the
  // same for the strategies whose answers have the same bound and model (one prompt per case).
  const budgeted = (options.maxCost ?? loaded.config.run.maxCost) !== undefined;
  for await (const { suite, testCase } of planCases(suites, options.only)) {
    const serving = runnable.filter((s) => !s.serves || s.serves(suite));
    judges.addCase(suite, testCase, serving);
    const scoring = new Map<string, number>();
    for (const strategy of serving) {
      const row = rows.get(`${suite.name}\u0000${strategy.name}`) as EstimateRow;
      row.trials += repeat;
      // A replay calls nothing: its trials cost nothing now (a judge grading its answers does).
      if (strategy.replay) continue;
      const { prompt, embedding, embeddingModel } = await promptOf(strategy, suite, testCase.input);
      const { expected: output, bound } = outputEstimate(suite, strategy);
      const model = strategy.modelFor?.(suite) ?? strategy.model ?? "";
      const cost = callCost(model, { prompt, output, embedding, embeddingModel }, prices, chatPrice);
      const call = callCost(model, { prompt, output: bound, embedding, embeddingModel }, prices, chatPrice);
      row.promptTokens += prompt * repeat;
      row.outputTokens += output * repeat;
      row.cost = row.cost === null || cost === null ? null : row.cost + cost * repeat;
      if (!budgeted) continue;
      // What the run keeps room for before it starts the trial: its call and its scorers' calls.
      const key = `${bound}\u0000${model}`;
      let scorers = scoring.get(key);
      if (scorers === undefined) {
        const trial = { suite, testCase, strategy, repeat: 0 };
        scorers = boundOf(trialScorerCalls(trial, { tokens: bound, model }, judging, prices, undefined));
        scoring.set(key, scorers);
      }
      row.maxCall = row.maxCall === null || call === null ? null : Math.max(row.maxCall, call + scorers);
      row.bounds = row.bounds === null || call === null ? null : row.bounds + (call + scorers) * repeat;
    }
  }
  const simulated = [...endpointsOf(defs)].some((name) => isBuiltinSim(name, loaded));
  return {
    rows: [...rows.values()],
    judges: judges.rows(),
    simulated,
    batch: options.batch === true,
    unestimated: unestimated(loaded, suites, runnable),
  };
}

/**
 * What the rows leave out: calls whose size depends on what only the run knows. An agreement
 * judge or embedder compares answers with a recorded model's; an API embedder embeds answers for
 * `similar` checks; an index's embeddings depend on notes only the build splits and embeds.
 */
function unestimated(
  loaded: LoadedConfig,
  suites: readonly LoadedSuite[],
  runnable: readonly Strategy[],
): string[] {
  const settings = judgingSettings(loaded.config);
  const agreement = runnable.some((s) => s.type === "recorded") ? settings.agreement : undefined;
  const similar =
    settings.embedding !== "local" &&
    suites.some((s) => s.cases.some((c) => c.expect.similar) || s.caseFiles?.some((f) => f.similar));
  const embedded = runnable
    .filter(
      (s) => s.type === "retrieval" && s.config.embedding !== undefined && s.config.embedding !== "local",
    )
    .map((s) => s.name);
  return [
    ...(agreement?.mode === "judge" ? ["agreement judge calls"] : []),
    ...(agreement &&
    agreement.embedding !== "local" &&
    suites.some((suite) => agreementMode(agreement, suite) === "similar")
      ? ["agreement embeddings"]
      : []),
    ...(similar ? ["similarity embeddings"] : []),
    ...(embedded.length ? [`retrieval index embeddings (${embedded.join(", ")})`] : []),
  ];
}
