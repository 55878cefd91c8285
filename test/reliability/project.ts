import { writeProject } from "../helpers/project.js";

const PHRASES = [
  ["billing", "my card was charged twice for the subscription"],
  ["bug", "the app crashes when I open the settings page"],
  ["account", "I forgot the password of my account, how do I reset it"],
  ["bug", "export to PDF gives me an empty file"],
] as const;

/** A generated triage suite: `cases` cases, the last of every ten an out-of-domain probe. */
export function generatedSuite(cases: number, name = "gen"): string {
  const lines: string[] = [];
  for (let i = 0; i < cases; i++) {
    if (i % 10 === 9) {
      lines.push(
        `  - { id: ood-${i}, input: "What will the weather be on Mars on day ${i}?", tags: [out-of-domain], expect: { refusal: true } }`,
      );
      continue;
    }
    const [category, phrase] = PHRASES[i % PHRASES.length] as readonly [string, string];
    lines.push(
      `  - { id: c${i}, input: "ticket ${i}: ${phrase}", expect: { json: { category: ${category} } } }`,
    );
  }
  return `name: ${name}
task:
  system: Classify the support ticket. Reply with JSON.
  output: { format: json, schema: { type: object, required: [category] } }
  examples:
    - { input: "I was charged twice for my subscription this month", output: '{"category":"billing"}' }
    - { input: "The app crashes every time I open the settings page", output: '{"category":"bug"}' }
    - { input: "How can I reset the password of my account?", output: '{"category":"account"}' }
    - { input: "Export to PDF produces an empty file", output: '{"category":"bug"}' }
cases:
${lines.join("\n")}
`;
}

/** A project whose config is `config` (YAML) and whose one suite has `cases` generated cases. */
export function generatedProject(config: string, cases: number): string {
  return writeProject({ "eval.config.yaml": config, "suites/gen.yaml": generatedSuite(cases) });
}
