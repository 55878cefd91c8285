// The first minutes of a user, from the packed npm package, with no network: install the tarball
// into an empty folder, `npx tunebench init`, `npx tunebench run` exits 0 and writes a report.
//
// Offline install: npm needs the registry's metadata to resolve version ranges, which an offline
// machine lacks, but not with a lockfile: this repository's package-lock.json pins every runtime
// dependency (version + integrity), so a lockfile for the empty project is that one's runtime part
// plus the tarball; `npm ci --offline` then takes every package from the npm cache this
// repository's own `npm ci` filled, and never opens a connection (--offline; the proxy settings
// point at a closed loopback port in case anything tried).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/suite.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const OFFLINE = {
  ...process.env,
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_proxy: "http://127.0.0.1:9",
  npm_config_https_proxy: "http://127.0.0.1:9",
  NO_COLOR: "1",
};

function sh(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, env: OFFLINE, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** package.json + package-lock.json for a project depending only on the tarball. */
function lockFor(tarball: string): { manifest: object; lock: object } {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const repoLock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    "": { name: "first-minutes", dependencies: { tunebench: spec } },
    "node_modules/tunebench": {
      version: pkg.version,
      resolved: spec,
      integrity,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [key, entry] of Object.entries(repoLock.packages as Record<string, { dev?: boolean }>))
    if (key !== "" && !entry.dev) packages[key] = entry;
  return {
    manifest: { name: "first-minutes", private: true, dependencies: { tunebench: spec } },
    lock: { name: "first-minutes", lockfileVersion: 3, requires: true, packages },
  };
}

describe("the packed package in an empty folder, offline", () => {
  it("installs, inits and runs: exit 0 and a report", () => {
    expect(existsSync(path.join(root, "dist/cli.js")), "build first: npm run build (npm test does)").toBe(
      true,
    );
    const work = tempDir("tunebench-packed-");
    const packed = sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const shipped = (info?.files ?? []).map((f) => f.path);
    for (const needed of [
      "dist/cli.js",
      "eval.config.yaml",
      "templates/suites/shop-faq.yaml",
      "templates/github-workflow.yml",
      "suites/ticket-triage.yaml",
      "schema/suite.schema.json",
    ])
      expect(shipped, needed).toContain(needed);

    const project = path.join(work, "project");
    mkdirSync(project);
    const { manifest, lock } = lockFor(path.join(work, info?.filename ?? ""));
    writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
    writeFileSync(path.join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
    const install = sh("npm", ["ci", "--offline"], project);
    expect(
      install.code,
      `${install.stderr}\n(the npm cache lacks a package: run \`npm ci\` in the repository first)`,
    ).toBe(0);

    const init = sh("npx", ["--offline", "tunebench", "init"], project);
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(path.join(project, "suites/shop-faq.yaml"))).toBe(true);

    const run = sh("npx", ["--offline", "tunebench", "run"], project);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^SIMULATED/);
    const [runId] = readdirSync(path.join(project, "reports"));
    for (const file of ["trials.jsonl", "report.json", "report.md", "report.html", "junit.xml"])
      expect(existsSync(path.join(project, "reports", runId ?? "", file)), file).toBe(true);
  }, 180_000);
});
