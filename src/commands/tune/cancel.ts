import { EXIT } from "../errors.js";
import { type JobCommand, type JobFlags, out, tuneAction } from "./helpers.js";

async function runCancel(jobId: string | undefined, flags: JobFlags): Promise<number> {
  const { cancelJob, openProject } = await import("../../finetune/index.js");
  const project = await openProject(flags.config, flags.suite);
  const { job } = await cancelJob(project, {
    ...(jobId ? { jobId } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
  });
  if (job.status === "cancelled") out(`cancelled job ${job.id}`);
  else out(`job ${job.id} had already ${job.status}; nothing to cancel`);
  return EXIT.ok;
}

export function registerCancel(jobCommand: JobCommand): void {
  jobCommand(
    "cancel",
    "cancel the job",
    `
Examples:
  tunebench tune cancel
  tunebench tune cancel --suite ticket-triage
  tunebench tune cancel ftjob-abc123 -e openai

Exit codes: 0 cancelled (or already finished: said so), 2 no job.`,
  ).action(tuneAction(runCancel));
}
