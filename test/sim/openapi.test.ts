import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type RunningSimulator,
  SIM_BASE_MODEL,
  SIM_EMBEDDING_MODEL,
  startSimulator,
} from "../../src/sim/index.js";
import { OPENAI_OPENAPI } from "../helpers/vendor.js";

const SPEC_ID = "https://tunebench.invalid/openai-openapi.json";

interface Spec {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { content: Record<string, { schema: unknown }> }>;
  };
}

let spec: Spec;
let ajv: Ajv2020;
let sim: RunningSimulator;

beforeAll(async () => {
  spec = parse(readFileSync(OPENAI_OPENAPI, "utf8")) as Spec;
  // Formats such as `unixtime` and `float` are OpenAPI annotations, not JSON Schema checks.
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  // Registered whole under one id, so every `#/components/schemas/...` ref resolves inside it.
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: spec.components.schemas } });
  sim = await startSimulator({ port: 0 });
}, 30_000);
afterAll(() => sim.close());

/** The response schema of an operation, as a ref into the registered spec. */
function responseSchema(route: string, method: string, status: string): string {
  const schema = spec.paths[route]?.[method]?.responses[status]?.content?.["application/json"]?.schema as
    | { $ref?: string }
    | undefined;
  if (!schema?.$ref)
    throw new Error(`no JSON response schema for ${method.toUpperCase()} ${route} ${status}`);
  return `${SPEC_ID}${schema.$ref}`;
}

function expectValid(ref: string, data: unknown): void {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`cannot resolve ${ref}`);
  const valid = validate(data);
  expect(valid ? [] : ajv.errorsText(validate.errors, { separator: "\n" }).split("\n")).toEqual([]);
}

