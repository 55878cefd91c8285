import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  /** The url's path and query, apart. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** The body as JSON ({} when empty or not JSON, e.g. a multipart upload). */
  body: Record<string, unknown>;
  /** The body as sent. */
  raw: string;
}

export type Handler = (request: Recorded, res: ServerResponse, n: number) => void;

export interface FakeServer {
  /** http://127.0.0.1:PORT/v1 */
  baseURL: string;
  /** http://127.0.0.1:PORT, for APIs not under /v1 (Azure, Resource Manager). */
  origin: string;
  requests: Recorded[];
  close(): Promise<void>;
}

function jsonOrEmpty(data: string): Record<string, unknown> {
  try {
    return data ? (JSON.parse(data) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A throwaway HTTP server on 127.0.0.1 that imitates just enough of one OpenAI endpoint. */
export async function fakeServer(handler: Handler): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let data = "";
    req.on("data", (chunk: Buffer) => {
      data += chunk.toString("utf8");
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const recorded: Recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: jsonOrEmpty(data),
        raw: data,
      };
      requests.push(recorded);
      handler(recorded, res, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
