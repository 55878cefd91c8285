// `tune deploy`: an Azure OpenAI tuned model answers only once deployed. The management-plane
// requests are checked against Microsoft's published description (an excerpt in test/vendor);
// the whole flow (start, wait, deploy, run) runs offline on the simulator's routes.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DeployFailedError,
  deployTunedModel,
  openProject,
  planUpload,
  prepareTraining,
  startJob,
  TuneError,
  waitForJob,
} from "../../src/finetune/index.js";
import { readTunedRecords, tunedRecordFile, writeTunedRecord } from "../../src/project/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runAndSummarize } from "../helpers/run.js";
import { AZURE_MANAGEMENT_SPEC } from "../helpers/vendor.js";
import { type FakeServer, fakeServer, json, type Recorded } from "../model/fake-server.js";
import { spawnCli } from "./cli-helpers.js";
import { tuningProject } from "./project.js";

type Schema = { type?: string; required?: string[]; properties?: Record<string, Schema>; $ref?: string };
type Parameter = { in?: string; name?: string; required?: boolean; schema?: Schema; $ref?: string };
const spec = JSON.parse(readFileSync(AZURE_MANAGEMENT_SPEC, "utf8")) as {
  paths: Record<string, Record<string, { parameters: Parameter[] }>>;
  definitions: Record<string, Schema>;
};
const deref = (s: Schema): Schema =>
  s.$ref?.startsWith("#/definitions/") ? (spec.definitions[s.$ref.slice(14)] as Schema) : s;

/** What the published description says is wrong with a JSON value for `schema` (empty: it fits). */
function schemaProblems(value: unknown, schema: Schema, at = "body"): string[] {
  const s = deref(schema);
  if (s.type === "integer") return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
  if (s.type === "string") return typeof value === "string" ? [] : [`${at}: expected a string`];
  const object = value as Record<string, unknown>;
  const problems = (s.required ?? []).filter((k) => !(k in object)).map((k) => `${at}: missing ${k}`);
  for (const [key, v] of Object.entries(object)) {
    const property = s.properties?.[key];
    if (!property) problems.push(`${at}.${key}: not in the description`);
    else problems.push(...schemaProblems(v, property, `${at}.${key}`));
  }
  return problems;
}

/** The published operation a request is, by its path template, and what does not fit it. */
function requestProblems(seen: Recorded): string[] {
  const [template, operations] = Object.entries(spec.paths)[0] as [
    string,
    Record<string, { parameters: Parameter[] }>,
  ];
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
  if (!pattern.test(seen.path)) return [`${seen.path}: not ${template}`];
  const operation = operations[seen.method.toLowerCase()];
  if (!operation) return [`${seen.method}: no such operation`];
  const problems: string[] = [];
  if (seen.query.get("api-version") !== "2024-10-01") problems.push("api-version is not 2024-10-01");
  for (const p of operation.parameters)
    if (p.in === "body") problems.push(...schemaProblems(seen.body, p.schema as Schema));
  return problems;
}

const TOKEN = "mgmt-token-SECRET-42";
let server: FakeServer | null = null;
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
  await server?.close();
  server = null;
  delete process.env.TB_AZ_MGMT;
});

/** A loopback Resource Manager that records requests: PUT says Accepted, then GETs Creating, Succeeded. */
async function managementStandIn(final = "Succeeded"): Promise<{ url: string; seen: Recorded[] }> {
  let gets = 0;
  server = await fakeServer((req, res) => {
    if (req.method === "GET") gets++;
    const state = req.method === "PUT" ? "Accepted" : gets < 2 ? "Creating" : final;
    json(res, req.method === "PUT" ? 201 : 200, { name: "x", properties: { provisioningState: state } });
  });
  return { url: server.origin, seen: server.requests };
}

const AZURE = (resource: string, management: string, extra = "") =>
  `  az: { baseURL: "${resource}", apiKeyEnv: TB_AZ_KEY, azure: { apiVersion: "2024-10-21", subscription: sub-1, resourceGroup: rg-1, account: acct-1, tokenEnv: TB_AZ_MGMT, managementURL: "${management}"${extra} } }\n`;

