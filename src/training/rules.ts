// The validation rules of a training file and the tally of where each one fired.
import { MIN_EXAMPLES } from "./limits.js";

export type Severity = "error" | "warning";

const errorRule = (title: string) => ({ severity: "error", title }) as const;
const warningRule = (title: string) => ({ severity: "warning", title }) as const;

/**
 * Every check, after the OpenAI cookbook's "Data preparation and analysis for chat model
 * fine-tuning", brought up to today's format (tools and tool calls, `tool` and `developer`
 * roles, `weight`, preference/DPO lines), plus the checks the cookbook leaves out.
 */
export const RULES = {
  utf8_bom: errorRule("file starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without BOM"),
  invalid_utf8: errorRule("line has bytes that are not UTF-8: save the file as UTF-8"),
  invalid_json: errorRule("line is not valid JSON"),
  not_an_object: errorRule("line is not a JSON object"),
  missing_messages_list: errorRule("no `messages` list"),
  message_missing_key: errorRule("message without `role` or `content`"),
  message_unrecognized_key: errorRule("message has an unrecognised key"),
  unrecognized_role: errorRule("message has an unrecognised role"),
  missing_content: errorRule("message content is missing, null or empty"),
  empty_assistant_message: errorRule("assistant message is empty"),
  missing_assistant_message: errorRule("example has no assistant message"),
  invalid_weight: errorRule("`weight` other than 0 or 1, or not on an assistant message"),
  invalid_preference: errorRule(
    "preference example needs `input.messages`, `preferred_output` and `non_preferred_output`",
  ),
  mixed_formats: errorRule("chat and preference examples mixed in one file"),
  nothing_left_to_learn: errorRule(
    "the token limit cuts off every assistant message (nothing left to learn)",
  ),
  too_few_examples: errorRule(`fewer than ${MIN_EXAMPLES} examples`),
  file_too_large: errorRule("file larger than the upload limit"),
  over_token_limit: warningRule("example over the token limit: it will be truncated"),
  missing_system_message: warningRule("example has no system message"),
  missing_user_message: warningRule("example has no user message"),
  duplicate_example: warningRule("duplicate of an earlier example"),
  unrecognized_top_level_key: warningRule("example has an unrecognised top-level key"),
  blank_line: warningRule("blank line (skipped)"),
  unknown_model_limit: warningRule("token limit of this model unknown"),
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type RuleCode = keyof typeof RULES;

/** How often one rule fired, and where first. */
export interface IssueSummary {
  code: RuleCode;
  severity: Severity;
  title: string;
  count: number;
  /** The first line numbers (1-based) where it fired, up to FIRST_LINES. */
  lines: number[];
  /** Detail for issues not tied to lines (file size, example count, model). */
  detail?: string;
}

export const FIRST_LINES = 5;

/** Counts each rule once per line and keeps the first lines where it fired. */
export class IssueCollector {
  readonly #found = new Map<RuleCode, IssueSummary>();

  add(code: RuleCode, line: number | null, detail?: string): void {
    let issue = this.#found.get(code);
    if (!issue) {
      const rule = RULES[code];
      issue = { code, severity: rule.severity, title: rule.title, count: 0, lines: [] };
      if (detail !== undefined) issue.detail = detail;
      this.#found.set(code, issue);
    }
    issue.count++;
    if (line !== null && issue.lines.length < FIRST_LINES) issue.lines.push(line);
  }

  /** In the order of RULES. */
  list(severity: Severity): IssueSummary[] {
    const order = Object.keys(RULES);
    return [...this.#found.values()]
      .filter((i) => i.severity === severity)
      .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  }
}
