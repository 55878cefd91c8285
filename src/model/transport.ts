import http from "node:http";
import https from "node:https";
import { LightHeaders, LightResponse } from "./light-response.js";

/**
 * A `fetch` for the openai SDK's chat calls: node:http(s) with keep-alive sockets. The SDK still
 * builds the request, parses the answer and raises its own errors; only the wire is ours, because
 * the built-in fetch (undici) costs ~0.3 ms of CPU per call, most of the harness's per-trial budget,
 * and so does its Response: the answer comes back as a LightResponse (light-response.ts).
 * Bodies it cannot send as-is (FormData, streams) go through the built-in fetch.
 *
 * `cutOff` (an endpoint's breaker) ends every request in flight, and refuses new ones, with its
 * reason once it aborts: one listener for all calls, where a signal per call (an AbortController,
 * its listeners) outlived the call in the heap and was a third of what a long run kept growing.
 */
export function createKeepAliveFetch(cutOff?: AbortSignal): typeof fetch {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const inFlight = new Set<(reason: unknown) => void>();
  cutOff?.addEventListener("abort", () => {
    for (const end of inFlight) end(cutOff.reason);
  });
  return (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (cutOff?.aborted) throw cutOff.reason;
    const body = init.body;
    if (
      input instanceof Request ||
      (body != null && typeof body !== "string" && !(body instanceof Uint8Array))
    ) {
      return fetch(input, init);
    }
    const url = new URL(input);
    const secure = url.protocol === "https:";
    const signal = init.signal ?? undefined;
    const headers: Record<string, string> = {};
    // The SDK hands over a Headers already: read as is, not copied into another.
    (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((value, name) => {
      headers[name] = value;
    });
    return new Promise<Response>((resolve, reject) => {
      const abortError = () => signal?.reason ?? new DOMException("This operation was aborted", "AbortError");
      if (signal?.aborted) return reject(abortError());
      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method ?? "GET",
        headers,
        agent: secure ? agents.https : agents.http,
      });
      const onAbort = () => {
        req.destroy();
        reject(abortError());
      };
      const end = (reason: unknown) => {
        req.destroy();
        reject(reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      inFlight.add(end);
      req.on("close", () => {
        signal?.removeEventListener("abort", onAbort);
        inFlight.delete(end);
      });
      req.on("error", reject);
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("close", () => {
          if (!res.complete) reject(new Error("the response was cut off"));
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const headers = new LightHeaders(res.rawHeaders);
          const body = Buffer.concat(chunks);
          resolve(
            new LightResponse(
              body,
              status,
              res.statusMessage ?? "",
              headers,
              url.href,
            ) as unknown as Response,
          );
        });
      });
      req.end(body ?? undefined);
    });
  }) as typeof fetch;
}

// Text bodies: JSON, text/*, and bodies that do not say (some proxies' error pages).
const TEXTUAL = /json|text|xml|html|event-stream/i;

/**
 * A `fetch` whose answers pass `redact` before the SDK reads them, so an endpoint that echoes the
 * request headers (a proxy, a prompt-injected model) hands back no key: in 200 answers and in error
 * bodies alike, for every call on an openaiFor client (chat, embeddings, files, jobs, whatever is
 * added). Binary bodies (file downloads) pass untouched; a body is re-made only when a secret was in it.
 */
export function redactingFetch(inner: typeof fetch, redact: (text: string) => string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await inner(input, init);
    const type = response.headers.get("content-type") ?? "";
    if (type !== "" && !TEXTUAL.test(type)) return response;
    // The keep-alive transport's answer (its body already in memory, no stream): redacted as is.
    if (response instanceof LightResponse)
      return response.withText(redact(await response.text())) as unknown as Response;
    if (response.body === null) return response;
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString("utf8");
    const clean = redact(text);
    const headers = new Headers(response.headers);
    if (clean !== text) headers.delete("content-length");
    return new Response(clean === text ? bytes : clean, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }) as typeof fetch;
}
