import { checkDataFile, checkNotes } from "./file-checks.js";
import {
  type Add,
  BUILT_IN_ENDPOINT,
  checkJudgeLayers,
  checkSuiteJudges,
  type JudgeContext,
} from "./judge-checks.js";
import { BUILT_IN_STRATEGIES } from "./names.js";
import { compileOutputSchema, schemaErrors } from "./output-schema.js";
import { type CaseParts, configParts, type Indexed, suiteParts } from "./parts.js";
import type { PathKey, Problem } from "./problem.js";
import { compileUserRegex } from "./regex.js";
import type { Config, Example, Expect, OutputSpec } from "./schema.js";
import { STRATEGY_TYPES } from "./schema.js";
import { nearest } from "./suggest.js";
import type { YamlSource } from "./yaml-source.js";

// Checks that need more than one value at a time, or the file system. They see only the parts that
// pass the schema on their own (parts.ts), so they report alongside the schema's problems.

const isStrategyType = (name: string) => (STRATEGY_TYPES as readonly string[]).includes(name);

const didYouMean = (word: string, candidates: readonly string[]) => {
  const hint = nearest(word, candidates);
  return hint ? `; did you mean '${hint}'?` : "";
};

export function checkConfig(data: unknown, source: YamlSource): Problem[] {
  const parts = configParts(data);
  const problems: Problem[] = [];
  const endpoints = [BUILT_IN_ENDPOINT, ...parts.endpointNames];
  const checkEndpoint = (name: string, at: PathKey[]) => {
    if (!endpoints.includes(name)) {
      problems.push(
        source.problem(
          at,
          `unknown endpoint '${name}'; define it under 'endpoints' or use 'sim'${didYouMean(name, endpoints)}`,
        ),
      );
    }
  };

  for (const name of parts.strategyNames) {
    const strategy = parts.strategies[name];
    if (!strategy?.type && !isStrategyType(name)) {
      problems.push(
        source.problem(
          ["strategies", name],
          `strategy '${name}' needs a 'type' (one of ${STRATEGY_TYPES.join(", ")}) because its name is not one of them`,
          "key",
        ),
      );
    }
    if (!strategy) continue;
    checkEndpoint(strategy.endpoint, ["strategies", name, "endpoint"]);
    // Only the simulator has a default model; anywhere else "sim-base" would be sent to a real
    // endpoint. A tuned strategy gets its model from `tunebench tune`. (An unknown endpoint or a
    // missing type is reported above, once.)
    const type = strategy.type ?? (isStrategyType(name) ? name : undefined);
    const real = strategy.endpoint !== BUILT_IN_ENDPOINT && endpoints.includes(strategy.endpoint);
    if (type === "recorded" && strategy.snapshot === undefined)
      problems.push(
        source.problem(
          ["strategies", name],
          "a recorded strategy needs `snapshot`: the name of a snapshot written by `tunebench record` (snapshots/<name>.jsonl)",
          "key",
        ),
      );
    if (type && type !== "tuned" && type !== "recorded" && real && strategy.model === undefined) {
      problems.push(
        source.problem(
          ["strategies", name],
          `model is required for endpoint '${strategy.endpoint}' (only the built-in ${BUILT_IN_ENDPOINT} has a default model)`,
          "key",
        ),
      );
    }
    // `records` picks the tuning jobs whose models a tuned strategy serves; a model of its own replaces them.
    if (strategy.records && type && type !== "tuned")
      problems.push(
        source.problem(
          ["strategies", name, "records"],
          `only a tuned strategy serves tuning records (this one is ${type})`,
          "key",
        ),
      );
    else if (strategy.records && strategy.model !== undefined)
      problems.push(
        source.problem(
          ["strategies", name, "records"],
          "give model or records, not both: a model serves every suite",
          "key",
        ),
      );
    if (typeof strategy.embedding === "object") {
      checkEndpoint(strategy.embedding.endpoint, ["strategies", name, "embedding", "endpoint"]);
    }
  }
  if (parts.judge)
    checkJudgeLayers(
      [{ judge: parts.judge, at: ["judge"] }],
      { endpoints, strategies: [] },
      (at, message, where) => problems.push(source.problem(at, message, where)),
    );
  if (typeof parts.similarityEmbedding === "object")
    checkEndpoint(parts.similarityEmbedding.endpoint, ["similarity", "embedding", "endpoint"]);

  const known = [...new Set([...parts.strategyNames, ...BUILT_IN_STRATEGIES])];
  const listed = new Set<string>();
  for (const { index, value: name } of parts.runStrategies) {
    const at = ["run", "strategies", index];
    if (!known.includes(name)) {
      problems.push(
        source.problem(
          at,
          `unknown strategy '${name}'; expected one defined under 'strategies' or a built-in (${BUILT_IN_STRATEGIES.join(", ")})${didYouMean(name, known)}`,
        ),
      );
    }
    if (listed.has(name)) problems.push(source.problem(at, `strategy '${name}' is listed twice`));
    listed.add(name);
  }
  return problems;
}

