// `tune deploy`: on Azure OpenAI a tuned model answers only once deployed. The deployment is made
// through Azure Resource Manager (Microsoft.CognitiveServices, api-version 2024-10-01: "Deployments
// - Create Or Update", then its Azure-AsyncOperation until done, else "Deployments - Get" until
// provisioningState is final; see arm-operation.ts), and its name is kept in the job's tuned-model
// record, which the tuned strategy then calls as the model.
import { setTimeout as sleep } from "node:timers/promises";
import {
  readTunedRecord,
  type TunedModelRecord,
  tunedRecordFile,
  writeTunedRecord,
} from "../project/index.js";
import {
  FINAL_STATES,
  type OperationBody,
  operationError,
  operationURL,
  serverWait,
  THROTTLED,
} from "./arm-operation.js";
import { type Project, suiteFlags, TuneError } from "./project.js";
import { readTuneState } from "./state.js";

/** The management API version whose request shape tunebench sends (test/vendor has its excerpt). */
export const AZURE_MANAGEMENT_API_VERSION = "2024-10-01";
const MANAGEMENT_URL = "https://management.azure.com";

/** The provider ran the deployment and it failed: exit 1, with its (redacted) message. */
export class DeployFailedError extends Error {
  override readonly name = "DeployFailedError";
}

export interface DeployOptions {
  jobId?: string;
  /** Deployment name (default: derived from the suites and the job). */
  deployment?: string;
  signal?: AbortSignal;
  /** Gives up after this long (default 30 min). */
  timeoutMs?: number;
  /** Each state before a poll: provisioningState, then the operation's status when Azure gives one. */
  onPoll?: (state: string) => void;
  /** Waits between polls (default a timer the signal cancels); tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Deployed {
  record: TunedModelRecord;
  recordFile: string;
}

/** `tb-<suites or project>-<job>`, in the characters and length Azure allows a deployment name. */
export function deploymentName(record: TunedModelRecord): string {
  const name = `tb-${record.suites?.join("-") ?? "project"}-${record.jobId}`;
  return name.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 64);
}

/** The succeeded job's record: `--job`, else the tuning's saved job. */
function recordFor(project: Project, jobId?: string): { record: TunedModelRecord; file: string } {
  const id = jobId ?? readTuneState(project.files.tuneState)?.jobId;
  const file = id ? tunedRecordFile(project.layout, id) : null;
  const record = file ? readTunedRecord(file) : null;
  if (!record || !file)
    throw new TuneError(
      `no succeeded tuning job${id ? ` ${id}` : ""} recorded: run \`tunebench tune wait${suiteFlags(project.suites)}\` until it succeeds, then deploy`,
    );
  return { record, file };
}

/** The deployment's management URL and bearer token, from the endpoint's `azure:` block. */
function target(project: Project, record: TunedModelRecord, deployment: string) {
  const endpoint = project.loaded.config.endpoints[record.endpoint];
  const azure = endpoint?.azure;
  const at = `endpoints.${record.endpoint}`;
  if (!azure)
    throw new TuneError(`${at} is not an Azure OpenAI endpoint (no azure: block): nothing to deploy`);
  const missing = (["subscription", "resourceGroup", "account", "tokenEnv"] as const).filter(
    (k) => !azure[k],
  );
  if (missing.length)
    throw new TuneError(
      `${at}.azure needs ${missing.join(", ")} to deploy (see \`tunebench tune deploy --help\`)`,
    );
  const token = process.env[azure.tokenEnv as string];
  if (!token)
    throw new TuneError(
      `${azure.tokenEnv} is not set: put a management token in it (az account get-access-token --query accessToken -o tsv)`,
    );
  const base = (azure.managementURL ?? MANAGEMENT_URL).replace(/\/$/, "");
  const seg = (s: string | undefined) => encodeURIComponent(s ?? "");
  const url = `${base}/subscriptions/${seg(azure.subscription)}/resourceGroups/${seg(azure.resourceGroup)}/providers/Microsoft.CognitiveServices/accounts/${seg(azure.account)}/deployments/${seg(deployment)}?api-version=${AZURE_MANAGEMENT_API_VERSION}`;
  // A loopback management URL is the simulator (or a test's stand-in): poll it faster.
  return {
    url,
    token,
    simulated: base.startsWith("http://127.0.0.1") || base.startsWith("http://localhost"),
  };
}

