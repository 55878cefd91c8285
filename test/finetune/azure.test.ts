// Azure OpenAI: the same files and fine_tuning/jobs API under {resource}/openai with an api-version,
// the key in `api-key`, chat sent to a deployment. Every request tunebench sends through the real
// SDK to a loopback stand-in is checked against Microsoft's published description (an excerpt in
// test/vendor): path, method, api-version, body fields and their types.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { type Endpoints, openEndpoints } from "../../src/endpoints/index.js";
import { openProject, planUpload, prepareTraining, startJob, waitForJob } from "../../src/finetune/index.js";
import { createTuningJob, uploadTrainingFile } from "../../src/finetune/jobs.js";
import { readTunedRecords } from "../../src/project/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { writeProject } from "../helpers/project.js";
import { AZURE_OPENAI_SPEC } from "../helpers/vendor.js";
import { type FakeServer, fakeServer, json, type Recorded } from "../model/fake-server.js";
import { tuningProject } from "./project.js";

type Schema = { type?: string; required?: string[]; properties?: Record<string, Schema>; $ref?: string };
type Parameter = {
  in: string;
  name: string;
  required?: boolean;
  enum?: string[];
  schema?: Schema;
  $ref?: string;
};
const spec = JSON.parse(readFileSync(AZURE_OPENAI_SPEC, "utf8")) as {
  paths: Record<string, Record<string, { parameters: Parameter[] }>>;
  definitions: Record<string, Schema>;
  parameters: Record<string, Parameter>;
  "x-ms-parameterized-host": { hostTemplate: string };
};
const deref = <T extends { $ref?: string }>(x: T): T => {
  if (!x.$ref) return x;
  const [, kind, name] = x.$ref.split("/") as [string, "definitions" | "parameters", string];
  return (spec[kind] as Record<string, T>)[name] as T;
};

/** What the published description says is wrong with a JSON value for `schema` (empty: it fits). */
function schemaProblems(value: unknown, schema: Schema, at = "body"): string[] {
  const s = deref(schema);
  if (s.type === "integer")
    return Number.isInteger(value) ? [] : [`${at}: expected an integer, got ${JSON.stringify(value)}`];
  if (s.type === "number")
    return typeof value === "number" ? [] : [`${at}: expected a number, got ${JSON.stringify(value)}`];
  if (s.type === "string") return typeof value === "string" ? [] : [`${at}: expected a string`];
  const object = value as Record<string, unknown>;
  const problems = (s.required ?? []).filter((k) => !(k in object)).map((k) => `${at}: missing ${k}`);
  for (const [key, v] of Object.entries(object)) {
    const property = s.properties?.[key];
    if (!property) problems.push(`${at}.${key}: not in ${JSON.stringify(Object.keys(s.properties ?? {}))}`);
    else problems.push(...schemaProblems(v, property, `${at}.${key}`));
  }
  return problems;
}

/** What the published description says is wrong with a request (empty: it fits). */
function requestProblems(seen: Recorded): string[] {
  const prefix = spec["x-ms-parameterized-host"].hostTemplate.replace("{endpoint}", "");
  if (!seen.path.startsWith(prefix)) return [`${seen.path}: not under ${prefix}`];
  const operation = spec.paths[seen.path.slice(prefix.length)]?.[seen.method.toLowerCase()];
  if (!operation) return [`${seen.method} ${seen.path}: no such operation`];
  const problems: string[] = [];
  for (const p of operation.parameters.map(deref)) {
    if (p.in === "query" && p.required && !seen.query.get(p.name)) problems.push(`query ${p.name} missing`);
    if (p.in === "body") problems.push(...schemaProblems(seen.body, p.schema as Schema));
    if (p.in === "formData") {
      const field = new RegExp(
        `name="${p.name}"(; filename="[^"]*")?\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r]*)`,
      ).exec(seen.raw);
      if (!field && p.required) problems.push(`form field ${p.name} missing`);
      if (field && p.enum && !p.enum.includes(field[2] ?? ""))
        problems.push(`form field ${p.name}: ${field[2]} not in ${p.enum.join(", ")}`);
    }
  }
  return problems;
}

let server: FakeServer | null = null;
let endpoints: Endpoints | null = null;
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await endpoints?.close();
  await sim?.close();
  sim = null;
  await server?.close();
  server = null;
  endpoints = null;
});

/** A loopback stand-in for an Azure OpenAI resource that records what it is sent. */
async function azureStandIn(): Promise<{ url: string; seen: Recorded[] }> {
  const now = 1_764_000_000;
  server = await fakeServer((req, res) => {
    if (req.path === "/openai/files")
      return json(res, 201, {
        id: "file-abc",
        object: "file",
        purpose: "fine-tune",
        filename: "train.jsonl",
        bytes: 10,
        created_at: now,
        status: "processed",
      });
    if (req.path === "/openai/fine_tuning/jobs")
      return json(res, 201, {
        id: "ftjob-1",
        object: "fine_tuning.job",
        model: "gpt-4o-mini-2024-07-18",
        training_file: "file-abc",
        status: "pending",
        created_at: now,
        hyperparameters: {},
      });
    json(res, 200, {
      id: "chatcmpl-1",
      object: "chat.completion",
      created: now,
      model: "gpt-4o-mini",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "billing" } }],
      usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
    });
  });
  return { url: server.origin, seen: server.requests };
}

