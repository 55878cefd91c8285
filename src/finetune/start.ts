// `tune start` after the plan was confirmed: upload, create the job, saving state after each step.
// A start that fails on the way (the endpoint down, a refused request) leaves `start_failed` with
// what was uploaded, so the next start continues from there and sends nothing twice.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { NotFoundError, type OpenAI } from "openai";
import { endpointFailure } from "./api-errors.js";
import { connect } from "./connect.js";
import { createTuningJob, type FineTuningJob, uploadTrainingFile } from "./jobs.js";
import type { FileCheck, UploadPlan } from "./plan.js";
import { type Project, suiteFlags } from "./project.js";
import { readTuneState, type TuneState, type UploadedFile, writeTuneState } from "./state.js";

const newState = (plan: UploadPlan, files: TuneState["files"]): TuneState => ({
  schema: "tunebench.tune-state/1",
  suites: plan.suites,
  endpoint: plan.endpoint.name,
  model: plan.model,
  jobId: null,
  status: "uploading",
  files,
  suffix: plan.options.suffix ?? null,
  estimatedTokens: plan.estimate.billedTokens,
  lastEventId: null,
  fineTunedModel: null,
  trainedTokens: null,
  error: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("base64");
}

/** The earlier upload of the same bytes, if the endpoint still has it. */
async function earlierUpload(client: OpenAI, earlier: UploadedFile | null, path: string, sha256: string) {
  if (!earlier || earlier.path !== path || earlier.sha256 !== sha256) return null;
  try {
    await client.files.retrieve(earlier.id);
    return earlier;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

export interface Started {
  job: FineTuningJob;
  state: TuneState;
  /** Files a failed start had uploaded, used again instead of sent again. */
  reused: UploadedFile[];
}

/** Uploads the planned files (or reuses a failed start's uploads) and creates the job. */
export async function startJob(project: Project, plan: UploadPlan): Promise<Started> {
  const file = project.files.tuneState;
  const save = (next: TuneState) => writeTuneState(file, next, project.redact);
  const saved = readTuneState(file);
  // Only a start that never created its job, on the same endpoint, left uploads to continue from.
  const earlier = saved && !saved.jobId && saved.endpoint === plan.endpoint.name ? saved.files : null;
  let state = save(newState(plan, earlier ?? { training: null, validation: null }));
  const reused: UploadedFile[] = [];
  let connection: Awaited<ReturnType<typeof connect>> | null = null;
  try {
    connection = await connect(project, plan.endpoint.name, plan.options.simJobSeconds);
    const { client } = connection;
    const upload = async (check: FileCheck, before: UploadedFile | null): Promise<UploadedFile> => {
      const sha256 = await sha256Of(check.path);
      const again = await earlierUpload(client, before, check.path, sha256);
      if (again) {
        reused.push(again);
        return again;
      }
      const uploaded = await uploadTrainingFile(client, check.path);
      return {
        path: check.path,
        id: uploaded.id,
        bytes: uploaded.bytes,
        examples: check.validation.lines,
        sha256,
      };
    };
    const training = await upload(plan.training, earlier?.training ?? null);
    state = save({ ...state, files: { ...state.files, training } });
    const validation = plan.validation ? await upload(plan.validation, earlier?.validation ?? null) : null;
    state = save({ ...state, files: { training, validation } });
    const o = plan.options;
    const job = await createTuningJob(client, {
      model: plan.model,
      trainingFile: training.id,
      validationFile: validation?.id ?? null,
      ...(o.suffix !== undefined ? { suffix: o.suffix } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
      ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
      ...(o.learningRateMultiplier !== undefined ? { learningRateMultiplier: o.learningRateMultiplier } : {}),
    });
    state = save({ ...state, jobId: job.id, status: job.status });
    return { job, state, reused };
  } catch (error) {
    const next = `No job was created; run \`tunebench tune start${suiteFlags(plan.suites)}\` again to continue${state.files.training ? " (the files already uploaded are used again)" : ""}`;
    const explained = endpointFailure(connection?.endpoint ?? plan.endpoint, error, next);
    save({ ...state, status: "start_failed", error: { ...explained.failure, param: null } });
    throw explained.error;
  } finally {
    await connection?.close();
  }
}
