import type { IncomingHttpHeaders } from "node:http";
import { badRequest } from "./errors.js";
import type { ModelRegistry } from "./registry.js";

export interface SimSettings {
  latencyMs: number;
  degrade: number;
  seed: number;
  /** Model id -> announced shutdown day (YYYY-MM-DD), shown as `shutdown_date` by /v1/models. */
  retiring: Readonly<Record<string, string>>;
}

/** What a route sees of one simulator instance. */
export interface SimContext {
  readonly settings: SimSettings;
  readonly models: ModelRegistry;
  /** Per-instance state for a route module (files, jobs...), created on first use. */
  slot<T>(key: string, init: () => T): T;
}

export interface SimRequest {
  method: string;
  path: string;
  /** `:name` segments of the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** The body parsed as JSON; a malformed body is a 400. */
  json(): unknown;
}

export type SimReply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; body: string | Buffer; contentType: string; headers?: Record<string, string> };

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** e.g. `/v1/models/:model`; a `:name` segment matches one path segment. */
  path: string;
  handle(request: SimRequest, context: SimContext): SimReply | Promise<SimReply>;
}

export class Router {
  readonly #routes: { route: Route; pattern: RegExp; names: string[] }[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path
        .split("/")
        .map((segment) => {
          if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(segment.slice(1));
          return "([^/]+)";
        })
        .join("/");
      // Later registrations win, so a route module can override a built-in one.
      this.#routes.unshift({ route, pattern: new RegExp(`^${source}/?$`), names });
    }
    return this;
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const { route, pattern, names } of this.#routes) {
      if (route.method !== method) continue;
      const m = pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [i, name] of names.entries()) {
        try {
          params[name] = decodeURIComponent(m[i + 1] ?? "");
        } catch (error) {
          if (!(error instanceof URIError)) throw error;
          // A malformed %-escape (e.g. %E0%A4%A): the route matched, but its answer is a 400. The
          // error is thrown from the handler, inside the server's error handling, never from here.
          const invalid = badRequest(`Invalid percent-encoding in the URL path segment '${m[i + 1]}'.`);
          const failing: Route = {
            method: route.method,
            path: route.path,
            handle: () => {
              throw invalid;
            },
          };
          return { route: failing, params: {} };
        }
      }
      return { route, params };
    }
    return undefined;
  }
}

/** The JSON body as an object, or a 400 saying what is wrong. */
export function jsonObject(request: SimRequest): Record<string, unknown> {
  const body = request.json();
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}
