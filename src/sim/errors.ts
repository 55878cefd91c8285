/** An error the simulator answers with, in OpenAI's `{ error: { message, type, param, code } }` shape. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SimError";
  }

  toBody() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new SimError(400, message, "invalid_request_error", param, code);

export const modelNotFound = (model: string) =>
  new SimError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    "invalid_request_error",
    null,
    "model_not_found",
  );

export const invalidUrl = (method: string, path: string) =>
  new SimError(404, `Invalid URL (${method} ${path})`, "invalid_request_error");
