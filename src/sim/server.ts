import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { BATCH_SLOT, BatchStore } from "./batches.js";
import { badRequest, invalidUrl, SimError } from "./errors.js";
import { type FaultOptions, faultError, planFault, RateWindow } from "./faults.js";
import { ModelRegistry, SIM_BASE_MODEL } from "./registry.js";
import {
  type Route,
  Router,
  type SimContext,
  type SimReply,
  type SimRequest,
  type SimSettings,
} from "./router.js";
import { builtInRoutes } from "./routes/index.js";
import { TUNING_SLOT, TuningStore } from "./tuning.js";

export interface SimOptions {
  /** 0 picks a free port (the default). */
  port?: number;
  host?: string;
  /** Fixed delay before every response. */
  latencyMs?: number;
  /** 0..1: share of deliberately wrong answers (a degraded model, for regression demos). */
  degrade?: number;
  seed?: number;
  faults?: FaultOptions;
  /** Extra routes; they take precedence over built-in ones with the same method and path. */
  routes?: Route[];
  /** Persist uploaded files, fine-tuning jobs and tuned models here, and load them on start. */
  stateDir?: string;
  /** How long a fine-tuning job takes, validating to succeeded (default 3, or TUNEBENCH_SIM_JOB_SECONDS). */
  jobSeconds?: number;
  /** How long a batch takes, created to completed (default 2). */
  batchSeconds?: number;
  /** Share of a batch's requests that fail with a server error (default 0). */
  batchFailRate?: number;
  /** Models that will retire: id -> shutdown day (YYYY-MM-DD), reported by /v1/models; a tuned model inherits its base's. */
  retiring?: Record<string, string>;
}

export interface SimStats {
  requests: number;
  /** Keyed by `METHOD /route/pattern`, or `unmatched`. */
  byRoute: Record<string, number>;
  faults: number;
}

