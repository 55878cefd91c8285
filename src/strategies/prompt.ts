import type { Example, LoadedSuite, Task } from "../config/schema.js";
import type { ChatMessage } from "../model/types.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import { cosine, features, norm } from "../text/index.js";
import { describeOutput, joinSections } from "./describe-output.js";
import type { BuiltRequest, StrategyFactory } from "./types.js";

export const DEFAULT_SHOTS = 4;

// Examples are the same for every case of a suite: their features (and norms) are computed once.
const featureCache = new WeakMap<Example, { bag: Map<string, number>; norm: number }>();
function exampleFeatures(example: Example): { bag: Map<string, number>; norm: number } {
  let cached = featureCache.get(example);
  if (!cached) {
    const bag = features(example.input);
    cached = { bag, norm: norm(bag) };
    featureCache.set(example, cached);
  }
  return cached;
}

/**
 * Picks the k examples most similar to the input (dynamic few-shot): with a fixed budget of k,
 * the closest examples teach the most. Ties keep the suite's order so prompts are reproducible.
 */
export function selectExamples(examples: readonly Example[], input: string, k: number): Example[] {
  if (k >= examples.length) return [...examples];
  const wanted = features(input);
  const wantedNorm = norm(wanted);
  return examples
    .map((example, index) => {
      const known = exampleFeatures(example);
      return { example, index, score: cosine(wanted, known.bag, wantedNorm, known.norm) };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.example);
}

export function buildFewShotMessages(task: Task, input: string, shots: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: "system", content: joinSections(task.system, describeOutput(task.output)) },
  ];
  for (const example of selectExamples(task.examples, input, shots)) {
    messages.push({ role: "user", content: example.input }, { role: "assistant", content: example.output });
  }
  messages.push({ role: "user", content: input });
  return messages;
}

export const createPromptStrategy: StrategyFactory = (name, config) => {
  const model = config.model ?? SIM_BASE_MODEL;
  const shots = config.shots ?? DEFAULT_SHOTS;
  return {
    name,
    type: "prompt",
    model,
    endpoint: config.endpoint,
    config,
    unavailable: () => null,
    async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
      return {
        model,
        messages: buildFewShotMessages(suite.task, input, shots),
        embeddingTokens: 0,
        embeddingModel: null,
      };
    },
  };
};
