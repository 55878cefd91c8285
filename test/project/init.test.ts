// `tunebench init`: a project that validates and runs on the simulator at once; never overwrites
// (names the files, exit 2, nothing written); `--example` copies the shipped example suites.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { registerInitCommand } from "../../src/commands/init.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadConfig, validateProject } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/suite.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
const cli = (args: string[]) => runCli([registerInitCommand, registerRunCommand], args);

/** Every file under `dir`, relative, sorted. */
const filesIn = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

afterEach(() => {
  process.exitCode = undefined;
});

describe("tunebench init", () => {
  it("writes a config, a starter suite with notes and probes, and a CI workflow that validate and run", async () => {
    const dir = path.join(tempDir("tunebench-init-"), "new-project");
    const init = await cli(["init", dir]);
    expect(init.code, init.stderr).toBe(0);
    expect(filesIn(dir)).toEqual([
      ".github/workflows/tunebench.yml",
      "eval.config.yaml",
      "suites/notes/shop-faq/shop.md",
      "suites/notes/shop-faq/workshop.md",
      "suites/shop-faq.yaml",
    ]);
    expect(init.stdout).toContain("npx tunebench run");

    const { problems, suites } = await validateProject(path.join(dir, "eval.config.yaml"));
    expect(problems).toEqual([]);
    const [suite] = suites ?? [];
    expect(suite?.task.examples.length).toBeGreaterThanOrEqual(10);
    expect(suite?.noteFiles).toHaveLength(2);
    expect(suite?.cases.filter((c) => c.expect.refusal).length).toBeGreaterThanOrEqual(1);
    expect(suite?.cases.filter((c) => !c.expect.refusal).length).toBeGreaterThanOrEqual(5);
    // Editor schema links point into the installed package, where the schemas ship.
    expect(readFileSync(path.join(dir, "eval.config.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\/node_modules\/tunebench\/schema\/config\.schema\.json\n/,
    );
    expect(readFileSync(path.join(dir, "suites/shop-faq.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/node_modules\/tunebench\/schema\/suite\.schema\.json\n/,
    );
    for (const file of ["config.schema.json", "suite.schema.json"])
      expect(existsSync(path.join(root, "schema", file))).toBe(true);
    const workflow = parse(readFileSync(path.join(dir, ".github/workflows/tunebench.yml"), "utf8"));
    const steps = workflow.jobs.eval.steps as { run?: string }[];
    expect(steps.map((s) => s.run ?? "").join("\n")).toContain(`npx --yes tunebench@${version} run`);

    const run = await cli(["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "console,json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^SIMULATED/);
    const [runId] = readdirSync(path.join(dir, "reports"));
    const report = JSON.parse(readFileSync(path.join(dir, "reports", runId ?? "", "report.json"), "utf8"));
    // Retrieval finds the answers in the notes; the examples alone cannot know them.
    const pass = (name: string) =>
      report.summary.groups.find((g: { strategy: string }) => g.strategy === name).pass.rate;
    expect(pass("retrieval")).toBeGreaterThan(pass("prompt"));
  }, 60_000);

  it("refuses to overwrite: names the files that exist, exit 2, writes nothing", async () => {
    const dir = tempDir("tunebench-init-");
    writeFileSync(path.join(dir, "eval.config.yaml"), "suites: [mine/*.yaml]\n");
    const { code, stderr, stdout } = await cli(["init", dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^tunebench: init: .* already has eval\.config\.yaml; nothing was written \(move them away, or init another folder\)\n$/,
    );
    expect(filesIn(dir)).toEqual(["eval.config.yaml"]);
    expect(readFileSync(path.join(dir, "eval.config.yaml"), "utf8")).toBe("suites: [mine/*.yaml]\n");
  });

  it("--example copies the six example suites with their notes, and they validate", async () => {
    const dir = tempDir("tunebench-init-");
    const { code } = await cli(["init", dir, "--example"]);
    expect(code).toBe(0);
    const shipped = filesIn(path.join(root, "suites")).map((f) => `suites/${f}`);
    expect(filesIn(dir)).toEqual([".github/workflows/tunebench.yml", "eval.config.yaml", ...shipped].sort());
    const { problems, suites } = await validateProject(path.join(dir, "eval.config.yaml"));
    expect(problems).toEqual([]);
    expect(suites).toHaveLength(6);
  });

  it("the config-not-found message points at `tunebench init`", async () => {
    const dir = tempDir("tunebench-init-");
    await expect(loadConfig(path.join(dir, "eval.config.yaml"))).rejects.toThrow(
      /eval\.config\.yaml: config file not found; start a project here with `tunebench init` \(or point --config at your file\)/,
    );
  });
});
