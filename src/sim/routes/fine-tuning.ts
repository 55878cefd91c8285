import { badRequest, SimError } from "../errors.js";
import { type Hyper, jobEvents, jobStatus } from "../job-timeline.js";
import { jsonObject, type Route } from "../router.js";
import type { JobRequest } from "../tuning.js";
import { tuningStore } from "./files.js";
import { limitParam, pageAfter } from "./paging.js";

const invalid = (message: string, param: string, code = "invalid_value") =>
  new SimError(400, message, "invalid_request_error", param, code);

const jobNotFound = (id: string) =>
  new SimError(
    404,
    `Could not find fine-tune job: ${id}`,
    "invalid_request_error",
    "fine_tune_id",
    "fine_tune_not_found",
  );

function hyper(value: unknown, param: string, ok: (n: number) => boolean, expects: string): Hyper {
  if (value === undefined || value === null || value === "auto") return "auto";
  if (typeof value === "number" && ok(value)) return value;
  throw invalid(
    `Invalid value for '${param}': expected 'auto' or ${expects}, got ${JSON.stringify(value)}.`,
    param,
  );
}

function hyperparameters(raw: unknown, prefix: string): JobRequest["hyperparameters"] {
  const h = (raw ?? {}) as Record<string, unknown>;
  if (typeof h !== "object" || Array.isArray(h))
    throw invalid(`'${prefix}' must be an object.`, prefix, "invalid_type");
  return {
    n_epochs: hyper(
      h.n_epochs,
      `${prefix}.n_epochs`,
      (n) => Number.isInteger(n) && n >= 1 && n <= 50,
      "an integer from 1 to 50",
    ),
    batch_size: hyper(
      h.batch_size,
      `${prefix}.batch_size`,
      (n) => Number.isInteger(n) && n >= 1 && n <= 256,
      "an integer from 1 to 256",
    ),
    learning_rate_multiplier: hyper(
      h.learning_rate_multiplier,
      `${prefix}.learning_rate_multiplier`,
      (n) => Number.isFinite(n) && n > 0,
      "a number above 0",
    ),
  };
}

function pageParams(query: URLSearchParams, fallback: number): { after: string | null; limit: number } {
  return { after: query.get("after"), limit: limitParam(query, fallback, 100) };
}

export const fineTuningRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/fine_tuning/jobs",
    handle(request, context) {
      const body = jsonObject(request);
      const store = tuningStore(context);
      if (typeof body.model !== "string" || body.model === "") {
        throw invalid("Missing required parameter: 'model'.", "model", "missing_required_parameter");
      }
      const model = context.models.get(body.model);
      if (model?.kind !== "chat") {
        throw invalid(
          `Model ${body.model} is not available for fine-tuning or does not exist.`,
          "model",
          "model_not_available",
        );
      }
      if (typeof body.training_file !== "string" || body.training_file === "") {
        throw invalid(
          "Missing required parameter: 'training_file'.",
          "training_file",
          "missing_required_parameter",
        );
      }
      const fileFor = (id: unknown, param: "training_file" | "validation_file") => {
        const file = typeof id === "string" ? store.getFile(id) : undefined;
        if (!file)
          throw new SimError(400, `invalid ${param}: ${String(id)}`, "invalid_request_error", param, null);
        if (file.purpose !== "fine-tune") {
          throw invalid(
            `File ${file.id} has purpose '${file.purpose}'; fine-tuning needs purpose 'fine-tune'.`,
            param,
          );
        }
        return file;
      };
      const trainingFile = fileFor(body.training_file, "training_file");
      const validationFile =
        body.validation_file === undefined || body.validation_file === null
          ? null
          : fileFor(body.validation_file, "validation_file");
      let suffix: string | null = null;
      if (body.suffix !== undefined && body.suffix !== null) {
        if (
          typeof body.suffix !== "string" ||
          body.suffix.length < 1 ||
          body.suffix.length > 64 ||
          !/^[A-Za-z0-9_-]+$/.test(body.suffix)
        ) {
          throw invalid("'suffix' must be 1 to 64 letters, digits, '-' or '_'.", "suffix");
        }
        suffix = body.suffix;
      }
      let seed: number | null = null;
      if (body.seed !== undefined && body.seed !== null) {
        if (
          !Number.isInteger(body.seed) ||
          (body.seed as number) < 0 ||
          (body.seed as number) > 2_147_483_647
        ) {
          throw invalid("'seed' must be an integer from 0 to 2147483647.", "seed");
        }
        seed = body.seed as number;
      }
      let method: "supervised" | "dpo" = "supervised";
      let hyper = hyperparameters(body.hyperparameters, "hyperparameters");
      if (body.method !== undefined && body.method !== null) {
        const m = body.method as Record<string, unknown>;
        if (m.type !== "supervised" && m.type !== "dpo") {
          throw invalid(
            `Invalid value for 'method.type': ${JSON.stringify(m.type)}; the simulator supports 'supervised' and 'dpo'.`,
            "method.type",
          );
        }
        method = m.type;
        const settings = (m[method] ?? {}) as Record<string, unknown>;
        if (settings.hyperparameters !== undefined) {
          hyper = hyperparameters(settings.hyperparameters, `method.${method}.hyperparameters`);
        }
      }
      const metadata =
        body.metadata && typeof body.metadata === "object" ? (body.metadata as Record<string, string>) : null;
      const job = store.createJob({
        model: body.model,
        base: model.base ?? model.id,
        prior: model.training ?? [],
        trainingFile,
        validationFile,
        suffix,
        seed,
        method,
        hyperparameters: hyper,
        metadata,
      });
      return { json: store.jobObject(job) };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs",
    handle(request, context) {
      const store = tuningStore(context);
      const { after, limit } = pageParams(request.query, 20);
      const now = store.now;
      const result = pageAfter(store.listJobs(), after, limit);
      return {
        json: {
          object: "list",
          data: result.data.map((j) => store.jobObject(j, now)),
          has_more: result.has_more,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs/:id",
    handle(request, context) {
      const store = tuningStore(context);
      const job = store.getJob(request.params.id ?? "");
      if (!job) throw jobNotFound(request.params.id ?? "");
      return { json: store.jobObject(job) };
    },
  },
  {
    method: "POST",
    path: "/v1/fine_tuning/jobs/:id/cancel",
    handle(request, context) {
      const store = tuningStore(context);
      const outcome = store.cancelJob(request.params.id ?? "");
      if (!outcome) throw jobNotFound(request.params.id ?? "");
      if (!outcome.cancelled) {
        const { status } = jobStatus(outcome.job, store.now);
        throw badRequest(
          `Job ${outcome.job.id} has already ${status === "cancelled" ? "been cancelled" : status}; it cannot be cancelled.`,
        );
      }
      return { json: store.jobObject(outcome.job) };
    },
  },
  {
    method: "GET",
    path: "/v1/fine_tuning/jobs/:id/events",
    handle(request, context) {
      const store = tuningStore(context);
      const job = store.getJob(request.params.id ?? "");
      if (!job) throw jobNotFound(request.params.id ?? "");
      const { after, limit } = pageParams(request.query, 20);
      const events = jobEvents(job, store.now).reverse();
      const result = pageAfter(events, after, limit);
      return {
        json: {
          object: "list",
          data: result.data.map((e) => ({
            object: "fine_tuning.job.event",
            id: e.id,
            created_at: Math.floor(e.atMs / 1000),
            level: e.level,
            message: e.message,
            data: e.data,
            type: e.type,
          })),
          has_more: result.has_more,
        },
      };
    },
  },
];
