import { writeFileSync } from "node:fs";
import path from "node:path";
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

/** 12 short replies in a house style: a second task to tune a model of its own for. */
const STYLE: [string, string][] = [
  ["where is my parcel", "Thanks for asking! Your parcel is on its way."],
  ["can I change my delivery address", "Thanks for asking! Yes, change it under Orders."],
  ["do you ship abroad", "Thanks for asking! We ship to 40 countries."],
  ["how long does delivery take", "Thanks for asking! Two to four days."],
  ["can I return shoes", "Thanks for asking! Returns are free for 30 days."],
  ["is there a store near me", "Thanks for asking! See the store finder."],
  ["do you have gift cards", "Thanks for asking! Yes, from 10 to 200 euros."],
  ["can I pay by invoice", "Thanks for asking! Yes, for orders up to 500 euros."],
  ["my discount code fails", "Thanks for asking! Codes work once per customer."],
  ["when do you open", "Thanks for asking! We open at nine."],
  ["do you sell socks", "Thanks for asking! Yes, in every size."],
  ["can I order by phone", "Thanks for asking! Call us from eight to six."],
];

export const STYLE_SUITE = `name: style
task:
  system: Answer the customer in the house style.
  tunedSystem: House style.
  examples:
${STYLE.map(([input, output]) => `    - { input: "${input}", output: "${output}" }`).join("\n")}
cases:
  - { id: parcel-late, input: "my parcel is late, where is it", expect: { contains: "Thanks for asking" } }
  - { id: returns, input: "how do I return a jacket", expect: { contains: "Thanks for asking" } }
`;

/** The tuning project with a second task (`style`) beside `triage`, each to get a model of its own. */
export function twoTaskProject(): string {
  const dir = tuningProject();
  writeFileSync(path.join(dir, "suites/style.yaml"), STYLE_SUITE);
  return dir;
}
