import type { OutputSpec } from "../config/schema.js";

/** Plain-words description of the required output, for strategies that state the format in the prompt. */
export function describeOutput(output: OutputSpec): string {
  const lines: string[] = [];
  if (output.description) lines.push(output.description);
  if (output.format === "json") {
    lines.push("Reply with a single JSON value only: no prose, no code fences.");
    if (output.schema) lines.push(`The JSON must match this JSON Schema: ${JSON.stringify(output.schema)}`);
  }
  if (output.language) lines.push(`Reply in ${LANGUAGE_NAMES[output.language]}.`);
  if (output.regex) lines.push(`The reply must match the pattern /${output.regex}/.`);
  if (output.maxLength) lines.push(`Keep the reply under ${output.maxLength} characters.`);
  return lines.join("\n");
}

const LANGUAGE_NAMES: Record<NonNullable<OutputSpec["language"]>, string> = {
  zh: "Chinese (中文)",
  en: "English",
  ja: "Japanese",
  ko: "Korean",
};

export function joinSections(...sections: (string | undefined)[]): string {
  return sections.filter((s) => s && s.trim().length > 0).join("\n\n");
}
