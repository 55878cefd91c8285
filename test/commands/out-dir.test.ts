import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { basicProject } from "../helpers/project.js";
import { runCli } from "../reliability/cli.js";

// `-o` naming a file was an internal error (exit 3) from deep inside the writer. It is bad input:
// one line naming the flag and the path, exit 2, before any model is called.
describe("-o/--out pointing at a file", { timeout: 30_000 }, () => {
  const dir = basicProject({ "taken.txt": "not a folder\n" });
  let run = "";
  beforeAll(async () => {
    const first = await runCli(["run", "--strategy", "baseline", "--reporter", "json"], { cwd: dir });
    expect(first.code).toBe(0);
    run = path.join("reports", readdirSync(path.join(dir, "reports"))[0] as string);
  }, 30_000);

  const oneLine = (stderr: string, shown: string, why: string) =>
    expect(stderr).toBe(
      `tunebench: --out: cannot write into ${shown}: ${why}; give a folder (created when missing)\n`,
    );

  test.each([
    [["run", "--strategy", "baseline", "-o", "taken.txt"], "taken.txt", "it is a file"],
    [["run", "--strategy", "baseline", "-o", "taken.txt/runs"], "taken.txt/runs", "taken.txt is a file"],
    [["report", "RUN", "-o", "taken.txt"], "taken.txt", "it is a file"],
    [["compare", "RUN", "RUN", "--out", "taken.txt/x"], "taken.txt/x", "taken.txt is a file"],
    [["tune", "prepare", "--allow-leaks", "-o", "taken.txt"], "taken.txt", "it is a file"],
  ])("%j: exit 2, one line", async (args, shown, why) => {
    const result = await runCli(
      args.map((a) => (a === "RUN" ? run : a)),
      { cwd: dir },
    );
    oneLine(result.stderr, shown, why);
    expect(result.code).toBe(2);
    expect(readdirSync(path.join(dir, "reports"))).toHaveLength(1);
  });

  test("run.outDir in the config naming a file says where it was set", async () => {
    const project = basicProject({ "eval.config.yaml": "suites: [suites/*.yaml]\nrun: { outDir: out }\n" });
    writeFileSync(path.join(project, "out"), "");
    const result = await runCli(["run"], { cwd: project });
    expect(result.stderr).toBe(
      "tunebench: run.outDir in eval.config.yaml: cannot write into out: it is a file; give a folder (created when missing)\n",
    );
    expect(result.code).toBe(2);
    expect(existsSync(path.join(project, ".tunebench", "cache"))).toBe(false);
  });
});