export interface RunningSimulator {
  /** Base URL for an OpenAI client, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  port: number;
  stats: SimStats;
  /** The instance's models: fine-tuning registers tuned models here. */
  models: ModelRegistry;
  addRoutes(...routes: Route[]): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 128 * 1024 * 1024;

function checkOptions(options: SimOptions): void {
  const check = (name: string, value: number | undefined, ok: (n: number) => boolean, expects: string) => {
    if (value !== undefined && !ok(value)) throw new RangeError(`${name} must be ${expects}, got ${value}`);
  };
  const share = (n: number) => n >= 0 && n <= 1;
  const nonNegative = (n: number) => Number.isFinite(n) && n >= 0;
  const f = options.faults ?? {};
  check(
    "port",
    options.port,
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    "an integer from 0 to 65535",
  );
  check("seed", options.seed, Number.isInteger, "an integer");
  check("latencyMs", options.latencyMs, nonNegative, ">= 0");
  check("jobSeconds", options.jobSeconds, (n) => Number.isFinite(n) && n > 0, "> 0");
  check("batchSeconds", options.batchSeconds, (n) => Number.isFinite(n) && n > 0, "> 0");
  check("batchFailRate", options.batchFailRate, share, "between 0 and 1");
  check("faults.slowMs", f.slowMs, nonNegative, ">= 0");
  check("faults.retryAfterSeconds", f.retryAfterSeconds, nonNegative, ">= 0");
  check("degrade", options.degrade, share, "between 0 and 1");
  for (const name of ["rate429", "rate5xx", "rateReset", "rateSlow", "rateTruncate"] as const) {
    check(`faults.${name}`, f[name], share, "between 0 and 1");
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SimError(413, `Request body larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function simRequest(req: IncomingMessage, url: URL, raw: Buffer, params: Record<string, string>): SimRequest {
  let parsed: { value: unknown } | undefined;
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    params,
    query: url.searchParams,
    headers: req.headers,
    raw,
    json() {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(raw.toString("utf8")) };
        } catch {
          throw badRequest(
            "We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.",
          );
        }
      }
      return parsed.value;
    },
  };
}

/** The model named in a JSON body, for the wording of a rate-limit error. */
function modelIn(raw: Buffer): string {
  try {
    const model = (JSON.parse(raw.toString("utf8")) as { model?: unknown }).model;
    return typeof model === "string" ? model : SIM_BASE_MODEL;
  } catch {
    return SIM_BASE_MODEL;
  }
}

export async function startSimulator(options: SimOptions = {}): Promise<RunningSimulator> {
  checkOptions(options);
  const settings: SimSettings = {
    latencyMs: options.latencyMs ?? 0,
    degrade: options.degrade ?? 0,
    seed: options.seed ?? 0,
    retiring: options.retiring ?? {},
  };
  const faults = options.faults ?? {};
  const router = new Router().add(...builtInRoutes(), ...(options.routes ?? []));
  const models = new ModelRegistry();
  const slots = new Map<string, unknown>();
  const tuning = new TuningStore({ models, stateDir: options.stateDir, jobSeconds: options.jobSeconds });
  slots.set(TUNING_SLOT, tuning);
  slots.set(
    BATCH_SLOT,
    new BatchStore({
      files: tuning,
      ...(options.stateDir ? { stateDir: options.stateDir } : {}),
      ...(options.batchSeconds !== undefined ? { seconds: options.batchSeconds } : {}),
      ...(options.batchFailRate !== undefined ? { failRate: options.batchFailRate } : {}),
    }),
  );
  const context: SimContext = {
    settings,
    models,
    slot<T>(key: string, init: () => T): T {
      if (!slots.has(key)) slots.set(key, init());
      return slots.get(key) as T;
    },
  };
  const stats: SimStats = { requests: 0, byRoute: {}, faults: 0 };
  const window = new RateWindow();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestNumber = stats.requests++;
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const matched = router.match(method, url.pathname);
    const routeKey = matched ? `${method} ${matched.route.path}` : "unmatched";
    stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
    const plan = planFault(faults, settings.seed, requestNumber);
    tuning.sync(); // jobs another process created, models of jobs that finished since
    if (plan.kind || plan.extraDelayMs > 0) stats.faults++;

    let status = 200;
    let headers: Record<string, string> = {};
    let body: Buffer;
    let contentType = "application/json";
    let raw: Buffer = Buffer.alloc(0);
    try {
      raw = await readBody(req);
      const delay = settings.latencyMs + plan.extraDelayMs;
      if (delay > 0) await sleep(delay);
      if (plan.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (plan.kind === "429" || plan.kind === "5xx") throw faultError(plan, faults, modelIn(raw));
      if (!matched) throw invalidUrl(method, url.pathname);
      const reply: SimReply = await matched.route.handle(simRequest(req, url, raw, matched.params), context);
      status = reply.status ?? 200;
      headers = reply.headers ?? {};
      if ("json" in reply) body = Buffer.from(JSON.stringify(reply.json));
      else {
        body = Buffer.from(reply.body);
        contentType = reply.contentType;
      }
    } catch (error) {
      const simError =
        error instanceof SimError
          ? error
          : new SimError(500, `The simulator failed: ${(error as Error).message}`, "server_error");
      status = simError.status;
      headers = simError.headers;
      body = Buffer.from(JSON.stringify(simError.toBody()));
      contentType = "application/json";
    }

    res.writeHead(status, {
      ...window.headers(Math.ceil(raw.length / 4)),
      "x-request-id": `req_${randomBytes(12).toString("hex")}`,
      "openai-processing-ms": String(Date.now() - started),
      "openai-organization": "tunebench-sim",
      ...headers,
      "content-type": contentType,
      "content-length": String(body.length),
    });
    if (plan.kind === "truncate") {
      // Promise the whole body, send half, then drop the connection: a cut response.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    stats,
    models,
    addRoutes: (...routes) => {
      router.add(...routes);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