/** A tuning project with an Azure endpoint `az` and, when `record`, a succeeded job recorded on it. */
async function azureProject(
  resource: string,
  management: string,
  options: { record?: boolean; azure?: string } = {},
) {
  const dir = tuningProject();
  const config = path.join(dir, "eval.config.yaml");
  writeFileSync(
    config,
    `${readFileSync(config, "utf8").replace("tuned: { endpoint: sim }", "tuned: { endpoint: az }")}endpoints:\n${options.azure ?? AZURE(resource, management)}`,
  );
  process.env.TB_AZ_KEY = "azure-key-123";
  process.env.TB_AZ_MGMT = TOKEN;
  const project = await openProject(config);
  if (options.record !== false)
    writeTunedRecord(
      tunedRecordFile(project.layout, "ftjob-7"),
      {
        schema: "tunebench.tuned/1",
        model: "ft:gpt-4o-mini-2024-07-18:acme::abc",
        baseModel: "gpt-4o-mini-2024-07-18",
        endpoint: "az",
        jobId: "ftjob-7",
        suites: ["triage"],
        trainedTokens: 100,
        estimatedTokens: 100,
        trainingCost: 0.01,
        finishedAt: "2026-11-25T00:00:00.000Z",
        deployment: null,
      },
      project.redact,
    );
  return { dir, config, project };
}

/** Every file under `dir`, as text. */
const allText = (dir: string): string =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");

describe("tune deploy: request shapes (Microsoft.CognitiveServices 2024-10-01)", () => {
  it("PUT then GET polls match the published description; the deployment is recorded", async () => {
    const { url, seen } = await managementStandIn();
    const { project, dir } = await azureProject("http://127.0.0.1:9", url);
    const states: string[] = [];
    const { record } = await deployTunedModel(project, { jobId: "ftjob-7", onPoll: (s) => states.push(s) });
    expect(seen.map((s) => s.method)).toEqual(["PUT", "GET", "GET"]);
    expect(states).toEqual(["Accepted", "Creating"]);
    const put = seen[0] as Recorded;
    expect(put.path).toBe(
      "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.CognitiveServices/accounts/acct-1/deployments/tb-triage-ftjob-7",
    );
    for (const request of seen) {
      expect(requestProblems(request)).toEqual([]);
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
    expect(put.body).toEqual({
      sku: { name: "Standard", capacity: 1 },
      properties: { model: { format: "OpenAI", name: "ft:gpt-4o-mini-2024-07-18:acme::abc", version: "1" } },
    });
    expect(record.deployment).toBe("tb-triage-ftjob-7");
    expect(readTunedRecords(project.layout)[0]?.deployment).toBe("tb-triage-ftjob-7");
    expect(allText(dir)).not.toContain(TOKEN);
  });

  it("the check catches a body the description does not take", () => {
    const body = { sku: { capacity: "1" }, model: "ft:x" };
    const path =
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a/deployments/d";
    const bad: Recorded = {
      method: "PUT",
      url: `${path}?api-version=2023-05-01`,
      path,
      query: new URLSearchParams("api-version=2023-05-01"),
      headers: {},
      body,
      raw: JSON.stringify(body),
    };
    expect(requestProblems(bad)).toEqual([
      "api-version is not 2024-10-01",
      "body.sku: missing name",
      "body.sku.capacity: expected an integer",
      "body.model: not in the description",
    ]);
  });

  it("a deployment that ends Failed: DeployFailedError (exit 1), nothing recorded", async () => {
    const { url } = await managementStandIn("Failed");
    const { project } = await azureProject("http://127.0.0.1:9", url);
    await expect(deployTunedModel(project, { jobId: "ftjob-7" })).rejects.toThrow(DeployFailedError);
    expect(readTunedRecords(project.layout)[0]?.deployment).toBeNull();
  });
});

const RESOURCE_PATH =
  "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.CognitiveServices/accounts/acct-1/deployments/tb-triage-ftjob-7";
const OPERATION_PATH =
  "/subscriptions/sub-1/providers/Microsoft.CognitiveServices/locations/eastus/operationResults/op-1";
const TUNED = "ft:gpt-4o-mini-2024-07-18:acme::abc";

/** One scripted answer: status, body, headers (`@origin` in a header is the server's own origin). */
type Answer = [number, unknown, Record<string, string>?];

/**
 * A Resource Manager that answers the PUT with `put` (answers in turn; the last repeats) and the
 * operation URL named in its Azure-AsyncOperation header with `operation`; a GET of the deployment
 * itself says Creating, so a command that polls it instead never finishes Succeeded.
 */
async function asyncStandIn(put: Answer[], operation: Answer[]) {
  let puts = 0;
  let polls = 0;
  server = await fakeServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    const script = req.method === "PUT" ? put[Math.min(puts++, put.length - 1)] : undefined;
    const poll = req.path === OPERATION_PATH ? operation[Math.min(polls++, operation.length - 1)] : undefined;
    const [status, body, headers = {}] = script ??
      poll ?? [200, { name: "x", properties: { provisioningState: "Creating" } }];
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace("@origin", origin)]),
    );
    json(res, status, body, resolved);
  });
  return { url: server.origin, seen: server.requests };
}

