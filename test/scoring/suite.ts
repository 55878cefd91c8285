import type { LoadedSuite, OutputSpec } from "../../src/config/index.js";

/** The smallest suite a scorer's context needs: the task's output spec. */
export function suiteWith(output: OutputSpec): LoadedSuite {
  return {
    name: "demo",
    canary: false,
    task: { system: "Answer.", output, examples: [] },
    cases: [],
    file: "/nonexistent/demo.yaml",
    dir: "/nonexistent",
    noteFiles: [],
  };
}
