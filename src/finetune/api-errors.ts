// What a failed files or fine-tuning call says, made safe and useful: every message from the
// endpoint passes the secret scrubber before it is printed or saved, and names the endpoint.
import type { FineTuningJob, FineTuningJobEvent } from "openai/resources/fine-tuning/jobs";
import { type CallError, classifyError, endpointRedactor, type ResolvedEndpoint } from "../model/index.js";
import { TuneError } from "./project.js";

/** The endpoint's key and header values: removed verbatim, whatever their shape (src/model/redact.ts). */
export function scrubFor(endpoint: ResolvedEndpoint, text: string): string {
  return endpointRedactor(endpoint).message(text);
}

/** A job as the endpoint sent it, with its error message scrubbed (it is printed and saved). */
export function scrubJob(endpoint: ResolvedEndpoint, job: FineTuningJob): FineTuningJob {
  return job.error
    ? { ...job, error: { ...job.error, message: scrubFor(endpoint, job.error.message) } }
    : job;
}

export function scrubEvent(endpoint: ResolvedEndpoint, event: FineTuningJobEvent): FineTuningJobEvent {
  return { ...event, message: scrubFor(endpoint, event.message) };
}

/** Why a call failed, for state.json: a code and the scrubbed message. */
export interface CallFailure {
  code: string;
  message: string;
}

// What to check, by the kind of failure.
const ADVICE: Partial<Record<CallError["kind"], string>> = {
  connection: "check that it is running and that its baseURL is right",
  timeout: "try again later",
  auth: "check its API key",
  not_found: "check the id and the endpoint",
  rate_limit: "try again later, or check the quota",
  server: "try again later",
};

/**
 * Turns an error of a call to `endpoint` into a TuneError (exit 2) that names the endpoint, says
 * what to check, then `next` (what state things are in); errors that did not come from the
 * endpoint (bugs, an aborted wait) come back as they are.
 */
export function endpointFailure(
  endpoint: ResolvedEndpoint,
  error: unknown,
  next = "",
): { error: unknown; failure: CallFailure } {
  const call = classifyError(error, endpointRedactor(endpoint));
  const where = `endpoint "${endpoint.name}" at ${endpoint.baseURL}`;
  let message: string;
  if (call.kind === "connection") message = `${where} could not be reached (${call.message})`;
  else if (call.kind === "timeout") message = `${where} did not answer in time (${call.message})`;
  else if (call.status !== undefined) message = `${where} answered ${call.status}: ${call.message}`;
  else {
    const text = error instanceof Error ? error.message : String(error);
    return { error, failure: { code: "error", message: scrubFor(endpoint, text) } };
  }
  const code =
    call.kind === "connection" ? "connection_error" : call.status ? `http_${call.status}` : call.kind;
  const advice = ADVICE[call.kind];
  const text = `${message}${advice ? `; ${advice}` : ""}${next ? `. ${next}` : ""}`;
  return { error: new TuneError(text), failure: { code, message } };
}