const ACCEPTED: Answer = [
  201,
  { name: "x", properties: { provisioningState: "Creating" } },
  { "Azure-AsyncOperation": `@origin${OPERATION_PATH}?api-version=2024-10-01` },
];

/** A sleep that waits for nothing and remembers what it was asked to wait. */
function recordedSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe("tune deploy follows Azure-AsyncOperation (Resource Manager's long-running operations)", () => {
  it("InProgress then Succeeded: polls the operation URL with the token, never the deployment", async () => {
    const { url, seen } = await asyncStandIn(
      [ACCEPTED],
      [
        [200, { status: "InProgress" }],
        [200, { status: "Succeeded" }],
      ],
    );
    const { project } = await azureProject("http://127.0.0.1:9", url);
    const states: string[] = [];
    const { sleep } = recordedSleep();
    const { record } = await deployTunedModel(project, {
      jobId: "ftjob-7",
      sleep,
      onPoll: (s) => states.push(s),
    });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `PUT ${RESOURCE_PATH}`,
      `GET ${OPERATION_PATH}`,
      `GET ${OPERATION_PATH}`,
    ]);
    for (const request of seen) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(states).toEqual(["Creating", "InProgress"]);
    expect(record.deployment).toBe("tb-triage-ftjob-7");
    expect(readTunedRecords(project.layout)[0]?.deployment).toBe("tb-triage-ftjob-7");
  });

  it("Canceled: DeployFailedError with the operation's error on one line, nothing recorded", async () => {
    const { url } = await asyncStandIn(
      [ACCEPTED],
      [[200, { status: "Canceled", error: { code: "Canceled", message: "The operation was\ncanceled." } }]],
    );
    const { project } = await azureProject("http://127.0.0.1:9", url);
    const failure = deployTunedModel(project, { jobId: "ftjob-7", sleep: recordedSleep().sleep });
    await expect(failure).rejects.toThrow(DeployFailedError);
    await expect(failure).rejects.toThrow(
      `deployment tb-triage-ftjob-7 of ${TUNED} ended Canceled: Canceled: The operation was canceled.`,
    );
    expect(readTunedRecords(project.layout)[0]?.deployment).toBeNull();
  });

  it("honours Retry-After (seconds, HTTP date, capped at 60 s) on the PUT, on polls and on 429/503", async () => {
    const later = new Date(Date.now() + 2 * 3_600_000).toUTCString();
    const { url, seen } = await asyncStandIn(
      [
        [429, { error: { code: "TooManyRequests", message: "slow down" } }, { "Retry-After": "2" }],
        [ACCEPTED[0], ACCEPTED[1], { ...ACCEPTED[2], "Retry-After": "1" }],
      ],
      [
        [429, { error: { code: "TooManyRequests", message: "slow down" } }, { "Retry-After": "0" }],
        [503, {}],
        [200, { status: "InProgress" }, { "Retry-After": later }],
        [200, { status: "Succeeded" }],
      ],
    );
    const { project } = await azureProject("http://127.0.0.1:9", url);
    const { waits, sleep } = recordedSleep();
    await deployTunedModel(project, { jobId: "ftjob-7", sleep });
    // 2 s before the PUT again, 1 s before the first poll, then 0, the default interval (a loopback
    // management URL: 100 ms) where the 503 named none, and the two-hours date capped to 60 s.
    expect(waits).toEqual([2_000, 1_000, 0, 100, 60_000]);
    expect(seen.map((s) => s.method)).toEqual(["PUT", "PUT", "GET", "GET", "GET", "GET"]);
  });

  it("an operation URL on another host is not sent the token: the deployment itself is polled", async () => {
    const { url, seen } = await asyncStandIn(
      [[201, ACCEPTED[1], { "Azure-AsyncOperation": `http://localhost:9${OPERATION_PATH}` }]],
      [],
    );
    const { project } = await azureProject("http://127.0.0.1:9", url);
    const states: string[] = [];
    await expect(
      deployTunedModel(project, {
        jobId: "ftjob-7",
        timeoutMs: 60_000,
        sleep: async (ms) => {
          // The deployment says Creating for ever: stop once it has been polled.
          if (states.length >= 2) throw new Error(`stop after ${ms}`);
        },
        onPoll: (s) => states.push(s),
      }),
    ).rejects.toThrow(/stop after/);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `PUT ${RESOURCE_PATH}`,
      `GET ${RESOURCE_PATH}`,
    ]);
  });
});

