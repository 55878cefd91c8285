import { TICKETS, triageSuite, writeProject } from "../helpers/project.js";

const SUITE = triageSuite(
  TICKETS,
  `cases:
  - { id: charged, input: "my card got billed two times for the plan", expect: { json: { category: billing } } }
  - { id: crash, input: "settings page makes the app crash on android", expect: { json: { category: bug } } }
  - { id: login, input: "can't log in since I changed my email", expect: { json: { category: account } } }
  - { id: mars, input: "What will the weather be on Mars tomorrow?", tags: [out-of-domain], expect: { refusal: true } }
`,
);

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
