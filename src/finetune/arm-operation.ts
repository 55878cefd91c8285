// Azure Resource Manager's long-running operations, as "Track asynchronous Azure operations"
// (learn.microsoft.com/azure/azure-resource-manager/management/async-operations) describes them:
// a 200/201 that carries `Azure-AsyncOperation` is followed by GETs of that URL, whose body's
// `status` is Succeeded, Failed or Canceled once done (with `error: {code, message}` when not),
// anything else while running; `Retry-After` says how long to wait before the next GET.
// "Deployments - Create Or Update" is such an operation ("final-state-via": "azure-async-operation"
// in Microsoft's description, test/vendor); it documents no `Location`, so without the header the
// deployment itself is polled instead.
import { parseRetryAfter, RETRY_AFTER_CAP_MS } from "../model/index.js";

/** States after which nothing changes: an operation's `status` or a resource's provisioningState. */
export const FINAL_STATES: readonly string[] = ["Succeeded", "Failed", "Canceled", "Disabled"];

/** Answers that mean "not now": waited out (Retry-After, else the poll interval), then asked again. */
export const THROTTLED: readonly number[] = [429, 503];

/** What an operation-status GET answers (the fields tunebench reads). */
export interface OperationBody {
  status?: string;
  error?: { code?: string; message?: string };
}

/** The server's Retry-After (seconds or an HTTP date) in ms, capped; undefined when it gave none. */
export function serverWait(headers: Headers): number | undefined {
  const ms = parseRetryAfter(headers);
  return ms === undefined ? undefined : Math.min(ms, RETRY_AFTER_CAP_MS);
}

/**
 * The `Azure-AsyncOperation` URL to follow, or null to poll the resource. The management token is
 * sent there, so only a URL on the host the request went to is followed.
 */
export function operationURL(headers: Headers, requestURL: string): string | null {
  const header = headers.get("azure-asyncoperation");
  if (!header) return null;
  try {
    const url = new URL(header, requestURL);
    return url.origin === new URL(requestURL).origin ? url.href : null;
  } catch {
    return null;
  }
}

/** A failed operation's `error` as `code: message`, on one line. */
export function operationError(body: OperationBody): string | null {
  const { code, message } = body.error ?? {};
  if (!code && !message) return null;
  return [code, message].filter(Boolean).join(": ").replace(/\s+/g, " ").trim();
}
