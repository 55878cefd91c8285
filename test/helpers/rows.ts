// A project whose suite reads a case file (rows.jsonl) beside its inline cases, the third and fourth
// rows setting a judge of their own: the budget's and the loader's tests of a row's judge.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedProject } from "../reliability/project.js";
import { simConfig } from "./project.js";

/** One JSONL row asking for billing; `extra` is more of its JSON object's members. */
export const row = (id: string, extra = "") =>
  JSON.stringify({
    id,
    input: `ticket ${id}: my card was charged twice`,
    expect: { contains: "billing" },
    ...JSON.parse(`{${extra}}`),
  });

/**
 * The generated project (3 inline cases) on the simulator at `url`, with a case file whose rows r3
 * and r4 (lines 3 and 4; r4 tagged `own-judge`) set a judge of `model` on `endpoint`.
 */
export function rowsProject(url: string, run: string, model: string, endpoint = "s") {
  const dir = generatedProject(simConfig(url, run), 3);
  const suite = path.join(dir, "suites", "gen.yaml");
  writeFileSync(suite, `${readFileSync(suite, "utf8")}  - { file: rows.jsonl }\n`);
  const judge = `"judge": {"rubric": "Is it billing?", "endpoint": "${endpoint}", "model": "${model}"}`;
  const rows = path.join(dir, "suites", "rows.jsonl");
  const tagged = `${judge}, "tags": ["own-judge"]`;
  writeFileSync(rows, [row("r1"), "", row("r3", judge), row("r4", tagged)].join("\n"));
  return { dir, suite, rows, config: path.join(dir, "eval.config.yaml") };
}
