import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Case, LoadedSuite, Suite } from "../../src/config/index.js";

export function tempDir(prefix = "tunebench-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A LoadedSuite built in memory, with notes written to a temp dir when given. */
export function makeSuite(
  partial: Partial<Omit<Suite, "cases">> & { cases?: Case[]; notes?: Record<string, string> } = {},
): LoadedSuite {
  const dir = tempDir();
  const noteFiles = Object.entries(partial.notes ?? {}).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  return {
    name: partial.name ?? "demo",
    canary: partial.canary ?? false,
    task: partial.task ?? {
      system: "Classify the ticket.",
      output: { format: "json", schema: { type: "object", required: ["category"] } },
      examples: [
        { input: "I was charged twice this month", output: '{"category":"billing"}' },
        { input: "The app crashes when I open settings", output: '{"category":"bug"}' },
        { input: "How do I change my password?", output: '{"category":"account"}' },
      ],
    },
    cases: partial.cases ?? [
      { id: "c1", input: "double charge on my card", tags: [], expect: { json: { category: "billing" } } },
    ],
    file: path.join(dir, "demo.yaml"),
    dir,
    noteFiles,
  };
}
