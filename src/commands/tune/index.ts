// `tunebench tune`: one file per subcommand; each imports the fine-tuning code only when it runs.
import type { Command } from "commander";
import { collect } from "../errors.js";
import { registerCancel } from "./cancel.js";
import { registerDeploy } from "./deploy.js";
import { registerEstimate } from "./estimate.js";
import { HELP_FILES, type JobCommand, parseSeconds, SUITE_HELP } from "./helpers.js";
import { registerList } from "./list.js";
import { registerPrepare } from "./prepare.js";
import { registerStart } from "./start.js";
import { registerStatus } from "./status.js";
import { registerValidate } from "./validate.js";
import { registerWait } from "./wait.js";

export function registerTuneCommand(program: Command): void {
  const tune = program
    .command("tune")
    .description("fine-tune a model on the suites' examples: prepare, validate, estimate, start, wait")
    .addHelpText(
      "after",
      `
Walkthrough (offline, on the simulator):
  tunebench tune prepare          # suites -> .tunebench/tune/train.jsonl + valid.jsonl, leakage check
  tunebench tune validate         # format checks, token limits, distributions
  tunebench tune estimate         # tokens, epochs, training cost; cost per call vs prompt and retrieval
  tunebench tune start --yes      # upload, create the job
  tunebench tune wait             # follow it; on success the tuned model is recorded
  tunebench tune deploy           # Azure OpenAI only: deploy the tuned model so it answers
  tunebench run                   # baseline, prompt, retrieval and tuned on the same cases

One model per task: give every step the same --suite (repeatable: one model for a group of suites):
  tunebench tune prepare --suite ticket-triage && tunebench tune start --suite ticket-triage --yes --wait
  tunebench tune list             # the project's tuned models: suites, base, date, cost, status
\`tunebench run\` then serves each suite with the model trained for it (else the project-wide one).
${HELP_FILES}`,
    );

  registerPrepare(tune);
  registerValidate(tune);
  registerEstimate(tune);
  registerStart(tune);

  // wait, status and cancel look at one job: the saved one or the id given.
  const jobCommand: JobCommand = (name, description, help) =>
    tune
      .command(name)
      .description(description)
      .argument("[job-id]", "job id (default: the one in .tunebench/tune/state.json, or the --suite's)")
      .option("-c, --config <file>", "config file", "eval.config.yaml")
      .option("-s, --suite <name>", SUITE_HELP, collect)
      .option("-e, --endpoint <name>", "endpoint of the job (default: the saved one)")
      .option("--sim-job-seconds <s>", "simulator: duration of new jobs", parseSeconds)
      .addHelpText("after", help);
  registerWait(jobCommand);
  registerStatus(jobCommand);
  registerCancel(jobCommand);
  registerList(tune);
  registerDeploy(tune);
}
