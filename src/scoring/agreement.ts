// `agreement`: does a candidate answer as the recorded model did? Scored on every trial of a run
// that has a recorded strategy (the model being replaced), against that model's answer to the same
// case. It neither passes nor fails the candidate (role "agreement"): the migration view reports
// it beside the candidate's own quality, since a replacement may be right where the old model was not.
import { AGREEMENT_DEFAULTS } from "../config/index.js";
import { canonicalJson } from "../text/index.js";
import { agreementMode } from "./agreement-mode.js";
import { extractJson } from "./json.js";
import { gradeAnswer } from "./judge/grade.js";
import { agreementJudge } from "./judge/resolve.js";
import { similarity } from "./similar.js";
import type { Scorer } from "./types.js";

export function sameJson(a: string, b: string): boolean | null {
  const x = extractJson(a);
  const y = extractJson(b);
  if (!x || !y) return null;
  // Equal JSON whatever the key order.
  return canonicalJson(x.value) === canonicalJson(y.value);
}

export const agreementScorer: Scorer = async (output, testCase, context) => {
  const reference = context.reference;
  if (!reference) return null;
  const settings = context.judging?.agreement ?? AGREEMENT_DEFAULTS;
  const mode = agreementMode(settings, context.suite);
  const details = { with: reference.strategy, mode };
  const said = (agrees: boolean, how: string) => ({
    pass: agrees,
    score: agrees ? 1 : 0,
    reason: `${agrees ? "agrees" : "disagrees"} with ${reference.strategy}: ${how}`,
    details,
  });
  if (mode === "exact") {
    const agrees = output.trim() === reference.output.trim();
    return said(agrees, agrees ? "the same text" : "a different text");
  }
  if (mode === "json") {
    const equal = sameJson(output, reference.output);
    // Two identical answers without JSON (both refused, say) still agree.
    if (equal === null && output.trim() === reference.output.trim()) return said(true, "the same text");
    if (equal === null) return said(false, "no JSON in one of the two answers");
    return said(equal, equal ? "equal JSON" : "different JSON");
  }
  if (mode === "judge") {
    const graded = await gradeAnswer(
      context.models,
      agreementJudge(context.judging),
      { question: testCase.input, reference: reference.output, answer: output },
      context.judging?.repeat ?? 1,
    );
    const verdict = graded.error
      ? "agreement"
      : graded.pass
        ? `agrees with ${reference.strategy}`
        : `disagrees with ${reference.strategy}`;
    return { ...graded, reason: `${verdict}: ${graded.reason}`, details: { ...graded.details, ...details } };
  }
  const measured = await similarity(output, reference.output, settings.embedding, context.models);
  if ("error" in measured) return { error: true, reason: `agreement: ${measured.error}`, details };
  const { cosine, embedder, cost } = measured;
  const agrees = cosine >= settings.min;
  return {
    pass: agrees,
    score: cosine,
    reason: `${agrees ? "agrees" : "disagrees"} with ${reference.strategy}: similarity ${Math.round(cosine * 100) / 100} ${agrees ? "≥" : "<"} ${settings.min} (${embedder.id})`,
    details: { ...details, similarity: cosine, min: settings.min, embedder: embedder.id },
    ...(cost ? { cost } : {}),
  };
};
