import { createHash } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";

/** Bump when chunking or the stored layout changes, so old indexes rebuild. */
export const INDEX_FORMAT = 1;

/** What an on-disk index was built from; any difference means rebuild. */
export interface Manifest {
  format: number;
  key: string;
  embedder: string;
  chunkTokens: number;
  files: { path: string; sha256: string }[];
  chunks: number;
  /** Vectors actually stored (chunks with an all-zero vector are left out). */
  items: number;
}

export interface NoteFile {
  path: string;
  text: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function manifestFor(
  notes: readonly NoteFile[],
  embedder: string,
  chunkTokens: number,
): Omit<Manifest, "chunks" | "items"> {
  const files = notes.map((note) => ({ path: note.path, sha256: sha256(note.text) }));
  const key = sha256(JSON.stringify({ format: INDEX_FORMAT, embedder, chunkTokens, files }));
  return { format: INDEX_FORMAT, key, embedder, chunkTokens, files };
}

export async function readManifest(file: string): Promise<Manifest | null> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<Manifest>;
    return typeof parsed.key === "string" && typeof parsed.items === "number" ? (parsed as Manifest) : null;
  } catch {
    return null;
  }
}

/** Written last and atomically: a build that dies halfway leaves no manifest, so the next run rebuilds. */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temp, file);
}

export async function removeManifest(file: string): Promise<void> {
  await rm(file, { force: true });
}
