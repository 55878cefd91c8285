import { suiteFlags } from "../../project/index.js";
import { err, type JobCommand, type JobFlags, out, tuneAction } from "./helpers.js";
import { eventPrinter, Progress, printOutcome } from "./job-output.js";

/** Follows the job until it ends; Ctrl-C stops following (exit 130), the job keeps running. */
export async function runWait(jobId: string | undefined, flags: JobFlags): Promise<number> {
  // First of all, so a Ctrl-C while the config loads is handled too.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  try {
    return await follow(jobId, flags, controller);
  } finally {
    process.off("SIGINT", stop);
  }
}

/** The command that continues this wait: the same job, endpoint and config. */
function continueCommand(jobId: string | undefined, flags: JobFlags): string {
  const config = flags.config === "eval.config.yaml" ? "" : ` -c ${flags.config}`;
  return `tunebench tune wait${jobId ? ` ${jobId}` : ""}${suiteFlags(flags.suite)}${flags.endpoint ? ` -e ${flags.endpoint}` : ""}${config}`;
}

async function follow(
  jobId: string | undefined,
  flags: JobFlags,
  controller: AbortController,
): Promise<number> {
  const progress = new Progress();
  const stopped = () => {
    progress.clear();
    err(
      `stopped waiting; the job keeps running. \`${continueCommand(jobId, flags)}\` picks up where this left off.`,
    );
    return 130;
  };
  const { openProject, waitForJob, readTuneState } = await import("../../finetune/index.js");
  const project = await openProject(flags.config, flags.suite);
  if (controller.signal.aborted) return stopped();
  const saved = readTuneState(project.files.tuneState);
  const id = jobId ?? saved?.jobId;
  if (id)
    out(
      `following job ${id}${saved?.lastEventId && (!jobId || jobId === saved.jobId) ? " (resuming after the last event shown)" : ""}`,
    );
  try {
    const outcome = await waitForJob(project, {
      ...(jobId ? { jobId } : {}),
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      ...(flags.simJobSeconds ? { simJobSeconds: flags.simJobSeconds } : {}),
      onEvent: eventPrinter(progress),
      onPoll: (job) => progress.show(job),
      signal: controller.signal,
    });
    progress.clear();
    return printOutcome(outcome, flags.config);
  } catch (error) {
    progress.clear();
    if (controller.signal.aborted) return stopped();
    throw error;
  }
}

export function registerWait(jobCommand: JobCommand): void {
  jobCommand(
    "wait",
    "follow the job (events, step, train loss) until it ends; record the tuned model on success",
    `
Resumes after the last event shown, so a wait stopped by Ctrl-C or a crash picks up again.
Polls with backoff (0.5 s to 10 s; 0.1 s to 1 s on the simulator).

Examples:
  tunebench tune wait
  tunebench tune wait --suite ticket-triage
  tunebench tune wait ftjob-abc123 -e openai

Exit codes: 0 succeeded (model recorded), 1 failed or cancelled, 2 no job, 130 stopped by Ctrl-C.`,
  ).action(tuneAction(async (jobId: string | undefined, flags: JobFlags) => runWait(jobId, flags)));
}
