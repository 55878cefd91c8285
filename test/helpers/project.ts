import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./suite.js";

/** Writes a small project (config + suites + notes) into a temp dir and returns its path. */
export function writeProject(files: Record<string, string>): string {
  const dir = tempDir("tunebench-project-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export const TRIAGE_SUITE = `name: triage
task:
  system: Classify the support ticket. Reply with JSON.
  tunedSystem: Triage.
  output:
    format: json
    schema: { type: object, required: [category] }
  examples:
    - { input: "I was charged twice for my subscription this month", output: '{"category":"billing"}' }
    - { input: "The app crashes every time I open the settings page", output: '{"category":"bug"}' }
    - { input: "How can I reset the password of my account?", output: '{"category":"account"}' }
    - { input: "Please refund the duplicate payment on my card", output: '{"category":"billing"}' }
    - { input: "Export to PDF produces an empty file", output: '{"category":"bug"}' }
  notes: notes/*.md
cases:
  - { id: charged-twice, input: "my card was charged two times for the subscription", expect: { json: { category: billing } } }
  - { id: settings-crash, input: "app crashes when I open settings on android", expect: { json: { category: bug } } }
  - { id: password, input: "forgot my account password, how to reset it", expect: { json: { category: account } } }
  - { id: pdf-empty, input: "the PDF export gives me an empty file", expect: { json: { category: bug } } }
  - { id: mars, input: "What will the weather be on Mars tomorrow?", tags: [out-of-domain], expect: { refusal: true } }
`;

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
