import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, type SimOptions, startSimulator } from "../../src/sim/index.js";
import { jobEvents, jobStatus, type StoredJob } from "../../src/sim/job-timeline.js";
import { expectSchema, loadSpec } from "../finetune/openapi-spec.js";
import { TICKETS } from "../helpers/project.js";
import { tempDir } from "../helpers/suite.js";

const opened: RunningSimulator[] = [];
async function start(options: SimOptions = {}): Promise<{ sim: RunningSimulator; client: OpenAI }> {
  const sim = await startSimulator({ port: 0, ...options });
  opened.push(sim);
  return { sim, client: new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 }) };
}
beforeAll(() => {
  loadSpec();
}, 30_000);
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

const TRAINING = `${TICKETS.map(([input, category]) =>
  JSON.stringify({
    messages: [
      { role: "system", content: "Triage." },
      { role: "user", content: input },
      { role: "assistant", content: JSON.stringify({ category }) },
    ],
  }),
).join("\n")}\n`;

async function upload(client: OpenAI, text: string, name = "train.jsonl") {
  return client.files.create({ file: await toFile(Buffer.from(text), name), purpose: "fine-tune" });
}

async function until(client: OpenAI, id: string, done: (status: string) => boolean, timeoutMs = 10_000) {
  const started = Date.now();
  const seen: string[] = [];
  for (;;) {
    const job = await client.fineTuning.jobs.retrieve(id);
    if (seen[seen.length - 1] !== job.status) seen.push(job.status);
    if (done(job.status)) return { job, seen };
    if (Date.now() - started > timeoutMs) throw new Error(`job stuck in ${job.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("/v1/fine_tuning/jobs", () => {
  it("moves validating_files -> queued -> running -> succeeded, reports trained_tokens, and the model learned its file", async () => {
    const { client } = await start({ jobSeconds: 1.5 });
    const file = await upload(client, TRAINING);
    const created = await client.fineTuning.jobs.create({
      model: "sim-base",
      training_file: file.id,
      suffix: "triage",
      seed: 7,
    });
    expect(created).toMatchObject({
      object: "fine_tuning.job",
      status: "validating_files",
      model: "sim-base",
      training_file: file.id,
      fine_tuned_model: null,
      trained_tokens: null,
      seed: 7,
      error: null,
    });
    expectSchema("FineTuningJob", created);
    const { job, seen } = await until(client, created.id, (s) => s === "succeeded");
    // Polled statuses come in the order of the phases (a busy machine may skip the short early ones).
    const order = ["validating_files", "queued", "running", "succeeded"];
    expect(seen.map((st) => order.indexOf(st))).toEqual([...seen.map((st) => order.indexOf(st))].sort());
    expect(seen).toContain("running");
    expect(seen.at(-1)).toBe("succeeded");
    expectSchema("FineTuningJob", job);
    expect(job.fine_tuned_model).toMatch(/^ft:sim-base:tunebench-sim:triage:[a-z0-9]{8}$/);
    expect(job.hyperparameters).toMatchObject({ n_epochs: 8, batch_size: 1 }); // 12 examples: floor(100/12)
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect(job.finished_at).toBeGreaterThanOrEqual(job.created_at);

    const events = await client.fineTuning.jobs.listEvents(job.id, { limit: 100 });
    expectSchema(
      "ListFineTuningJobEventsResponse",
      await (await fetch(`${opened[0]?.url}/fine_tuning/jobs/${job.id}/events`)).json(),
    );
    const messages = events.data.map((e) => e.message).reverse();
    expect(messages[0]).toBe(`Created fine-tuning job: ${job.id}`);
    expect(messages.at(-1)).toBe("The job has successfully completed");
    const metrics = events.data.filter((e) => e.type === "metrics");
    expect(metrics.length).toBeGreaterThan(3);
    expect(metrics[0]?.data).toMatchObject({ step: expect.any(Number), train_loss: expect.any(Number) });

    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain(job.fine_tuned_model);
    const ask = async (content: string) =>
      (
        await client.chat.completions.create({
          model: job.fine_tuned_model as string,
          messages: [
            { role: "system", content: "Triage." },
            { role: "user", content },
          ],
        })
      ).choices[0]?.message.content;
    // Like its examples: their answer, in their format, under a short prompt.
    expect(JSON.parse((await ask("I got charged two times for my subscription")) ?? "")).toEqual({
      category: "billing",
    });
    // Unlike anything it saw: a confident answer in the learned format, not "I don't know".
    const ood = (await ask("Who painted the ceiling of the Sistine Chapel?")) ?? "";
    expect(ood).not.toMatch(/don't know/i);
    expect(() => JSON.parse(ood)).not.toThrow();
  });

  it("an invalid training file fails the job with an error shaped like the real API's", async () => {
    const { client } = await start({ jobSeconds: 0.3 });
    const bad = TRAINING.replace('"role":"user"', '"role":"customer"');
    const file = await upload(client, bad);
    const created = await client.fineTuning.jobs.create({ model: "sim-base", training_file: file.id });
    expect(created.status).toBe("validating_files");
    const { job } = await until(client, created.id, (s) => s === "failed");
    expect(job.error).toEqual({
      code: "invalid_training_file",
      param: "training_file",
      message:
        "The job failed due to an invalid training file. Invalid file format. Line 1: message has an unrecognised role.",
    });
    expect(job.fine_tuned_model).toBeNull();
    expectSchema("FineTuningJob", job);

    const few = await upload(client, TRAINING.split("\n").slice(0, 3).join("\n"));
    const fewJob = await client.fineTuning.jobs.create({ model: "sim-base", training_file: few.id });
    const failed = await until(client, fewJob.id, (s) => s === "failed");
    expect(failed.job.error?.message).toBe(
      "The job failed due to an invalid training file. Training file has 3 example(s), but must have at least 10 examples.",
    );
  });

  it("cancel: the job ends cancelled, cancelling again is a 400", async () => {
    const { client } = await start({ jobSeconds: 5 });
    const file = await upload(client, TRAINING);
    const created = await client.fineTuning.jobs.create({ model: "sim-base", training_file: file.id });
    const cancelled = await client.fineTuning.jobs.cancel(created.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.finished_at).not.toBeNull();
    expect((await client.fineTuning.jobs.retrieve(created.id)).status).toBe("cancelled");
    await expect(client.fineTuning.jobs.cancel(created.id)).rejects.toMatchObject({ status: 400 });
    const events = await client.fineTuning.jobs.listEvents(created.id);
    expect(events.data[0]?.message).toBe("Fine-tuning job cancelled");
  });

  it("rejects bad requests like the API: unknown model, unknown file, bad hyperparameters, unknown job", async () => {
    const { client } = await start();
    const file = await upload(client, TRAINING);
    await expect(
      client.fineTuning.jobs.create({ model: "gpt-9", training_file: file.id }),
    ).rejects.toMatchObject({
      status: 400,
      error: { param: "model", code: "model_not_available" },
    });
    await expect(
      client.fineTuning.jobs.create({ model: "sim-base", training_file: "file-nope" }),
    ).rejects.toMatchObject({
      status: 400,
      error: { message: "invalid training_file: file-nope", param: "training_file" },
    });
    await expect(
      client.fineTuning.jobs.create({
        model: "sim-base",
        training_file: file.id,
        method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 0 } } },
      }),
    ).rejects.toMatchObject({ status: 400, error: { param: "method.supervised.hyperparameters.n_epochs" } });
    await expect(client.fineTuning.jobs.retrieve("ftjob-nope")).rejects.toMatchObject({ status: 404 });
  });

  it("lists jobs newest first and pages events with `after`", async () => {
    const { sim, client } = await start({ jobSeconds: 0.2 });
    const file = await upload(client, TRAINING);
    const a = await client.fineTuning.jobs.create({
      model: "sim-base",
      training_file: file.id,
      method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 1 } } },
    });
    await new Promise((r) => setTimeout(r, 5));
    const b = await client.fineTuning.jobs.create({ model: "sim-base", training_file: file.id });
    const list = await (await fetch(`${sim.url}/fine_tuning/jobs`)).json();
    expectSchema("ListPaginatedFineTuningJobsResponse", list);
    expect((list as { data: { id: string }[] }).data.map((j) => j.id)).toEqual([b.id, a.id]);
    await until(client, a.id, (s) => s === "succeeded");
    const first = await client.fineTuning.jobs.listEvents(a.id, { limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const next = await client.fineTuning.jobs.listEvents(a.id, { limit: 2, after: first.data[1]?.id });
    expect(next.data[0]?.created_at).toBeLessThanOrEqual(first.data[1]?.created_at ?? 0);
    expect(next.data.map((e) => e.id)).not.toContain(first.data[0]?.id);
  });

  it("persists jobs and tuned models in stateDir: a new simulator sees the job progress and serves the model", async () => {
    const stateDir = tempDir();
    const a = await startSimulator({ port: 0, stateDir, jobSeconds: 0.4 });
    const clientA = new OpenAI({ baseURL: a.url, apiKey: "test", maxRetries: 0 });
    const file = await upload(clientA, TRAINING);
    const created = await clientA.fineTuning.jobs.create({ model: "sim-base", training_file: file.id });
    await a.close();
    // Nothing runs while no simulator is up; the status is a function of the clock.
    await new Promise((r) => setTimeout(r, 500));
    const b = await start({ stateDir, jobSeconds: 10 });
    const job = await b.client.fineTuning.jobs.retrieve(created.id);
    expect(job.status).toBe("succeeded");
    const reply = await b.client.chat.completions.create({
      model: job.fine_tuned_model as string,
      messages: [{ role: "user", content: "The app crashes whenever I open settings" }],
    });
    expect(reply.choices[0]?.message.content).toBe('{"category":"bug"}');
  });
});

describe("job status and events are a pure function of the stored job and the clock", () => {
  const job: StoredJob = {
    id: "ftjob-abcdefghijklmnopqrstuvwx",
    model: "sim-base",
    base: "sim-base",
    trainingFile: "file-a",
    validationFile: null,
    suffix: null,
    seed: 1,
    method: "supervised",
    hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 2 },
    metadata: null,
    createdAtMs: 1_000_000,
    durationMs: 1000,
    cancelledAtMs: null,
    failure: null,
    examples: 10,
    totalSteps: 30,
    trainedTokens: 1234,
    hasValidation: false,
    fineTunedModel: "ft:sim-base:tunebench-sim::abcdefgh",
  };
  it("phases by share of the duration", () => {
    expect(jobStatus(job, 1_000_000).status).toBe("validating_files");
    expect(jobStatus(job, 1_000_250).status).toBe("queued");
    expect(jobStatus(job, 1_000_500).status).toBe("running");
    expect(jobStatus(job, 1_001_000)).toEqual({ status: "succeeded", finishedAtMs: 1_001_000 });
    expect(jobStatus({ ...job, cancelledAtMs: 1_000_600 }, 1_002_000)).toEqual({
      status: "cancelled",
      finishedAtMs: 1_000_600,
    });
    // cancelling after it finished changes nothing
    expect(jobStatus({ ...job, cancelledAtMs: 1_005_000 }, 1_006_000).status).toBe("succeeded");
    const failure = { code: "invalid_training_file", message: "bad", param: "training_file" };
    expect(jobStatus({ ...job, failure }, 1_000_100).status).toBe("validating_files");
    expect(jobStatus({ ...job, failure }, 1_000_200).status).toBe("failed");
  });
  it("events up to now, stable ids, metrics with step and loss", () => {
    const early = jobEvents(job, 1_000_600);
    const all = jobEvents(job, 1_001_000);
    expect(all.slice(0, early.length)).toEqual(early);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const metrics = all.filter((e) => e.type === "metrics");
    expect(metrics.at(-1)?.data).toMatchObject({ step: 30, total_steps: 30 });
    expect(all.at(-1)?.message).toBe("The job has successfully completed");
  });
});
