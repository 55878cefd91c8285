import { countTokens, encodingFor } from "../../model/index.js";
import { hashedVector } from "../../text/index.js";
import { badRequest, modelNotFound } from "../errors.js";
import { jsonObject, type Route } from "../router.js";

export const DEFAULT_DIMENSIONS = 256;
const MAX_DIMENSIONS = 3072;

/** Little-endian float32, the layout the openai SDK decodes base64 embeddings with. */
function toBase64(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => {
    buffer.writeFloatLE(v, i * 4);
  });
  return buffer.toString("base64");
}

function inputs(value: unknown): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === "string")) {
    throw badRequest(
      "'input' must be a non-empty string or array of strings (the simulator does not accept token arrays).",
      "input",
      "invalid_type",
    );
  }
  if (list.some((v) => v === ""))
    throw badRequest("'input' cannot contain an empty string.", "input", "invalid_value");
  return list;
}

export const embeddingRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/embeddings",
    handle(request, context) {
      const body = jsonObject(request);
      if (typeof body.model !== "string" || body.model === "") {
        throw badRequest("you must provide a model parameter", "model", "missing_required_parameter");
      }
      const model = context.models.get(body.model);
      if (!model) throw modelNotFound(body.model);
      if (model.kind !== "embedding") {
        throw badRequest(`\`${model.id}\` is not an embedding model.`, "model", "model_not_supported");
      }
      const texts = inputs(body.input);
      const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
      if (
        !Number.isInteger(dimensions) ||
        (dimensions as number) < 1 ||
        (dimensions as number) > MAX_DIMENSIONS
      ) {
        throw badRequest(
          `'dimensions' must be an integer from 1 to ${MAX_DIMENSIONS}.`,
          "dimensions",
          "invalid_value",
        );
      }
      const format = body.encoding_format ?? "float";
      if (format !== "float" && format !== "base64") {
        throw badRequest(
          "'encoding_format' must be 'float' or 'base64'.",
          "encoding_format",
          "invalid_value",
        );
      }
      const encoding = encodingFor(model.id);
      const tokens = texts.reduce((sum, text) => sum + countTokens(text, encoding), 0);
      return {
        json: {
          object: "list",
          data: texts.map((text, index) => {
            // Rounded to float32 so the float and base64 encodings carry the same numbers.
            const vector = hashedVector(text, dimensions as number).map(Math.fround);
            return { object: "embedding", index, embedding: format === "base64" ? toBase64(vector) : vector };
          }),
          model: model.id,
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        },
      };
    },
  },
];