/** What a deployment GET/PUT or an operation-status GET answers (the fields tunebench reads). */
type ArmBody = OperationBody & { properties?: { provisioningState?: string } };

/** Creates the deployment, follows it to Succeeded, records its name; Failed throws DeployFailedError. */
export async function deployTunedModel(project: Project, options: DeployOptions = {}): Promise<Deployed> {
  const { record, file } = recordFor(project, options.jobId);
  const deployment = options.deployment ?? record.deployment ?? deploymentName(record);
  const { url, token, simulated } = target(project, record, deployment);
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const wait = options.sleep ?? ((ms, signal) => sleep(ms, undefined, signal ? { signal } : {}));
  // When the server names no wait (Retry-After): 1.5x longer each time, so a slow deployment is
  // asked less often.
  let interval = simulated ? 100 : 500;
  const pause = async (serverMs: number | undefined, still: string) => {
    const ms = serverMs ?? interval;
    if (serverMs === undefined) interval = Math.min(interval * 1.5, simulated ? 1_000 : 10_000);
    if (Date.now() + ms > deadline)
      throw new TuneError(`${still}: run \`tunebench tune deploy --job ${record.jobId}\` again later`);
    await wait(ms, options.signal);
  };
  const send = async (method: "PUT" | "GET", at: string, body?: unknown) => {
    try {
      return await fetch(at, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new TuneError(
        project.redact(`${at.split("?")[0]} could not be reached (${(error as Error).message})`),
      );
    }
  };
  // One request; a 429 or 503 is waited out (its Retry-After, else the interval) and sent again.
  const call = async (method: "PUT" | "GET", at: string, body?: unknown) => {
    for (;;) {
      const response = await send(method, at, body);
      const json = (await response.json().catch(() => ({}))) as ArmBody;
      if (response.ok) return { json, after: serverWait(response.headers), headers: response.headers };
      if (THROTTLED.includes(response.status)) {
        await pause(serverWait(response.headers), `Azure still answers ${response.status} (busy)`);
        continue;
      }
      const said = project.redact(
        `${json.error?.code ?? response.status}: ${json.error?.message ?? response.statusText}`,
      );
      if (response.status === 401 || response.status === 403)
        throw new TuneError(`Azure refused the management token (${said}); get a fresh one and try again`);
      throw new DeployFailedError(`deployment ${deployment} of ${record.model} failed: ${said}`);
    }
  };
  const put = await call("PUT", url, {
    sku: { name: "Standard", capacity: 1 },
    properties: { model: { format: "OpenAI", name: record.model, version: "1" } },
  });
  // Azure's documented way to follow the PUT; without it, the deployment's own provisioningState.
  const operation = operationURL(put.headers, url);
  let { json, after } = put;
  let state = json.properties?.provisioningState ?? "Unknown";
  while (!FINAL_STATES.includes(state)) {
    options.onPoll?.(state);
    await pause(after, `deployment ${deployment} is still ${state}`);
    ({ json, after } = await call("GET", operation ?? url));
    state = (operation ? json.status : json.properties?.provisioningState) ?? "Unknown";
  }
  if (state !== "Succeeded") {
    const why = operation ? operationError(json) : null;
    const detail = why ? `: ${why}` : operation ? " (operation status)" : " (provisioningState)";
    throw new DeployFailedError(
      project.redact(`deployment ${deployment} of ${record.model} ended ${state}${detail}`),
    );
  }
  const deployed = { ...record, deployment };
  writeTunedRecord(file, deployed, project.redact);
  return { record: deployed, recordFile: file };
}
