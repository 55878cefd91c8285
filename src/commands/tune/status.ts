import { formatCount } from "../../analysis/format.js";
import { EXIT } from "../errors.js";
import { type JobCommand, type JobFlags, out, tuneAction } from "./helpers.js";
import { eventPrinter, Progress, printOutcome } from "./job-output.js";

async function runStatus(jobId: string | undefined, flags: JobFlags): Promise<number> {
  const { jobStatusOnce, openProject } = await import("../../finetune/index.js");
  const project = await openProject(flags.config, flags.suite);
  const outcome = await jobStatusOnce(project, {
    ...(jobId ? { jobId } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
  });
  const { job, events } = outcome;
  out(`job ${job.id} on endpoint "${outcome.state.endpoint}": ${job.status}`);
  out(
    `  model ${job.model}; created ${new Date(job.created_at * 1000).toISOString()}${job.finished_at ? `; finished ${new Date(job.finished_at * 1000).toISOString()}` : ""}`,
  );
  const h = job.hyperparameters;
  out(
    `  epochs ${h.n_epochs ?? "auto"}, batch size ${h.batch_size ?? "auto"}, learning-rate multiplier ${h.learning_rate_multiplier ?? "auto"}`,
  );
  if (job.trained_tokens !== null && job.trained_tokens !== undefined)
    out(`  trained tokens ${formatCount(job.trained_tokens)}`);
  const recent = events.slice(-5);
  if (recent.length) {
    out(`  latest events (${events.length} in all):`);
    const print = eventPrinter(new Progress());
    for (const e of recent) print(e);
  }
  if (job.status === "failed" || job.status === "cancelled" || job.status === "succeeded")
    printOutcome(outcome, flags.config);
  else out("follow it: tunebench tune wait");
  return EXIT.ok;
}

export function registerStatus(jobCommand: JobCommand): void {
  jobCommand(
    "status",
    "show the job's status, model, tokens, error and latest events; record the model if it succeeded",
    `
Examples:
  tunebench tune status
  tunebench tune status --suite ticket-triage
  tunebench tune status ftjob-abc123 -e openai

Exit codes: 0 shown, 2 no job.`,
  ).action(tuneAction(runStatus));
}
