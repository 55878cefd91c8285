import { modelNotFound, SimError } from "../errors.js";
import { modelObject } from "../registry.js";
import type { Route, SimContext, SimRequest } from "../router.js";

/** The model the path names, or the 404 OpenAI answers when there is none. */
function namedModel(request: SimRequest, context: SimContext) {
  const id = request.params.model ?? "";
  const model = context.models.get(id);
  if (!model) throw modelNotFound(id);
  return { id, model };
}

export const modelRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/models",
    handle: (_request, context) => ({
      json: {
        object: "list",
        data: context.models.list().map((m) => modelObject(m, context.settings.retiring)),
      },
    }),
  },
  {
    method: "GET",
    path: "/v1/models/:model",
    handle: (request, context) => ({
      json: modelObject(namedModel(request, context).model, context.settings.retiring),
    }),
  },
  {
    method: "DELETE",
    path: "/v1/models/:model",
    handle(request, context) {
      const { id, model } = namedModel(request, context);
      // Like OpenAI, only tuned models can be deleted.
      if (!model.base) {
        throw new SimError(
          403,
          `You have insufficient permissions to delete the model \`${id}\`.`,
          "invalid_request_error",
          null,
          "model_not_deletable",
        );
      }
      context.models.delete(id);
      return { json: { id, object: "model", deleted: true } };
    },
  },
];