async function call(method: string, route: string, body?: unknown) {
  const res = await fetch(`${sim.url}${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

describe("responses validate against OpenAI's OpenAPI description", () => {
  it("chat completion", async () => {
    const messages = [
      { role: "system", content: "Reply in JSON." },
      { role: "user", content: "What is 17 + 25?" },
    ];
    const { status, json } = await call("POST", "/chat/completions", { model: SIM_BASE_MODEL, messages });
    expect(status).toBe(200);
    expectValid(responseSchema("/chat/completions", "post", "200"), json);
  });

  it("embeddings list", async () => {
    const body = { model: SIM_EMBEDDING_MODEL, input: ["a", "b"], encoding_format: "float" };
    const { status, json } = await call("POST", "/embeddings", body);
    expect(status).toBe(200);
    expectValid(responseSchema("/embeddings", "post", "200"), json);
  });

  it("models list and model", async () => {
    sim.models.addTuned({ base: SIM_BASE_MODEL, uniqueId: "x1", training: [{ input: "a", output: "b" }] });
    const list = await call("GET", "/models");
    expectValid(responseSchema("/models", "get", "200"), list.json);
    const one = await call("GET", `/models/${SIM_BASE_MODEL}`);
    expectValid(responseSchema("/models/{model}", "get", "200"), one.json);
    const deleted = await call("DELETE", "/models/ft:sim-base:tunebench-sim::x1");
    expect(deleted.status).toBe(200);
    expectValid(responseSchema("/models/{model}", "delete", "200"), deleted.json);
  });

  it("errors", async () => {
    const notFound = await call("POST", "/chat/completions", { model: "nope", messages: [] });
    expect(notFound.status).toBe(404);
    expectValid(`${SPEC_ID}#/components/schemas/ErrorResponse`, notFound.json);
    const limited = await startSimulator({ port: 0, faults: { rate429: 1 } });
    try {
      const res = await fetch(`${limited.url}/models`);
      expect(res.status).toBe(429);
      const schema = spec.components.responses.TooManyRequests?.content["application/json"]?.schema as {
        $ref: string;
      };
      expectValid(`${SPEC_ID}${schema.$ref}`, await res.json());
    } finally {
      await limited.close();
    }
  });

  it("batches: the batch file, the batch at every status, the list, the output and error lines", async () => {
    const batched = await startSimulator({ port: 0, batchSeconds: 0.3, batchFailRate: 0.5 });
    try {
      const lines = Array.from({ length: 6 }, (_, i) =>
        JSON.stringify({
          custom_id: `r${i}`,
          method: "POST",
          url: "/v1/chat/completions",
          body: {
            model: i === 5 ? "nope" : SIM_BASE_MODEL,
            messages: [{ role: "user", content: `What is ${i} + 1?` }],
          },
        }),
      );
      const form = new FormData();
      form.set("purpose", "batch");
      form.set("file", new Blob([`${lines.join("\n")}\n`]), "requests.jsonl");
      const uploaded = await fetch(`${batched.url}/files`, { method: "POST", body: form });
      const file = (await uploaded.json()) as { id: string };
      expectValid(`${SPEC_ID}#/components/schemas/OpenAIFile`, file);
      const post = (route: string, body?: unknown) =>
        fetch(`${batched.url}${route}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body ?? {}),
        }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
      const created = await post("/batches", {
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
        metadata: { run: "x" },
      });
      expect(created.status).toBe(200);
      expect(created.json.status).toBe("validating");
      expectValid(responseSchema("/batches", "post", "200"), created.json);
      const get = async (route: string) =>
        (await fetch(`${batched.url}${route}`)).json() as Promise<Record<string, unknown>>;
      const statuses = new Set<string>();
      let batch = created.json;
      while (batch.status !== "completed") {
        await new Promise((resolve) => setTimeout(resolve, 20));
        batch = await get(`/batches/${created.json.id}`);
        statuses.add(batch.status as string);
        expectValid(responseSchema("/batches/{batch_id}", "get", "200"), batch);
      }
      expect([...statuses]).toEqual(expect.arrayContaining(["in_progress", "completed"]));
      expect(batch.request_counts).toEqual({
        total: 6,
        completed: expect.any(Number),
        failed: expect.any(Number),
      });
      const counts = batch.request_counts as { completed: number; failed: number };
      expect(counts.completed + counts.failed).toBe(6);
      expect(counts.failed).toBeGreaterThanOrEqual(1); // the unknown model, and the drawn failures
      expectValid(responseSchema("/batches", "get", "200"), await get("/batches?limit=5"));

      const output = (await (await fetch(`${batched.url}/files/${batch.output_file_id}/content`)).text())
        .trim()
        .split("\n");
      expect(output).toHaveLength(counts.completed);
      for (const line of output.map((l) => JSON.parse(l))) {
        expect(line).toMatchObject({
          id: expect.stringMatching(/^batch_req_/),
          custom_id: expect.any(String),
          error: null,
        });
        expect(line.response.status_code).toBe(200);
        expectValid(responseSchema("/chat/completions", "post", "200"), line.response.body);
      }
      const errors = (await (await fetch(`${batched.url}/files/${batch.error_file_id}/content`)).text())
        .trim()
        .split("\n");
      expect(errors).toHaveLength(counts.failed);
      const failedIds = errors
        .map((l) => JSON.parse(l))
        .map((line) => {
          expectValid(`${SPEC_ID}#/components/schemas/ErrorResponse`, line.response.body);
          return line.custom_id;
        });
      expect(failedIds).toContain("r5");
      const outputFile = await get(`/files/${batch.output_file_id}`);
      expect(outputFile.purpose).toBe("batch_output");

      const cancelled = await post("/batches", {
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      });
      const cancel = await post(`/batches/${cancelled.json.id}/cancel`);
      expect(cancel.json.status).toBe("cancelled");
      expectValid(responseSchema("/batches/{batch_id}/cancel", "post", "200"), cancel.json);
    } finally {
      await batched.close();
    }
  });

  it("catches a response that breaks the schema (the check can fail)", async () => {
    const validate = ajv.getSchema(responseSchema("/models/{model}", "get", "200"));
    expect(validate?.({ id: "x", object: "model" })).toBe(false);
    const { json } = await call("POST", "/chat/completions", {
      model: SIM_BASE_MODEL,
      messages: [{ role: "user", content: "hi" }],
    });
    const chat = json as { choices: { message: { role: string } }[] };
    (chat.choices[0] as { message: { role: string } }).message.role = "user";
    expect(ajv.getSchema(responseSchema("/chat/completions", "post", "200"))?.(chat)).toBe(false);
  });
});