async function azureEndpoints(url: string) {
  const dir = writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]\nendpoints:\n  az: { baseURL: "${url}", apiKeyEnv: TB_AZURE_TEST_KEY, azure: { apiVersion: "2024-10-21" } }\n`,
  });
  process.env.TB_AZURE_TEST_KEY = "azure-key-123";
  const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
  endpoints = await openEndpoints(loaded, { names: ["az"], cache: false });
  return { dir, endpoints };
}

describe("Azure OpenAI request shapes (api-version 2024-10-21)", () => {
  it("upload, job creation and chat match Microsoft's published description", async () => {
    const { url, seen } = await azureStandIn();
    const { dir, endpoints: e } = await azureEndpoints(url);
    const file = path.join(dir, "train.jsonl");
    writeFileSync(
      file,
      '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"billing"}]}\n',
    );
    const sdk = e.sdk("az");
    expect((await uploadTrainingFile(sdk, file)).id).toBe("file-abc");
    await createTuningJob(sdk, {
      model: "gpt-4o-mini-2024-07-18",
      trainingFile: "file-abc",
      validationFile: "file-def",
      suffix: "triage",
      seed: 7,
      epochs: 3,
      batchSize: "auto",
      learningRateMultiplier: 0.1,
    });
    const answer = await e
      .chat("az")
      .complete({ model: "triage-deployment", messages: [{ role: "user", content: "hi" }], temperature: 0 });
    expect(answer.text).toBe("billing");

    const [upload, job, chat] = seen;
    expect(upload?.method).toBe("POST");
    expect(upload?.path).toBe("/openai/files");
    expect(job?.path).toBe("/openai/fine_tuning/jobs");
    for (const request of [upload, job] as Recorded[]) {
      expect(requestProblems(request)).toEqual([]);
      expect(request.query.get("api-version")).toBe("2024-10-21");
      expect(request.headers["api-key"]).toBe("azure-key-123");
    }
    // "auto" is said by leaving the value out: Azure takes only numbers, and no `method`.
    expect(job?.body).toEqual({
      model: "gpt-4o-mini-2024-07-18",
      training_file: "file-abc",
      validation_file: "file-def",
      suffix: "triage",
      seed: 7,
      hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.1 },
    });
    // Chat goes to the deployment a strategy names as its model.
    expect(chat?.path).toBe("/openai/deployments/triage-deployment/chat/completions");
    expect(chat?.query.get("api-version")).toBe("2024-10-21");
    expect(chat?.headers["api-key"]).toBe("azure-key-123");
  });

  it("the check catches OpenAI's own shape, which Azure 2024-10-21 does not take", () => {
    const body = {
      model: "gpt-4o-mini",
      training_file: "file-abc",
      method: { type: "supervised" },
      hyperparameters: { n_epochs: "auto" },
    };
    const openaiShaped: Recorded = {
      method: "POST",
      url: "/openai/fine_tuning/jobs",
      path: "/openai/fine_tuning/jobs",
      query: new URLSearchParams(),
      headers: {},
      body,
      raw: JSON.stringify(body),
    };
    expect(requestProblems(openaiShaped)).toEqual([
      "query api-version missing",
      'body.method: not in ["model","training_file","validation_file","hyperparameters","suffix","seed"]',
      'body.hyperparameters.n_epochs: expected an integer, got "auto"',
    ]);
  });
});

describe("Azure OpenAI on the simulator (its /openai routes)", () => {
  it("tune start, wait and a chat call to the tuned model's deployment, offline", async () => {
    sim = await startSimulator({ port: 0, jobSeconds: 0.5 });
    const dir = tuningProject();
    const config = path.join(dir, "eval.config.yaml");
    const resource = sim.url.replace(/\/v1$/, "");
    writeFileSync(
      config,
      `${readFileSync(config, "utf8")}endpoints:\n  az: { baseURL: "${resource}", apiKeyEnv: TB_AZURE_TEST_KEY, azure: { apiVersion: "2024-10-21" } }\n`,
    );
    process.env.TB_AZURE_TEST_KEY = "azure-key-123";
    await prepareTraining({ config, validShare: 0 });
    const project = await openProject(config);
    const plan = await planUpload(project, {
      endpoint: "az",
      model: "sim-base",
      epochs: 2,
      batchSize: "auto",
    });
    await startJob(project, plan);
    const outcome = await waitForJob(project);
    expect(outcome.job.status).toBe("succeeded");
    const tuned = outcome.job.fine_tuned_model as string;
    expect(readTunedRecords(project.layout).map((r) => r.model)).toEqual([tuned]);
    expect(tuned).toMatch(/^ft:sim-base:/);
    const { byRoute } = sim.stats;
    expect(byRoute["POST /openai/files"]).toBe(1);
    expect(byRoute["POST /openai/fine_tuning/jobs"]).toBe(1);
    expect(byRoute["POST /v1/fine_tuning/jobs"]).toBeUndefined();
    // The tuned model answers once deployed: on the simulator its deployment is its id.
    const loaded = await loadConfig(config);
    endpoints = await openEndpoints(loaded, { names: ["az"], cache: false });
    const answer = await endpoints.chat("az").complete({
      model: tuned,
      messages: [{ role: "user", content: "I was charged twice this month" }],
      temperature: 0,
    });
    expect(answer.text).toContain("billing");
    expect(byRoute["POST /openai/deployments/:deployment/chat/completions"]).toBe(1);
  });

  it("refuses a request without api-version, as Microsoft's description requires one", async () => {
    sim = await startSimulator({ port: 0 });
    const response = await fetch(`${sim.url.replace(/\/v1$/, "")}/openai/models`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe("api-version");
  });
});
