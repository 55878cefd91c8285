// Everything `tune start` checks and shows before data leaves the machine.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isBuiltinSim, resolveEndpoint } from "../endpoints/index.js";
import type { ResolvedEndpoint } from "../model/index.js";
import { type ValidationResult, validateTrainingFile } from "../training/index.js";
import { estimateFromValidation, type TrainingEstimate } from "./estimate.js";
import { type Auto, isTerminal } from "./jobs.js";
import { type PiiReport, scanPii } from "./pii.js";
import {
  defaultEndpoint,
  defaultModel,
  type Project,
  type ProjectOptions,
  suiteFlags,
  TuneError,
} from "./project.js";
import { readTuneState } from "./state.js";

export interface FileCheck {
  path: string;
  bytes: number;
  validation: ValidationResult;
  pii: PiiReport;
}

export interface StartOptions extends ProjectOptions {
  /** Default .tunebench/tune/train.jsonl. */
  train?: string;
  /** Default .tunebench/tune/valid.jsonl when it exists; null for none. */
  valid?: string | null;
  endpoint?: string;
  model?: string;
  suffix?: string;
  seed?: number;
  epochs?: Auto<number>;
  batchSize?: Auto<number>;
  learningRateMultiplier?: Auto<number>;
  /** Per-example token limit override for the checks and the estimate. */
  maxTokens?: number;
  /** Upload even when the local checks find errors (the provider will reject the file). */
  skipChecks?: boolean;
}

/** Everything shown before data leaves the machine. */
export interface UploadPlan {
  /** The suites the model is for (the project's `--suite`); null: project-wide. */
  suites: string[] | null;
  endpoint: ResolvedEndpoint;
  model: string;
  training: FileCheck;
  validation: FileCheck | null;
  estimate: TrainingEstimate;
  options: StartOptions;
}

async function checkFile(file: string, model: string, maxTokens?: number): Promise<FileCheck> {
  const validation = await validateTrainingFile(file, { model, ...(maxTokens ? { maxTokens } : {}) });
  const bytes = statSync(file).size;
  return { path: file, bytes, validation, pii: scanPii(readFileSync(file, "utf8")) };
}

/** The first error of a file that must not be uploaded, as one line naming file:line. */
function refusal(check: FileCheck, isValidation: boolean): TuneError | null {
  // A validation file may be small.
  const errors = check.validation.errors.filter((e) => !(isValidation && e.code === "too_few_examples"));
  const first = errors[0];
  if (!first) return null;
  const file = path.relative(process.cwd(), check.path);
  return new TuneError(
    `${file}${first.lines[0] ? `:${first.lines[0]}` : ""}: ${first.title}${
      errors.length > 1 ? ` (and ${errors.length - 1} more kinds of error)` : ""
    }; see \`tunebench tune validate ${file}\``,
  );
}

/** Validates, estimates and scans the files; throws TuneError when they must not be uploaded. */
export async function planUpload(project: Project, options: StartOptions): Promise<UploadPlan> {
  const state = readTuneState(project.files.tuneState);
  if (state?.jobId && !isTerminal(state.status)) {
    const flags = suiteFlags(project.suites);
    throw new TuneError(
      `job ${state.jobId} is still ${state.status}: \`tunebench tune wait${flags}\` follows it, \`tunebench tune cancel${flags}\` stops it`,
    );
  }
  const train = path.resolve(options.train ?? project.files.trainFile);
  const defaultValid = project.files.validFile;
  const valid =
    options.valid === null
      ? null
      : options.valid !== undefined
        ? path.resolve(options.valid)
        : options.train === undefined && existsSync(defaultValid)
          ? defaultValid
          : null;
  const endpointName = options.endpoint ?? defaultEndpoint(project);
  const model = options.model ?? defaultModel(project, endpointName);
  const training = await checkFile(train, model, options.maxTokens);
  const validation = valid ? await checkFile(valid, model, options.maxTokens) : null;
  if (!options.skipChecks) {
    const refused = refusal(training, false) ?? (validation && refusal(validation, true));
    if (refused) throw refused;
  }
  const epochs = typeof options.epochs === "number" ? options.epochs : undefined;
  const estimate = estimateFromValidation(training.validation, {
    model,
    prices: project.loaded.config.prices,
    ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
  });
  // Resolving the endpoint here fails early on a missing key, before anything is asked.
  const endpoint = isBuiltinSim(endpointName, project.loaded)
    ? { name: "sim", baseURL: "(in-process simulator)", apiKey: "sim", headers: {}, simulated: true }
    : resolveEndpoint(endpointName, project.loaded.config);
  return { suites: project.suites, endpoint, model, training, validation, estimate, options };
}