describe("tune deploy: bad input (one line, exit 2)", () => {
  it("not Azure, missing fields or token, no succeeded job", async () => {
    const { url } = await managementStandIn();
    const plain = await azureProject("", url, { azure: `  az: { baseURL: "http://127.0.0.1:9/v1" }\n` });
    await expect(deployTunedModel(plain.project, { jobId: "ftjob-7" })).rejects.toThrow(
      /endpoints\.az is not an Azure OpenAI endpoint/,
    );
    const partial = await azureProject("", url, {
      azure: `  az: { baseURL: "http://127.0.0.1:9", azure: { apiVersion: "2024-10-21", subscription: s } }\n`,
    });
    await expect(deployTunedModel(partial.project, { jobId: "ftjob-7" })).rejects.toThrow(
      "endpoints.az.azure needs resourceGroup, account, tokenEnv to deploy",
    );
    const full = await azureProject("http://127.0.0.1:9", url);
    await expect(deployTunedModel(full.project, { jobId: "ftjob-nope" })).rejects.toThrow(TuneError);
    await expect(deployTunedModel(full.project, { jobId: "ftjob-nope" })).rejects.toThrow(
      /no succeeded tuning job ftjob-nope recorded/,
    );
    delete process.env.TB_AZ_MGMT;
    await expect(deployTunedModel(full.project, { jobId: "ftjob-7" })).rejects.toThrow(
      /TB_AZ_MGMT is not set/,
    );
  });
});

describe("tune deploy on the simulator: start, wait, deploy, run, offline", () => {
  it("the tuned strategy on the Azure endpoint calls the deployment, which answers as the tuned model", async () => {
    sim = await startSimulator({ port: 0, jobSeconds: 0.5 });
    const resource = sim.url.replace(/\/v1$/, "");
    const { config, dir } = await azureProject(resource, resource, { record: false });
    await prepareTraining({ config, validShare: 0 });
    const project = await openProject(config);
    await startJob(
      project,
      await planUpload(project, { endpoint: "az", model: "sim-base", epochs: 2, batchSize: "auto" }),
    );
    const outcome = await waitForJob(project);
    expect(outcome.job.status).toBe("succeeded");
    const tuned = outcome.job.fine_tuned_model as string;

    // Before the deployment exists, the name answers nothing.
    const chatURL = (name: string) =>
      `${resource}/openai/deployments/${name}/chat/completions?api-version=2024-10-21`;
    const ask = (name: string) =>
      fetch(chatURL(name), {
        method: "POST",
        headers: { "api-key": "azure-key-123", "content-type": "application/json" },
        body: JSON.stringify({ model: name, messages: [{ role: "user", content: "I was charged twice" }] }),
      });
    expect((await ask("triage-v1")).status).toBe(404);

    const states: string[] = [];
    const { record } = await deployTunedModel(project, {
      deployment: "triage-v1",
      onPoll: (s) => states.push(s),
    });
    expect(states).toContain("Creating");
    expect(record).toMatchObject({ model: tuned, deployment: "triage-v1" });
    expect(
      sim.stats.byRoute[
        "PUT /subscriptions/:subscription/resourceGroups/:resourceGroup/providers/Microsoft.CognitiveServices/accounts/:account/deployments/:deployment"
      ],
    ).toBe(1);
    // Followed as Resource Manager says: the PUT's Azure-AsyncOperation, not the deployment.
    expect(states).toContain("InProgress");
    expect(
      sim.stats.byRoute[
        "GET /subscriptions/:subscription/providers/Microsoft.CognitiveServices/locations/sim/operationStatuses/:operation"
      ],
    ).toBeGreaterThan(0);
    expect(
      sim.stats.byRoute[
        "GET /subscriptions/:subscription/resourceGroups/:resourceGroup/providers/Microsoft.CognitiveServices/accounts/:account/deployments/:deployment"
      ],
    ).toBeUndefined();
    const answer = (await (await ask("triage-v1")).json()) as { model: string };
    expect(answer.model).toBe(tuned);

    const run = await runAndSummarize({ config, strategies: ["tuned"], suites: ["triage"], cache: false });
    const groups = run.summary.groups.filter((g) => g.strategy === "tuned");
    expect(groups.map((g) => [g.model, g.errors])).toEqual([["triage-v1", 0]]);
    expect(groups[0]?.format?.rate).toBe(1);
    expect(allText(dir)).not.toContain(TOKEN);
  }, 60_000);
});

