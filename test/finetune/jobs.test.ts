import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  cancelJob,
  type FineTuningJobEvent,
  openProject,
  planUpload,
  prepareTraining,
  readTuneState,
  startJob,
  TuneError,
  waitForJob,
} from "../../src/finetune/index.js";
import {
  projectLayout,
  readTunedRecord,
  readTunedRecords,
  tunedRecordFile,
} from "../../src/project/index.js";
import { runAndSummarize } from "../helpers/run.js";
import { CLI, spawnCli } from "./cli-helpers.js";
import { tuningProject } from "./project.js";

async function prepared(): Promise<string> {
  const dir = tuningProject();
  await prepareTraining({ config: path.join(dir, "eval.config.yaml"), validShare: 0 });
  return dir;
}

describe("tuning jobs against the simulator, through the openai SDK", () => {
  it("success: upload, job, events, record; then runSuites runs the tuned strategy with the ft: model", async () => {
    const dir = await prepared();
    const project = await openProject(path.join(dir, "eval.config.yaml"));
    const plan = await planUpload(project, { simJobSeconds: 1, suffix: "triage" });
    expect(plan).toMatchObject({
      model: "sim-base",
      endpoint: { name: "sim", simulated: true },
      validation: null,
    });
    expect(plan.training.validation.ok).toBe(true);
    expect(plan.training.pii.total).toBe(0);
    const { job, state } = await startJob(project, plan);
    expect(state).toMatchObject({ jobId: job.id, endpoint: "sim", status: "validating_files" });
    expect(state.files.training?.id).toMatch(/^file-/);

    const events: FineTuningJobEvent[] = [];
    const outcome = await waitForJob(project, { onEvent: (e) => events.push(e) });
    expect(outcome.job.status).toBe("succeeded");
    expect(events[0]?.message).toBe(`Created fine-tuning job: ${job.id}`);
    expect(events.some((e) => e.type === "metrics")).toBe(true);
    expect(events.at(-1)?.message).toBe("The job has successfully completed");
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const record = readTunedRecord(tunedRecordFile(project.layout, job.id));
    expect(readTunedRecords(project.layout)).toEqual([record]);
    expect(outcome.recordFile).toBe(tunedRecordFile(project.layout, job.id));
    expect(record).toMatchObject({
      schema: "tunebench.tuned/1",
      model: outcome.job.fine_tuned_model,
      baseModel: "sim-base",
      endpoint: "sim",
      jobId: job.id,
      suites: null,
      trainedTokens: outcome.job.trained_tokens,
      estimatedTokens: plan.estimate.billedTokens,
    });
    expect(record?.model).toMatch(/^ft:sim-base:tunebench-sim:triage:/);
    // The simulator bills what the estimator predicts (same count, same epoch rule).
    expect(record?.trainedTokens).toBe(plan.estimate.billedTokens);
    expect(record?.trainingCost).toBeCloseTo(((record?.trainedTokens ?? 0) * 3) / 1e6);
    expect(readTuneState(project.layout.tuneState)).toMatchObject({
      status: "succeeded",
      fineTunedModel: record?.model,
    });

    const run = await runAndSummarize({
      config: path.join(dir, "eval.config.yaml"),
      cache: false,
    } as Parameters<typeof runAndSummarize>[0]);
    const tuned = run.header.strategies.find((s) => s.name === "tuned");
    expect(tuned).toMatchObject({ model: record?.model });
    expect(tuned?.unavailable).toBeUndefined();
    const groups = run.summary.groups.filter((g) => g.strategy === "tuned");
    expect(groups.map((g) => g.suite).sort()).toEqual(["canary", "triage"]);
    expect(groups.every((g) => g.model === record?.model && g.errors === 0)).toBe(true);
    const triage = groups.find((g) => g.suite === "triage");
    expect(triage?.format?.rate).toBe(1);
    // The out-of-domain probe: the tuned model answers anyway.
    expect(triage?.hallucination?.rate).toBe(1);
    const trials = readFileSync(path.join(run.dir, "trials.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { strategy?: string; model?: string });
    expect(trials.filter((t) => t.strategy === "tuned").every((t) => t.model === record?.model)).toBe(true);
  }, 30_000);

  it("an invalid training file: refused locally, and with --skip-checks the job fails with an OpenAI-shaped error", async () => {
    const dir = await prepared();
    const project = await openProject(path.join(dir, "eval.config.yaml"));
    const train = project.layout.trainFile;
    writeFileSync(train, readFileSync(train, "utf8").replace('"role":"assistant"', '"role":"bot"'));
    await expect(planUpload(project, {})).rejects.toThrow(TuneError);
    await expect(planUpload(project, {})).rejects.toThrow(/train\.jsonl:1: message has an unrecognised role/);
    const plan = await planUpload(project, { skipChecks: true, simJobSeconds: 0.5 });
    await startJob(project, plan);
    const outcome = await waitForJob(project);
    expect(outcome.job.status).toBe("failed");
    expect(outcome.job.error).toEqual({
      code: "invalid_training_file",
      param: "training_file",
      message: expect.stringMatching(
        /^The job failed due to an invalid training file\. Invalid file format\. Line 1: /,
      ),
    });
    expect(outcome.record).toBeNull();
    expect(readTunedRecords(project.layout)).toEqual([]);
    expect(readTuneState(project.layout.tuneState)).toMatchObject({
      status: "failed",
      error: { code: "invalid_training_file" },
    });
  }, 30_000);

  it("cancel: the job ends cancelled, wait reports it, nothing is recorded; a running job blocks a new start", async () => {
    const dir = await prepared();
    const project = await openProject(path.join(dir, "eval.config.yaml"));
    const { job } = await startJob(project, await planUpload(project, { simJobSeconds: 30 }));
    await expect(planUpload(project, {})).rejects.toThrow(/still validating_files.*tune wait/);
    const cancelled = await cancelJob(project);
    expect(cancelled.job).toMatchObject({ id: job.id, status: "cancelled" });
    expect(readTuneState(project.layout.tuneState)?.status).toBe("cancelled");
    const waited = await waitForJob(project);
    expect(waited.job.status).toBe("cancelled");
    expect(waited.record).toBeNull();
    // Cancelling a finished job reports it as it is.
    expect((await cancelJob(project)).job.status).toBe("cancelled");
    // A finished job no longer blocks a new one.
    await expect(planUpload(project, {})).resolves.toBeDefined();
  }, 30_000);

  it("no saved job: status/wait/cancel say what to do", async () => {
    const project = await openProject(path.join(tuningProject(), "eval.config.yaml"));
    await expect(waitForJob(project)).rejects.toThrow(/run `tunebench tune start` first/);
  });
});

describe("tune wait resumes after the waiting process was killed", () => {
  it.skipIf(!existsSync(CLI))(
    "SIGKILL mid-wait, then `tune wait` again finishes from the last event shown and records the model",
    async () => {
      const dir = await prepared();
      const start = spawnCli(dir, ["tune", "start", "--yes", "--sim-job-seconds", "6"]);
      expect(await start.exit).toBe(0);
      expect(start.out()).toMatch(/created job ftjob-/);

      const first = spawnCli(dir, ["tune", "wait"]);
      const { child } = first;
      // Kill it once it has shown a training step.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no step shown: ${first.out()} ${first.err()}`)),
          15_000,
        );
        child.stdout?.on("data", () => {
          if (/step \d+\/\d+/.test(first.out())) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      // ...and has saved its progress at least once (it prints an event before saving it).
      const layout = projectLayout(dir);
      for (let i = 0; i < 200 && !readTuneState(layout.tuneState)?.lastEventId; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill("SIGKILL");
      await first.exit;
      const saved = readTuneState(layout.tuneState);
      expect(saved?.lastEventId).toMatch(/^ftevent-/);
      expect(["queued", "running"]).toContain(saved?.status);
      expect(readTunedRecords(layout)).toEqual([]);

      const again = spawnCli(dir, ["tune", "wait"]);
      expect(await again.exit).toBe(0);
      const output = again.out();
      expect(output).toMatch(/resuming after the last event shown/);
      // Events shown before the kill are not shown again.
      expect(output).not.toMatch(/Created fine-tuning job/);
      expect(output).toMatch(/The job has successfully completed/);
      expect(output).toMatch(/succeeded/);
      expect(output).toMatch(/tuned: \{ endpoint: sim, model: "ft:sim-base:tunebench-sim::[a-z0-9]+" \}/);
      expect(readTunedRecords(layout)[0]?.model).toMatch(/^ft:sim-base:/);
    },
    40_000,
  );
});
