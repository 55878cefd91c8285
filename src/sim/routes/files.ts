import { SimError } from "../errors.js";
import { parseMultipart } from "../multipart.js";
import type { Route, SimContext } from "../router.js";
import { FILE_PURPOSES, type StoredFile, TUNING_SLOT, TuningStore } from "../tuning.js";
import { limitParam, pageAfter } from "./paging.js";

/** The instance's store (the server creates it with its state folder; a bare context gets one in memory). */
export function tuningStore(context: SimContext): TuningStore {
  return context.slot(TUNING_SLOT, () => new TuningStore({ models: context.models }));
}

function fileObject(file: StoredFile) {
  return {
    object: "file" as const,
    id: file.id,
    purpose: file.purpose,
    filename: file.filename,
    bytes: file.bytes,
    created_at: file.createdAt,
    status: "processed" as const,
  };
}

const fileNotFound = (id: string) =>
  new SimError(404, `No such File object: ${id}`, "invalid_request_error", "id", null);

export const fileRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/files",
    handle(request, context) {
      const { fields, files } = parseMultipart(request.raw, request.headers["content-type"]);
      const purpose = fields.purpose;
      if (purpose === undefined) {
        throw new SimError(
          400,
          "Missing required parameter: 'purpose'.",
          "invalid_request_error",
          "purpose",
          "missing_required_parameter",
        );
      }
      if (!(FILE_PURPOSES as readonly string[]).includes(purpose)) {
        throw new SimError(
          400,
          `Invalid value for 'purpose': '${purpose}'. Supported values are: ${FILE_PURPOSES.map((p) => `'${p}'`).join(", ")}.`,
          "invalid_request_error",
          "purpose",
          "invalid_value",
        );
      }
      const upload = files.file;
      if (!upload) {
        throw new SimError(
          400,
          "Missing required parameter: 'file'.",
          "invalid_request_error",
          "file",
          "missing_required_parameter",
        );
      }
      if (purpose === "fine-tune" && !/\.jsonl$/i.test(upload.filename)) {
        throw new SimError(
          400,
          "Invalid file format for Fine-Tuning API. Must be .jsonl",
          "invalid_request_error",
          "file",
          "invalid_file_format",
        );
      }
      return { json: fileObject(tuningStore(context).addFile(upload.filename, purpose, upload.data)) };
    },
  },
  {
    method: "GET",
    path: "/v1/files",
    handle(request, context) {
      const purpose = request.query.get("purpose");
      const order = request.query.get("order") ?? "desc";
      if (order !== "asc" && order !== "desc") {
        throw new SimError(
          400,
          "Invalid 'order': expected 'asc' or 'desc'.",
          "invalid_request_error",
          "order",
          "invalid_value",
        );
      }
      const limit = limitParam(request.query, 10_000, 10_000);
      let list = tuningStore(context)
        .listFiles()
        .filter((f) => purpose === null || f.purpose === purpose);
      if (order === "desc") list = list.reverse();
      const { data: page, has_more } = pageAfter(list, request.query.get("after"), limit);
      return {
        json: {
          object: "list",
          data: page.map(fileObject),
          first_id: page[0]?.id ?? null,
          last_id: page[page.length - 1]?.id ?? null,
          has_more,
        },
      };
    },
  },
  {
    method: "GET",
    path: "/v1/files/:id",
    handle(request, context) {
      const id = request.params.id ?? "";
      const file = tuningStore(context).getFile(id);
      if (!file) throw fileNotFound(id);
      return { json: fileObject(file) };
    },
  },
  {
    method: "GET",
    path: "/v1/files/:id/content",
    handle(request, context) {
      const id = request.params.id ?? "";
      const data = tuningStore(context).fileContent(id);
      if (!data) throw fileNotFound(id);
      return { body: data, contentType: "application/octet-stream" };
    },
  },
  {
    method: "DELETE",
    path: "/v1/files/:id",
    handle(request, context) {
      const id = request.params.id ?? "";
      if (!tuningStore(context).deleteFile(id)) throw fileNotFound(id);
      return { json: { object: "file", id, deleted: true } };
    },
  },
];
