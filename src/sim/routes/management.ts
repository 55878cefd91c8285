// Azure's management plane for model deployments (Microsoft.CognitiveServices 2024-10-01,
// "Deployments - Create Or Update" and "Deployments - Get"): PUT creates a deployment of a model
// on an account, GET shows its provisioningState going from Creating to Succeeded. The PUT is a
// long-running operation, as Resource Manager tracks them: its answer names an
// `Azure-AsyncOperation` URL whose status goes from InProgress to Succeeded.
// Once provisioned, chat at /openai/deployments/{name}/... answers as the deployed model (azure.ts).
import type { Route, SimContext, SimReply, SimRequest } from "../router.js";

/** How long the simulator takes to provision a deployment: long enough to be polled. */
export const SIM_DEPLOY_MS = 300;

interface SimDeployment {
  name: string;
  model: string;
  sku: unknown;
  createdAt: number;
}

const PATH =
  "/subscriptions/:subscription/resourceGroups/:resourceGroup/providers/Microsoft.CognitiveServices/accounts/:account/deployments/:deployment";

const OPERATION =
  "/subscriptions/:subscription/providers/Microsoft.CognitiveServices/locations/sim/operationStatuses/:operation";

const store = (context: SimContext) =>
  context.slot("azure-deployments", () => new Map<string, SimDeployment>());

const key = (p: Record<string, string>) =>
  [p.subscription, p.resourceGroup, p.account, p.deployment].join("/").toLowerCase();

/** Resource Manager's error shape: `{ error: { code, message } }`. */
const armError = (status: number, code: string, message: string): SimReply => ({
  status,
  json: { error: { code, message } },
});

const provisioned = (d: SimDeployment) => Date.now() - d.createdAt >= SIM_DEPLOY_MS;

/** The operation a PUT started: the deployment it provisions, under an id of its own. */
const operations = (context: SimContext) =>
  context.slot("azure-deploy-operations", () => new Map<string, SimDeployment>());

function view(request: SimRequest, d: SimDeployment): unknown {
  return {
    id: request.path,
    name: d.name,
    type: "Microsoft.CognitiveServices/accounts/deployments",
    sku: d.sku,
    properties: {
      model: { format: "OpenAI", name: d.model, version: "1" },
      provisioningState: provisioned(d) ? "Succeeded" : "Creating",
    },
  };
}

/** The model a deployment serves once provisioned, if `name` is one on this simulator. */
export function deployedModel(context: SimContext, name: string): string | undefined {
  for (const d of store(context).values()) if (d.name === name && provisioned(d)) return d.model;
  return undefined;
}

function needsVersion(request: SimRequest): SimReply | null {
  return request.query.get("api-version")
    ? null
    : armError(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required.",
      );
}

export const managementRoutes: Route[] = [
  {
    method: "PUT",
    path: PATH,
    handle(request, context) {
      const missing = needsVersion(request);
      if (missing) return missing;
      const body = request.json() as {
        sku?: { name?: unknown };
        properties?: { model?: { name?: unknown } };
      };
      const model = body?.properties?.model?.name;
      if (typeof body?.sku?.name !== "string")
        return armError(
          400,
          "InvalidRequestContent",
          "The request content is invalid: sku.name is required.",
        );
      if (typeof model !== "string" || !context.models.get(model))
        return armError(
          400,
          "DeploymentModelNotSupported",
          `The model '${String(model)}' is not supported for deployment on this account.`,
        );
      const deployments = store(context);
      const created = !deployments.has(key(request.params));
      const d = { name: request.params.deployment ?? "", model, sku: body.sku, createdAt: Date.now() };
      deployments.set(key(request.params), d);
      const id = `op-${operations(context).size + 1}`;
      operations(context).set(id, d);
      const host = request.headers.host ?? "127.0.0.1";
      const status = OPERATION.replace(":subscription", request.params.subscription ?? "").replace(
        ":operation",
        id,
      );
      return {
        status: created ? 201 : 200,
        json: view(request, d),
        headers: {
          "Azure-AsyncOperation": `http://${host}${status}?api-version=${request.query.get("api-version")}`,
        },
      };
    },
  },
  {
    method: "GET",
    path: PATH,
    handle(request, context) {
      const missing = needsVersion(request);
      if (missing) return missing;
      const d = store(context).get(key(request.params));
      if (!d)
        return armError(404, "DeploymentNotFound", `Deployment '${request.params.deployment}' not found.`);
      return { json: view(request, d) };
    },
  },
  {
    method: "GET",
    path: OPERATION,
    handle(request, context) {
      const missing = needsVersion(request);
      if (missing) return missing;
      const d = operations(context).get(request.params.operation ?? "");
      if (!d) return armError(404, "OperationNotFound", `Operation '${request.params.operation}' not found.`);
      // No Retry-After: Resource Manager may leave it out, and the client then picks its interval.
      const status = provisioned(d) ? "Succeeded" : "InProgress";
      return { json: { id: request.path, name: request.params.operation, status } };
    },
  },
];
