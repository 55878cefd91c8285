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
