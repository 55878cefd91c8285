#!/usr/bin/env node
// Thin on purpose: parse argv, hand over to a command. Commands import the library lazily so
// `tunebench --version` and `--help` start fast.
// First: the heap setting applies to everything the command loads.
import "./heap.js";
// Then: what the commands load lazily (most of what a run loads) reuses compiled code; the static
// imports below are compiled before this runs.
import "./compile-cache.js";
import { createRequire } from "node:module";
import { Command } from "commander";
import { registerBaselineCommand } from "./commands/baseline.js";
import { registerCacheCommand } from "./commands/cache.js";
import { registerCompareCommand } from "./commands/compare.js";
import { registerImportCommand } from "./commands/import.js";
import { registerInitCommand } from "./commands/init.js";
import { registerMergeCommand } from "./commands/merge.js";
import { registerPlanCommand } from "./commands/plan.js";
import { registerRecordCommand } from "./commands/record.js";
import { registerReportCommand } from "./commands/report.js";
import { registerRescoreCommand } from "./commands/rescore.js";
import { registerRunCommand } from "./commands/run.js";
import { registerRunsCommand } from "./commands/runs.js";
import { registerSimCommand } from "./commands/sim.js";
import { registerTuneCommand } from "./commands/tune/index.js";
import { unknownCommand } from "./commands/unknown-command.js";
import { registerValidateCommand } from "./commands/validate.js";

// A reader that closes the pipe early (`tunebench runs | head -1`) wants no more output; the
// command still finishes (a run its log), writing the rest nowhere, and keeps its exit code.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const program = new Command("tunebench")
  .description(
    "Is a few-shot prompt, retrieval over notes, or a fine-tuned model the better and cheaper choice?",
  )
  .version(version)
  .showHelpAfterError("(run with --help for usage)")
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument) are bad input: exit 2.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

registerInitCommand(program);
registerImportCommand(program);
registerRunCommand(program);
registerRunsCommand(program);
registerBaselineCommand(program);
registerReportCommand(program);
registerCompareCommand(program);
registerPlanCommand(program);
registerRescoreCommand(program);
registerMergeCommand(program);
registerRecordCommand(program);
registerValidateCommand(program);
registerSimCommand(program);
registerTuneCommand(program);
registerCacheCommand(program);

const unknown = unknownCommand(program, process.argv.slice(2));
if (unknown) {
  process.stderr.write(`tunebench: ${unknown}\n`);
  process.exit(2);
}
await program.parseAsync(process.argv);
