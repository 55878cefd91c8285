import { summarizeRun } from "../../src/analysis/index.js";
import { type RunOptions, runSuites } from "../../src/run/index.js";

/** A run and its summary table, read back from the log it wrote (as `tunebench run` does). */
export async function runAndSummarize(options: RunOptions) {
  const result = await runSuites(options);
  return { ...result, summary: await summarizeRun(result.dir) };
}
