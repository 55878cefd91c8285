import { randomBytes } from "node:crypto";

/** Sortable by time, unique enough for parallel CI jobs: 20261124-235901-3fa2. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}
