// The one reader of training JSONL, from bytes in memory or streamed from a file (memory stays
// flat however large the file). It works on bytes, not text: a byte order mark and bytes that are
// not UTF-8 must be reported, and decoding the file as text first would hide both (the upload
// sends the raw bytes, and the provider rejects them).
import { createReadStream } from "node:fs";

/** One line of a JSONL file. */
export interface JsonlLine {
  /** 1-based. */
  line: number;
  /** The line as text, without the byte order mark; bytes that are not UTF-8 read as U+FFFD. */
  text: string;
  /** Empty or only white space: not an example. */
  blank: boolean;
  /** The parsed value, when the line is JSON. */
  value?: unknown;
  /** Why the line is not JSON. */
  error?: string;
  /** Line 1 starts with a UTF-8 byte order mark. */
  bom?: true;
  /** The line holds a byte sequence that is not UTF-8. */
  invalidUtf8?: true;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });
const NEWLINE = 0x0a;
const CR = 0x0d;

/** Decodes and parses one line's bytes (without its line break). */
export function decodeLine(bytes: Uint8Array, line: number): JsonlLine {
  let body = bytes.at(-1) === CR ? bytes.subarray(0, -1) : bytes;
  const entry: JsonlLine = { line, text: "", blank: false };
  if (line === 1 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    entry.bom = true;
    body = body.subarray(3);
  }
  try {
    entry.text = strict.decode(body);
  } catch {
    entry.invalidUtf8 = true;
    entry.text = lenient.decode(body);
  }
  if (entry.text.trim() === "") entry.blank = true;
  else {
    try {
      entry.value = JSON.parse(entry.text);
    } catch (error) {
      entry.error = (error as Error).message;
    }
  }
  return entry;
}

/** The lines of JSONL held in memory (a string is read as its UTF-8 bytes). A final line break starts no line. */
export function* jsonlLines(data: Uint8Array | string): Generator<JsonlLine> {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let line = 0;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    yield decodeLine(bytes.subarray(start, end), ++line);
    start = end + 1;
  }
}

/** The lines of a JSONL file, streamed; `chunkSize` is the read size (tests use tiny ones). */
export async function* readJsonlFile(
  file: string,
  options: { chunkSize?: number } = {},
): AsyncGenerator<JsonlLine> {
  const stream = createReadStream(file, options.chunkSize ? { highWaterMark: options.chunkSize } : {});
  // The start of a line whose end has not been read yet.
  let pending: Buffer[] = [];
  let line = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      yield decodeLine(pending.length ? Buffer.concat([...pending, piece]) : piece, ++line);
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) yield decodeLine(Buffer.concat(pending), ++line);
}
