// A malformed %-escape in a route parameter is the client's mistake: a 400 in OpenAI's error shape
// over the same connection, never a dropped socket.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // node:http sends the path as given: fetch would normalise it first.
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("simulator routes with bad percent-encoding", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("GET /v1/models/%E0%A4%A answers 400 invalid_request_error", async () => {
    const { status, body } = await get(sim.port, "/v1/models/%E0%A4%A");
    expect(status).toBe(400);
    expect(JSON.parse(body)).toEqual({
      error: {
        message: "Invalid percent-encoding in the URL path segment '%E0%A4%A'.",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
  });

  it("keeps serving: a well-formed escape still decodes", async () => {
    expect((await get(sim.port, "/v1/models/%E0%A4%A")).status).toBe(400);
    const { status, body } = await get(sim.port, "/v1/models/sim%2Dbase");
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ id: "sim-base", object: "model" });
  });
});