describe("tunebench tune deploy (the CLI)", () => {
  it("exit 2 with one line for bad input, exit 1 with the provider's message for a failed deployment; help", async () => {
    const { url } = await managementStandIn("Failed");
    const { dir } = await azureProject("http://127.0.0.1:9", url);
    const env = { TB_AZ_MGMT: TOKEN, TB_AZ_KEY: "k" };
    const none = spawnCli(dir, ["tune", "deploy", "--job", "ftjob-nope"], env);
    expect(await none.exit).toBe(2);
    expect(none.err().trim().split("\n")).toHaveLength(1);
    expect(none.err()).toContain("no succeeded tuning job ftjob-nope recorded");
    const failed = spawnCli(dir, ["tune", "deploy", "--job", "ftjob-7"], env);
    expect(await failed.exit).toBe(1);
    expect(failed.err()).toContain("ended Failed");
    const help = spawnCli(dir, ["tune", "deploy", "--help"]);
    expect(await help.exit).toBe(0);
    expect(help.out()).toContain("--deployment <name>");
    expect(help.out()).toContain("provisioningState");
    expect(allText(dir)).not.toContain(TOKEN);
  }, 30_000);

  it("an operation that ends Failed: exit 1 and one line with Azure's code and message", async () => {
    const { url } = await asyncStandIn(
      [ACCEPTED],
      [
        [200, { status: "InProgress" }, { "Retry-After": "0" }],
        [
          200,
          {
            status: "Failed",
            error: { code: "InsufficientQuota", message: "This operation requires 1 more unit of quota." },
          },
        ],
      ],
    );
    const { dir } = await azureProject("http://127.0.0.1:9", url);
    const failed = spawnCli(dir, ["tune", "deploy", "--job", "ftjob-7"], {
      TB_AZ_MGMT: TOKEN,
      TB_AZ_KEY: "k",
    });
    expect(await failed.exit).toBe(1);
    expect(failed.err().trim().split("\n")).toEqual([
      `deployment tb-triage-ftjob-7 of ${TUNED} ended Failed: InsufficientQuota: This operation requires 1 more unit of quota.`,
    ]);
    expect(failed.out()).toContain("deployment: InProgress");
  }, 30_000);

  it("a deployment the provider refuses: exit 1 with its message, the token redacted", async () => {
    sim = await startSimulator({ port: 0 });
    const resource = sim.url.replace(/\/v1$/, "");
    const { dir } = await azureProject(resource, resource);
    const refused = spawnCli(dir, ["tune", "deploy", "--job", "ftjob-7"], {
      TB_AZ_MGMT: TOKEN,
      TB_AZ_KEY: "k",
    });
    expect(await refused.exit).toBe(1);
    expect(refused.err()).toContain("DeploymentModelNotSupported");
    expect(refused.err()).not.toContain(TOKEN);
  }, 30_000);
});

it("Ctrl-C while the deployment provisions: exit 130 and the command that picks it up again", async () => {
  const { url } = await managementStandIn("Creating");
  const { dir } = await azureProject("http://127.0.0.1:9", url);
  const following = spawnCli(dir, ["tune", "deploy", "--job", "ftjob-7"], {
    TB_AZ_MGMT: TOKEN,
    TB_AZ_KEY: "k",
  });
  await vi.waitFor(() => expect(following.out()).toContain("deployment: Creating"), { timeout: 20_000 });
  following.child.kill("SIGINT");
  expect(await following.exit).toBe(130);
  expect(following.err()).toContain("`tunebench tune deploy --job ftjob-7` picks it up again");
}, 30_000);
