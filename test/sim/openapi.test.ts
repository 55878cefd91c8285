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