/** What a suite is checked against from its config; without a config, the defaults'. */
export function judgeContextOf(config?: Config): JudgeContext {
  const strategies = config ? Object.keys(config.strategies) : [];
  return {
    endpoints: [BUILT_IN_ENDPOINT, ...Object.keys(config?.endpoints ?? {})],
    ...(config?.judge ? { judge: config.judge } : {}),
    strategies: [...new Set([...strategies, ...BUILT_IN_STRATEGIES])],
  };
}

/** Per-suite checks on every part that passed the schema; also resolves the notes to absolute files. */
export async function checkSuite(
  data: unknown,
  source: YamlSource,
  dir: string,
  context: JudgeContext = judgeContextOf(),
): Promise<{ problems: Problem[]; noteFiles: string[] }> {
  const parts = suiteParts(data);
  const problems: Problem[] = [];
  const add: Add = (at, message, where) => problems.push(source.problem(at, message, where));

  checkCaseIds(parts.cases, source, add);
  for (const { index, value: c } of parts.cases)
    if (c.expect)
      checkExpect(c.expect, ["cases", index], add, parts.judge !== undefined || c.judge !== undefined);
  checkSuiteJudges(parts, context, add);

  if (parts.output) checkOutput(parts.output, parts.examples, add);
  const noteFiles = await checkNotes(parts.notes, dir, add);
  for (const ref of parts.caseFiles) await checkDataFile(ref, dir, "case file", add);
  for (const [i, file] of (parts.datasets ?? []).entries())
    await checkDataFile({ at: ["task", "datasets", i], file }, dir, "dataset file", add);
  return { problems, noteFiles };
}

/**
 * A case's expect must check something (unless a judge grades it), its regex must compile and a
 * similar check needs a text (`at`: the case's path). Inline cases and case-file rows alike.
 */
export function checkExpect(e: Expect, at: readonly PathKey[], add: Add, judged = false): void {
  const checks = [e.equals, e.contains, e.notContains, e.regex, e.oneOf, e.json, e.number, e.similar];
  if (checks.every((v) => v === undefined) && e.refusal !== true && !judged) {
    add(
      [...at, "expect"],
      "expect is empty: give at least one of equals, contains, notContains, regex, oneOf, json, number, similar or refusal: true (or a judge)",
      "key",
    );
  }
  if (e.regex !== undefined) checkRegex(e.regex, [...at, "expect", "regex"], add);
  if (e.similar && e.similar.to === undefined && e.reference === undefined)
    add([...at, "expect", "similar"], "similar needs a text: give similar.to or expect.reference", "key");
}

function checkCaseIds(cases: Indexed<CaseParts>[], source: YamlSource, add: Add): void {
  const first = new Map<string, number>();
  for (const { index, value } of cases) {
    if (value.id === undefined) continue;
    const earlier = first.get(value.id);
    if (earlier === undefined) {
      first.set(value.id, index);
      continue;
    }
    const a = source.locate(["cases", earlier, "id"]).line;
    const b = source.locate(["cases", index, "id"]).line;
    add(
      ["cases", index, "id"],
      `repeated case id '${value.id}' (lines ${a} and ${b}); ids must be unique in a suite`,
    );
  }
}

function checkRegex(pattern: string, at: PathKey[], add: Add): RegExp | undefined {
  // The scorers compile it with the same function, so what validates here is what they run.
  const compiled = compileUserRegex(pattern);
  if (compiled instanceof Error) add(at, `invalid regular expression: ${compiled.message}`);
  return compiled instanceof Error ? undefined : compiled;
}

/** The output spec must be usable, and the examples must already obey it: they are what a tuned model learns. */
function checkOutput(output: OutputSpec, examples: Indexed<Example>[], add: Add): void {
  const regex =
    output.regex === undefined ? undefined : checkRegex(output.regex, ["task", "output", "regex"], add);
  const compiled = output.schema === undefined ? undefined : compileOutputSchema(output.schema);
  if (compiled instanceof Error) {
    add(["task", "output", "schema"], `not a valid JSON Schema: ${compiled.message}`, "key");
  } else if (compiled && output.format !== "json") {
    add(["task", "output", "schema"], "a schema is only checked with 'format: json'", "key");
  }
  const validate = compiled instanceof Error ? undefined : compiled;

  for (const { index, value: example } of examples) {
    const at = ["task", "examples", index, "output"];
    const text = example.output;
    if (output.format === "json") {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        add(at, `not valid JSON, but the task's output format is json: ${(error as Error).message}`);
        continue;
      }
      if (validate && !validate(value))
        add(at, `does not match the output schema: ${schemaErrors(validate)}`);
    }
    if (regex && !regex.test(text)) add(at, `does not match the output regex /${output.regex}/`);
    if (output.maxLength !== undefined && [...text].length > output.maxLength) {
      add(at, `longer than the output's maxLength of ${output.maxLength} characters`);
    }
  }
}

/** Gates for a suite that does not exist would never fire: almost certainly a typo. */
export function checkSuiteGates(
  config: Config,
  suiteNames: readonly string[],
  source: YamlSource,
): Problem[] {
  return Object.keys(config.suiteGates ?? {})
    .filter((name) => !suiteNames.includes(name))
    .map((name) =>
      source.problem(["suiteGates", name], `no suite named '${name}'${didYouMean(name, suiteNames)}`, "key"),
    );
}
