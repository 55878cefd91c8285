import { badRequest } from "./errors.js";

export interface MultipartFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, MultipartFile>;
}

function boundaryOf(contentType: string | undefined): string {
  const type = contentType ?? "";
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw badRequest(
      `Invalid Content-Type header (${type || "none"}), expected multipart/form-data with a boundary.`,
    );
  }
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw badRequest("The multipart/form-data Content-Type header has no boundary.");
  return boundary;
}

/** `name="value"` parameters of a Content-Disposition header (RFC 7578; quotes escaped with \). */
function dispositionParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of header.matchAll(/;\s*([A-Za-z*]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = (m[1] ?? "").toLowerCase();
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "").trim();
  }
  return params;
}

/** Parses a multipart/form-data body (binary-safe: parts are sliced as bytes, never decoded whole). */
export function parseMultipart(raw: Buffer, contentType: string | undefined): MultipartBody {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const body: MultipartBody = { fields: {}, files: {} };
  let position = raw.indexOf(delimiter);
  if (position < 0) throw badRequest("The multipart body has no part with the declared boundary.");
  for (;;) {
    position += delimiter.length;
    // `--` after a delimiter ends the body.
    if (raw[position] === 0x2d && raw[position + 1] === 0x2d) break;
    if (raw[position] === 0x0d && raw[position + 1] === 0x0a) position += 2;
    const next = raw.indexOf(delimiter, position);
    if (next < 0) throw badRequest("The multipart body ends without its closing boundary.");
    // The part ends with CRLF before the next delimiter.
    const part = raw.subarray(position, next >= 2 && raw[next - 2] === 0x0d ? next - 2 : next);
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) throw badRequest("A multipart part has no header section.");
    const headers: Record<string, string> = {};
    for (const line of part.subarray(0, split).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const data = part.subarray(split + 4);
    const params = dispositionParams(headers["content-disposition"] ?? "");
    const name = params.name;
    if (name !== undefined) {
      if (params.filename !== undefined) {
        body.files[name] = {
          filename: params.filename,
          contentType: headers["content-type"] ?? "application/octet-stream",
          data: Buffer.from(data),
        };
      } else body.fields[name] = data.toString("utf8");
    }
    position = next;
  }
  return body;
}
