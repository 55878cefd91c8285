import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "./suite.js";

/** The repository's example project (its config and suites), copied where runs may write; its folder. */
export function exampleProject(prefix = "tunebench-examples-"): string {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const dir = tempDir(prefix);
  cpSync(path.join(root, "eval.config.yaml"), path.join(dir, "eval.config.yaml"));
  cpSync(path.join(root, "suites"), path.join(dir, "suites"), { recursive: true });
  return dir;
}

/** Writes a small project (config + suites + notes) into a temp dir and returns its path. */
export function writeProject(files: Record<string, string>, prefix = "tunebench-project-"): string {
  const dir = tempDir(prefix);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A config whose baseline and prompt strategies call the simulator at `url`, then `rest` (YAML). */
export function simConfig(url: string, rest: string): string {
  return `suites: [suites/*.yaml]
endpoints: { s: { baseURL: "${url}" } }
strategies:
  baseline: { endpoint: s, model: sim-base }
  prompt: { endpoint: s, model: sim-base, shots: 2 }
${rest}`;
}

/** 12 ticket examples: enough to fine-tune (a job needs 10). */
export const TICKETS: [string, string][] = [
  ["I was charged twice for my subscription this month", "billing"],
  ["The app crashes every time I open the settings page", "bug"],
  ["How can I reset the password of my account?", "account"],
  ["Please refund the duplicate payment on my card", "billing"],
  ["Export to PDF produces an empty file", "bug"],
  ["My invoice shows the wrong company name", "billing"],
  ["I cannot log in after changing my email address", "account"],
  ["The search box returns nothing for any product", "bug"],
  ["Where do I download last year's receipts?", "billing"],
  ["Two-factor codes never arrive on my phone", "account"],
  ["The dark mode setting resets after every update", "bug"],
  ["Delete my account and all my data", "account"],
];

/** The suite YAML `examples:` items for tickets. */
export function ticketExamples(tickets: readonly (readonly [string, string])[]): string {
  return tickets
    .map(([input, category]) => `    - { input: "${input}", output: '{"category":"${category}"}' }`)
    .join("\n");
}

/** The triage suite with `tickets` as its examples, then `rest` (the rest of the task, and the cases). */
export function triageSuite(tickets: readonly (readonly [string, string])[], rest: string): string {
  return `name: triage
task:
  system: Classify the support ticket. Reply with JSON.
  tunedSystem: Triage.
  output:
    format: json
    schema: { type: object, required: [category] }
  examples:
${ticketExamples(tickets)}
${rest}`;
}

export const TRIAGE_SUITE = triageSuite(
  TICKETS.slice(0, 5),
  `  notes: notes/*.md
cases:
  - { id: charged-twice, input: "my card was charged two times for the subscription", expect: { json: { category: billing } } }
  - { id: settings-crash, input: "app crashes when I open settings on android", expect: { json: { category: bug } } }
  - { id: password, input: "forgot my account password, how to reset it", expect: { json: { category: account } } }
  - { id: pdf-empty, input: "the PDF export gives me an empty file", expect: { json: { category: bug } } }
  - { id: mars, input: "What will the weather be on Mars tomorrow?", tags: [out-of-domain], expect: { refusal: true } }
`,
);

export const BASIC_CONFIG = `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
  prompt: { endpoint: sim, shots: 3 }
  retrieval: { endpoint: sim, embedding: local, topK: 2 }
  tuned: { endpoint: sim }
run: { concurrency: 4 }
`;

export function basicProject(extra: Record<string, string> = {}): string {
  return writeProject({
    "eval.config.yaml": BASIC_CONFIG,
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded within 5 business days.\n",
    ...extra,
  });
}
