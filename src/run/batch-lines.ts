// The Batch API's JSONL lines as tunebench writes and reads them: one request line per trial,
// named by the trial (custom_id), and what an output or error line says happened to it.
import { APIError } from "openai";
import { type ChatRequest, chatParams, completionResponse } from "../model/index.js";
import { trialKey } from "../runlog/index.js";
import type { CallOutcome } from "./execute.js";
import type { PlannedTrial } from "./plan.js";

export const BATCH_ENDPOINT = "/v1/chat/completions";

/** A trial's custom_id: readable, unique in a run, and the trial's key again when read back. */
function customId(t: PlannedTrial): string {
  return JSON.stringify([t.suite.name, t.testCase.id, t.strategy.name, t.repeat]);
}

/** The trial key a custom_id names, or null for one tunebench did not write. */
export function keyOfCustomId(id: unknown): string | null {
  try {
    const [suite, caseId, strategy, repeat] = JSON.parse(String(id)) as [string, string, string, number];
    if ([suite, caseId, strategy].some((v) => typeof v !== "string") || !Number.isInteger(repeat))
      return null;
    return trialKey({ suite, caseId, strategy, repeat });
  } catch {
    return null;
  }
}

export function requestLine(t: PlannedTrial, request: ChatRequest): string {
  return JSON.stringify({
    custom_id: customId(t),
    method: "POST",
    url: BATCH_ENDPOINT,
    body: chatParams(request),
  });
}

interface ResultLine {
  custom_id?: unknown;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

/** What one line of a batch's output or error file says about its trial. */
export function readResultLine(text: string, model: string): { key: string | null; outcome: CallOutcome } {
  let line: ResultLine;
  try {
    line = JSON.parse(text) as ResultLine;
  } catch {
    return { key: null, outcome: { error: new Error("a batch result line that is not JSON") } };
  }
  const key = keyOfCustomId(line.custom_id);
  const status = line.response?.status_code;
  try {
    if (status === 200 && !line.error)
      return { key, outcome: { response: completionResponse(line.response?.body, model, 0) } };
  } catch (error) {
    return { key, outcome: { error } };
  }
  const body = line.response?.body as { error?: { message?: string } } | undefined;
  const message =
    body?.error?.message ?? line.error?.message ?? `batch request failed (${line.error?.code ?? status})`;
  // The SDK's own error for that status, so it is classified as a synchronous failure would be.
  return {
    key,
    outcome: {
      error: APIError.generate(status ?? 500, body?.error ?? line.error ?? undefined, message, new Headers()),
    },
  };
}
