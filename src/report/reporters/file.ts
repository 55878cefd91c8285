import { createWriteStream } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** Writes via a temp file and a rename, so a reader never sees half a report. */
export async function writeReportFile(dir: string, name: string, content: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(`${file}.tmp`, content);
  await rename(`${file}.tmp`, file);
  return file;
}

const isIterable = (x: unknown): x is Iterable<unknown> =>
  typeof x === "object" && x !== null && Symbol.iterator in x;

/** `JSON.stringify(value, null, 2)` of a value nested `depth` levels deep. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`);
}

/**
 * The bytes of `JSON.stringify(value, null, 2)` and a newline, written in pieces: the top-level
 * lists named in `large` (arrays or other iterables, such as the case section) one element at a
 * time, so a 100,000-case report is never one string.
 */
export async function writeJsonFile(
  dir: string,
  name: string,
  value: Record<string, unknown>,
  large: readonly string[],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const out = createWriteStream(`${file}.tmp`);
  // Pieces are gathered into writes of ~64 KB: a write per case cost more than the JSON itself.
  let gathered = "";
  const flush = () => {
    const text = gathered;
    gathered = "";
    return out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", resolve));
  };
  const put = (text: string) => {
    gathered += text;
    return gathered.length >= 1 << 16 ? flush() : Promise.resolve();
  };
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  await put("{");
  for (const [i, key] of keys.entries()) {
    const item = value[key];
    await put(`${i ? "," : ""}\n  ${JSON.stringify(key)}: `);
    if (!large.includes(key) || !isIterable(item)) await put(nested(item, 1));
    else {
      let j = 0;
      for (const element of item) await put(`${j++ ? "," : "["}\n    ${nested(element, 2)}`);
      await put(j ? "\n  ]" : "[]");
    }
  }
  await put(keys.length ? "\n}\n" : "}\n");
  await flush();
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  await rename(`${file}.tmp`, file);
  return file;
}
