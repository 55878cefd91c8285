import { existsSync, readdirSync } from "node:fs";
import module from "node:module";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { tempDir } from "../helpers/suite.js";
import { runCli } from "../reliability/cli.js";

// Node 22.1+ keeps compiled modules on disk when asked (src/compile-cache.ts); Node 20 cannot.
const hasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";

describe.skipIf(!hasCache)("the CLI's compile cache", { timeout: 30_000 }, () => {
  // `validate` in a folder without a config loads the config code lazily, then exits 2.
  async function validateIn(env: NodeJS.ProcessEnv) {
    const tmp = tempDir("tb-ccache-");
    const result = await runCli(["validate"], {
      cwd: tmp,
      env: { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, ...env },
    });
    expect(result.code).toBe(2);
    return path.join(tmp, "node-compile-cache");
  }

  test("is kept in the temp folder for the next start", async () => {
    const cache = await validateIn({});
    expect(existsSync(cache) && readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
  });

  test("NODE_DISABLE_COMPILE_CACHE=1 turns it off", async () => {
    expect(existsSync(await validateIn({ NODE_DISABLE_COMPILE_CACHE: "1" }))).toBe(false);
  });
});
