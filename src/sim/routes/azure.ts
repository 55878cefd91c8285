// Azure OpenAI's data plane (Microsoft's description, api-version 2024-10-21): the same files,
// fine-tuning, models and batches under {resource}/openai, every operation with a required
// `api-version` query; chat and embeddings go to /openai/deployments/{deployment}/..., a
// deployment of a model (here the deployment's name is the model's id, as the SDK sends it).
import { badRequest } from "../errors.js";
import type { Route } from "../router.js";
import { deployedModel } from "./management.js";

const DEPLOYED = new Set(["/chat/completions", "/embeddings"]);

/** Each `/v1/...` route again as Azure OpenAI serves it. */
export function azureRoutes(routes: readonly Route[]): Route[] {
  return routes
    .filter((r) => r.path.startsWith("/v1/"))
    .map((r) => {
      const rest = r.path.slice("/v1".length);
      return {
        method: r.method,
        path: DEPLOYED.has(rest) ? `/openai/deployments/:deployment${rest}` : `/openai${rest}`,
        handle(request, context) {
          if (!request.query.get("api-version"))
            throw badRequest(
              "Azure OpenAI needs the api-version query parameter on every request.",
              "api-version",
            );
          // A deployment made through the management routes answers as the model it deploys.
          const deployed = request.params.deployment
            ? deployedModel(context, request.params.deployment)
            : undefined;
          if (!deployed) return r.handle(request, context);
          const body = request.json();
          return r.handle({ ...request, json: () => ({ ...(body as object), model: deployed }) }, context);
        },
      };
    });
}
