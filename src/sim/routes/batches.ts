import { BATCH_SLOT, BatchStore } from "../batches.js";
import { badRequest, SimError } from "../errors.js";
import { jsonObject, type Route, type SimContext } from "../router.js";
import { tuningStore } from "./files.js";
import { limitParam, pageAfter } from "./paging.js";

/** The instance's batch store (the server creates it with its settings; a bare context gets one in memory). */
function batchStore(context: SimContext): BatchStore {
  return context.slot(BATCH_SLOT, () => new BatchStore({ files: tuningStore(context) }));
}

const batchNotFound = (id: string) =>
  new SimError(404, `No batch found with id '${id}'.`, "invalid_request_error", null, "batch_not_found");

/** The store and the batch the path's :id names, or the API's 404. */
function namedBatch(params: Record<string, string | undefined>, context: SimContext) {
  const store = batchStore(context);
  const id = params.id ?? "";
  const batch = store.get(id);
  if (!batch) throw batchNotFound(id);
  return { store, batch };
}

const ENDPOINTS = ["/v1/chat/completions"];

export const batchRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/batches",
    handle(request, context) {
      const body = jsonObject(request);
      for (const name of ["input_file_id", "endpoint", "completion_window"] as const)
        if (typeof body[name] !== "string")
          throw badRequest(`Missing required parameter: '${name}'.`, name, "missing_required_parameter");
      const endpoint = body.endpoint as string;
      if (!ENDPOINTS.includes(endpoint))
        throw badRequest(
          `Invalid value for 'endpoint': '${endpoint}'. The simulator batches ${ENDPOINTS.join(", ")}.`,
          "endpoint",
          "invalid_value",
        );
      if (body.completion_window !== "24h")
        throw badRequest(
          "Invalid value for 'completion_window': only '24h' is supported.",
          "completion_window",
          "invalid_value",
        );
      const metadata =
        body.metadata && typeof body.metadata === "object" ? (body.metadata as Record<string, string>) : null;
      const store = batchStore(context);
      const batch = store.create({
        inputFileId: body.input_file_id as string,
        endpoint,
        window: "24h",
        metadata,
      });
      return { json: store.view(batch, context) };
    },
  },
  {
    method: "GET",
    path: "/v1/batches",
    handle(request, context) {
      const store = batchStore(context);
      const limit = limitParam(request.query, 20, 100);
      const { data: page, has_more } = pageAfter(store.list().reverse(), request.query.get("after"), limit);
      return {
        json: {
          object: "list",
          data: page.map((b) => store.view(b, context)),
          ...(page.length ? { first_id: page[0]?.id, last_id: page[page.length - 1]?.id } : {}),
          has_more,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/v1/batches/:id",
    handle(request, context) {
      const { store, batch } = namedBatch(request.params, context);
      return { json: store.view(batch, context) };
    },
  },
  {
    method: "POST",
    path: "/v1/batches/:id/cancel",
    handle(request, context) {
      const { store, batch } = namedBatch(request.params, context);
      return { json: store.view(store.cancel(batch), context) };
    },
  },
];
