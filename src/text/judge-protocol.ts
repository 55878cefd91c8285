// The judge's protocol, in one place: the prompt the judge scorer sends, how the simulator
// recognises and reads it, and the JSON verdict a judge answers with (written by the simulator,
// parsed strictly by the scorer).
//
// A judge prompt is two messages. The system message starts with the marker line
//   [tunebench-judge/1 grade scale=1..5]      or      [tunebench-judge/1 pairwise]
// and says what to do; the user message holds the sections, each on its own lines and in this order:
//   <rubric> … </rubric>, <question> … </question>, <reference> … </reference> (when the case has one),
//   then <answer> … </answer> (grade) or <answer_a> … </answer_a> and <answer_b> … </answer_b> (pairwise).
// The verdict is one JSON object: {"score": 4, "reason": "…"} (grade, a whole number on the scale)
// or {"winner": "A" | "B" | "tie", "reason": "…"} (pairwise).

export const JUDGE_MARKER = "[tunebench-judge/1";

export type Scale = readonly [number, number];

export interface GradeRequest {
  rubric: string;
  question: string;
  reference?: string;
  answer: string;
  scale: Scale;
}

export interface PairRequest {
  rubric: string;
  question: string;
  reference?: string;
  /** The answer shown as A, then the one shown as B. */
  answers: readonly [string, string];
}

export type JudgePrompt = ({ mode: "grade" } & GradeRequest) | ({ mode: "pairwise" } & PairRequest);

export interface PromptMessages {
  system: string;
  user: string;
}

const section = (tag: string, text: string) => `<${tag}>\n${text.trim()}\n</${tag}>`;

function sections(r: { rubric: string; question: string; reference?: string | undefined }): string[] {
  return [
    section("rubric", r.rubric),
    section("question", r.question),
    ...(r.reference === undefined ? [] : [section("reference", r.reference)]),
  ];
}

export function gradePrompt(r: GradeRequest): PromptMessages {
  const [low, high] = r.scale;
  const against = r.reference === undefined ? "" : " Compare it with the reference answer too.";
  return {
    system: [
      `${JUDGE_MARKER} grade scale=${low}..${high}]`,
      `You grade one answer to a user's message against a rubric.${against}`,
      `Score it on the whole-number scale from ${low} (does not meet the rubric at all) to ${high} (meets it fully).`,
      `Reply with one JSON object and nothing else: {"score": <whole number from ${low} to ${high}>, "reason": "<one sentence>"}`,
    ].join("\n"),
    user: [...sections(r), section("answer", r.answer)].join("\n"),
  };
}

export function pairPrompt(r: PairRequest): PromptMessages {
  const against = r.reference === undefined ? "" : " Compare both with the reference answer too.";
  return {
    system: [
      `${JUDGE_MARKER} pairwise]`,
      `You compare two answers, A and B, to the same user message against a rubric.${against}`,
      "Judge only how well each meets the rubric, not its position or length; say tie when neither is better.",
      'Reply with one JSON object and nothing else: {"winner": "A" | "B" | "tie", "reason": "<one sentence>"}',
    ].join("\n"),
    user: [...sections(r), section("answer_a", r.answers[0]), section("answer_b", r.answers[1])].join("\n"),
  };
}

function readSection(text: string, tag: string): string | undefined {
  const open = `<${tag}>\n`;
  const start = text.indexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf(`\n</${tag}>`, start + open.length);
  return end < 0 ? undefined : text.slice(start + open.length, end);
}

/** A judge prompt's parts, or null when the messages are not one (what the simulator checks). */
export function readJudgePrompt(system: string, user: string): JudgePrompt | null {
  const head = /^\[tunebench-judge\/1 (grade scale=(-?\d+)\.\.(-?\d+)|pairwise)\]/.exec(system.trim());
  if (!head) return null;
  const rubric = readSection(user, "rubric") ?? "";
  const question = readSection(user, "question") ?? "";
  const reference = readSection(user, "reference");
  const common = { rubric, question, ...(reference === undefined ? {} : { reference }) };
  if (head[1] === "pairwise")
    return {
      mode: "pairwise",
      ...common,
      answers: [readSection(user, "answer_a") ?? "", readSection(user, "answer_b") ?? ""],
    };
  return {
    mode: "grade",
    ...common,
    answer: readSection(user, "answer") ?? "",
    scale: [Number(head[2]), Number(head[3])],
  };
}

export type Winner = "A" | "B" | "tie";

export const gradeVerdict = (score: number, reason: string) => JSON.stringify({ score, reason });
export const pairVerdict = (winner: Winner, reason: string) => JSON.stringify({ winner, reason });

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function jsonObject(raw: string): Parsed<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(raw.trim());
  } catch {
    return { ok: false, error: "not a JSON object" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: "not a JSON object" };
  return { ok: true, value: value as Record<string, unknown> };
}

function reasonOf(object: Record<string, unknown>): string | null {
  return typeof object.reason === "string" && object.reason.trim() !== "" ? object.reason.trim() : null;
}

/**
 * The grade in a judge's answer, parsed strictly: the whole answer is one JSON object with a whole
 * `score` on the scale and a non-empty `reason` (extra keys are ignored). Anything else is an error.
 */
export function parseGrade(raw: string, [low, high]: Scale): Parsed<{ score: number; reason: string }> {
  const parsed = jsonObject(raw);
  if (!parsed.ok) return parsed;
  const { score } = parsed.value;
  if (typeof score !== "number" || !Number.isInteger(score) || score < low || score > high)
    return { ok: false, error: `"score" is not a whole number from ${low} to ${high}` };
  const reason = reasonOf(parsed.value);
  if (reason === null) return { ok: false, error: `no "reason"` };
  return { ok: true, value: { score, reason } };
}

/** The winner in a pairwise judge's answer, parsed as strictly as a grade. */
export function parsePairVerdict(raw: string): Parsed<{ winner: Winner; reason: string }> {
  const parsed = jsonObject(raw);
  if (!parsed.ok) return parsed;
  const { winner } = parsed.value;
  if (winner !== "A" && winner !== "B" && winner !== "tie")
    return { ok: false, error: `"winner" is not "A", "B" or "tie"` };
  const reason = reasonOf(parsed.value);
  if (reason === null) return { ok: false, error: `no "reason"` };
  return { ok: true, value: { winner, reason } };
}
