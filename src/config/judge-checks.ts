// Judge settings that are wrong before any call is made: an unknown endpoint, no model for a real
// endpoint, no rubric, a pass mark outside the scale, labels without a judge, pairs of strategies
// that do not exist. Every problem points at the innermost key that set the offending value.
import { DEFAULT_SCALE, type Judge, mergeJudge } from "./judge-schema.js";
import type { CaseParts, Indexed, SuiteParts } from "./parts.js";
import type { PathKey } from "./problem.js";

export type Add = (at: PathKey[], message: string, where?: "key" | "value") => void;

/** What a suite's judge is checked against: the project's config. */
export interface JudgeContext {
  /** Endpoint names a judge may use (`sim` included). */
  endpoints: readonly string[];
  /** The project's default judge (eval.config.yaml `judge:`). */
  judge?: Judge;
  /** Strategy names a run may use, for `pairwise`. */
  strategies: readonly string[];
}

export const BUILT_IN_ENDPOINT = "sim";

/** One layer of judge settings and where it sits in its file. */
interface Layer {
  judge: Judge;
  at: PathKey[];
}

/** Endpoint, model, scale and pass of the merged layers, each reported at the layer that set it. */
export function checkJudgeLayers(layers: readonly Layer[], context: JudgeContext, add: Add): void {
  const merged = mergeJudge(...layers.map((l) => l.judge));
  const setBy = (key: keyof Judge) => [...layers].reverse().find((l) => l.judge[key] !== undefined);
  const innermost = layers.at(-1);
  // An inherited endpoint was checked where it was set (the project's, once, by checkConfig).
  const endpointLayer = setBy("endpoint");
  const endpoint = merged.endpoint ?? BUILT_IN_ENDPOINT;
  if (endpointLayer && endpointLayer === innermost) {
    if (!context.endpoints.includes(endpoint))
      add(
        [...endpointLayer.at, "endpoint"],
        `unknown judge endpoint '${endpoint}'; define it under 'endpoints' in the config or use 'sim'`,
      );
    else if (endpoint !== BUILT_IN_ENDPOINT && merged.model === undefined)
      add(
        endpointLayer.at,
        `the judge needs a model for endpoint '${endpoint}' (only the built-in sim has a default judge model)`,
        "key",
      );
  }
  const scale = merged.scale ?? DEFAULT_SCALE;
  const scaleLayer = setBy("scale");
  const passLayer = setBy("pass");
  if (scale[0] >= scale[1]) {
    if (scaleLayer === innermost && scaleLayer)
      add(
        [...scaleLayer.at, "scale"],
        `the scale [${scale.join(", ")}] must go from a lower to a higher score`,
      );
    return;
  }
  const pass = merged.pass;
  // Reported once, at the layer that made the pair not fit (the innermost of pass and scale).
  const blame = [passLayer, scaleLayer].includes(innermost) ? innermost : undefined;
  if (pass !== undefined && (pass < scale[0] || pass > scale[1]) && blame)
    add(
      [...blame.at, blame === passLayer ? "pass" : "scale"],
      `pass ${pass} does not fit the judge's scale [${scale.join(", ")}]: give a pass mark from ${scale[0]} to ${scale[1]}`,
    );
}

/**
 * A case file row's own judge, checked as an inline case's is (endpoint, model, rubric, scale and
 * pass), its problems at the row (`judge`); the project's and the suite's judges are checked where
 * they are set. Loading reads every row, so a row's judge is refused before anything runs.
 */
export function checkRowJudge(judge: Judge, suite: Judge | undefined, context: JudgeContext, add: Add): void {
  const outer = [context.judge, suite].flatMap((j): Layer[] => (j ? [{ judge: j, at: [] }] : []));
  checkJudgeLayers([...outer, { judge, at: ["judge"] }], context, add);
  if (mergeJudge(context.judge, suite, judge).rubric === undefined)
    add(["judge"], "the judge has no rubric: give judge.rubric", "key");
}

function checkLabels(labelled: Indexed<CaseParts>, merged: Judge, judged: boolean, add: Add): void {
  const { index, value: c } = labelled;
  if (c.labels.length === 0) return;
  if (!judged || merged.rubric === undefined) {
    add(
      ["cases", index, "labels"],
      "labels need a judge: give the suite (or this case) a judge with a rubric",
      "key",
    );
    return;
  }
  const [low, high] = merged.scale ?? DEFAULT_SCALE;
  for (const { index: i, value } of c.labels)
    if (typeof value.label === "number" && (value.label < low || value.label > high))
      add(
        ["cases", index, "labels", i, "label"],
        `label ${value.label} is not on the judge's scale [${low}, ${high}]`,
      );
}

/** The suite's judge, its cases' overrides and labels, and its pairwise strategies. */
export function checkSuiteJudges(parts: SuiteParts, context: JudgeContext, add: Add): void {
  const project: Layer[] = context.judge ? [{ judge: context.judge, at: [] }] : [];
  const suite: Layer[] = parts.judge ? [{ judge: parts.judge, at: ["judge"] }] : [];
  if (parts.judge) checkJudgeLayers([...project, ...suite], context, add);
  let missingRubric = false;
  for (const c of parts.cases) {
    const own: Layer[] = c.value.judge ? [{ judge: c.value.judge, at: ["cases", c.index, "judge"] }] : [];
    const judged = parts.judge !== undefined || c.value.judge !== undefined;
    const merged = mergeJudge(...[...project, ...suite, ...own].map((l) => l.judge));
    if (c.value.judge) checkJudgeLayers([...project, ...suite, ...own], context, add);
    if (judged && merged.rubric === undefined) {
      if (c.value.judge)
        add(["cases", c.index, "judge"], "the judge has no rubric: give judge.rubric", "key");
      else missingRubric = true;
    }
    checkLabels(c, merged, judged, add);
  }
  if (missingRubric)
    add(
      ["judge"],
      "the judge has no rubric: give judge.rubric here (or in each case, or in eval.config.yaml)",
      "key",
    );
  const pairs = parts.judge?.pairwise;
  if (Array.isArray(pairs))
    pairs.forEach((pair, i) => {
      for (const name of pair)
        if (!context.strategies.includes(name))
          add(
            ["judge", "pairwise", i],
            `unknown strategy '${name}' in pairwise; known: ${context.strategies.join(", ")}`,
          );
      if (pair[0] === pair[1]) add(["judge", "pairwise", i], "a pair needs two different strategies");
    });
}
