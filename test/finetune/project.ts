import { writeProject } from "../helpers/project.js";

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

const SUITE = `name: triage
task:
  system: Classify the support ticket. Reply with JSON.
  tunedSystem: Triage.
  output:
    format: json
    schema: { type: object, required: [category] }
  examples:
${TICKETS.map(([input, category]) => `    - { input: "${input}", output: '{"category":"${category}"}' }`).join("\n")}
cases:
  - { id: charged, input: "my card got billed two times for the plan", expect: { json: { category: billing } } }
  - { id: crash, input: "settings page makes the app crash on android", expect: { json: { category: bug } } }
  - { id: login, input: "can't log in since I changed my email", expect: { json: { category: account } } }
  - { id: mars, input: "What will the weather be on Mars tomorrow?", tags: [out-of-domain], expect: { refusal: true } }
`;

const CANARY = `name: canary
canary: true
task:
  system: Answer briefly.
  examples:
    - { input: "What is 2 + 2?", output: "4" }
cases:
  - { id: add, input: "What is 17 + 25?", expect: { number: { value: 42 } } }
`;

/** A project with a tunable suite, a canary suite and all four strategies on the simulator. */
export function tuningProject(): string {
  return writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
  prompt: { endpoint: sim, shots: 3 }
  retrieval: { endpoint: sim, embedding: local }
  tuned: { endpoint: sim }
run: { concurrency: 4 }
`,
    "suites/triage.yaml": SUITE,
    "suites/canary.yaml": CANARY,
  });
}
