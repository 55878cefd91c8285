import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { schemaFiles } from "./json-schema.js";

// Both src/config and dist/config sit two levels below the package root.
export const SCHEMA_DIR = fileURLToPath(new URL("../../schema/", import.meta.url));

export async function writeSchemas(dir: string = SCHEMA_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(schemaFiles())) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    written.push(file);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of await writeSchemas()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
