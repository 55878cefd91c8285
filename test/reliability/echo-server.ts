import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A proxy that echoes the request headers back, as some do: on 127.0.0.1, speaking just enough
 * of the OpenAI API for chat, embeddings, files and fine-tuning jobs. The first path segment is
 * the mode: `ok` answers 200 with the headers inside the answer (the chat reply, the embeddings,
 * the file, the job's events); `e401`, `e429`, `e500` answer that status with the headers in a
 * JSON error body; `e502` in a plain-text one; `jobfail` answers 200 but the job fails with the
 * headers in its error message.
 */
export interface EchoServer {
  /** Base URL of a mode, e.g. baseURL("ok") = http://127.0.0.1:PORT/ok/v1. */
  baseURL(mode: string): string;
  /** Requests seen, by mode and path. */
  seen: { mode: string; method: string; path: string; authorization: string }[];
  close(): Promise<void>;
}

const now = () => Math.floor(Date.now() / 1000);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A deterministic 8-dimensional vector of a text. */
function vector(text: string): number[] {
  const hash = createHash("sha256").update(text).digest();
  return [...hash.subarray(0, 8)].map((byte) => byte / 255 - 0.5);
}

function job(mode: string, model: string, echo: string) {
  const failed = mode === "jobfail";
  return {
    id: "ftjob-echo1",
    object: "fine_tuning.job",
    created_at: now() - 60,
    finished_at: now(),
    model,
    fine_tuned_model: failed ? null : `ft:${model}:echo::abc123`,
    organization_id: "org-echo",
    result_files: [],
    status: failed ? "failed" : "succeeded",
    validation_file: null,
    training_file: "file-echo1",
    hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 2 },
    trained_tokens: failed ? null : 1200,
    error: failed ? { code: "proxy_error", message: `the proxy saw ${echo}`, param: null } : null,
    seed: 1,
  };
}

function ok(
  req: IncomingMessage,
  res: ServerResponse,
  mode: string,
  route: string,
  body: string,
  echo: string,
) {
  const json = (): Record<string, unknown> => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
  if (route === "POST /chat/completions") {
    const request = json();
    return send(res, 200, {
      id: "chatcmpl-echo",
      object: "chat.completion",
      created: now(),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: `{"category":"bug","headers":${echo}}` },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 },
    });
  }
  if (route === "POST /embeddings") {
    const request = json();
    const input = Array.isArray(request.input) ? (request.input as string[]) : [String(request.input)];
    return send(res, 200, {
      object: "list",
      data: input.map((text, index) => ({ object: "embedding", index, embedding: vector(text) })),
      model: request.model,
      usage: { prompt_tokens: input.length, total_tokens: input.length },
      echo: JSON.parse(echo),
    });
  }
  if (route === "POST /files") {
    return send(res, 200, {
      id: "file-echo1",
      object: "file",
      bytes: Buffer.byteLength(body),
      created_at: now(),
      filename: "train.jsonl",
      purpose: "fine-tune",
      status: "processed",
      status_details: `received with ${echo}`,
    });
  }
  if (route === "POST /fine_tuning/jobs") return send(res, 200, job(mode, String(json().model), echo));
  if (/^GET \/fine_tuning\/jobs\/[^/]+$/.test(route)) return send(res, 200, job(mode, "echo-base", echo));
  if (/^POST \/fine_tuning\/jobs\/[^/]+\/cancel$/.test(route))
    return send(res, 200, job(mode, "echo-base", echo));
  if (/^GET \/fine_tuning\/jobs\/[^/]+\/events/.test(route)) {
    return send(res, 200, {
      object: "list",
      data: [
        {
          id: "ftevent-2",
          object: "fine_tuning.job.event",
          created_at: now(),
          level: "info",
          message: `request headers: ${echo}`,
          type: "message",
        },
      ],
      has_more: false,
    });
  }
  send(res, 404, { error: { message: `no route ${route} (${req.url})`, type: "invalid_request_error" } });
}

export async function echoServer(): Promise<EchoServer> {
  const seen: EchoServer["seen"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("latin1");
    });
    req.on("end", () => {
      const [, mode = "", ...rest] = (req.url ?? "").split("?")[0]?.split("/") ?? [];
      const path = `/${rest.slice(1).join("/")}`; // without the mode and `v1`
      seen.push({ mode, method: req.method ?? "", path, authorization: String(req.headers.authorization) });
      const echo = JSON.stringify(req.headers);
      if (mode === "ok" || mode === "jobfail") return ok(req, res, mode, `${req.method} ${path}`, body, echo);
      if (mode === "e502") {
        res.writeHead(502, { "content-type": "text/plain" });
        return res.end(
          `upstream failed; request was\nAuthorization: ${req.headers.authorization}\napi-key: ${req.headers["api-key"]}\n`,
        );
      }
      const status = Number(mode.slice(1)) || 500;
      send(
        res,
        status,
        { error: { message: `proxy error; request headers: ${echo}`, type: "proxy_error", code: null } },
        status === 429 ? { "retry-after": "0" } : {},
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: (mode) => `http://127.0.0.1:${port}/${mode}/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
