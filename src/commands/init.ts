import path from "node:path";
import type { Command } from "commander";
import { action, EXIT } from "./errors.js";

export function registerInitCommand(program: Command): void {
  program
    .command("init")
    .description("start a project: eval.config.yaml, a starter suite with notes, and a CI workflow")
    .argument("[dir]", "the project folder (created if missing)", ".")
    .option("--example", "copy the full example suites shipped with tunebench instead of the starter suite")
    .addHelpText(
      "after",
      `
Writes eval.config.yaml (every strategy on the built-in offline simulator), suites/shop-faq.yaml
with its examples, notes and cases (one an out-of-domain probe), and .github/workflows/tunebench.yml.
Never overwrites: if any of these files exists, it names them and writes nothing.

Examples:
  tunebench init && tunebench run         a first run, offline, in under a minute
  tunebench init evals --example          the six example suites, in ./evals

Exit codes: 0 written, 2 a file exists already or the folder is a file (nothing written).`,
    )
    .action(
      action(async (dir: string, opts: { example?: boolean }) => {
        const { initFiles, writeScaffold } = await import("../project/index.js");
        const files = initFiles({ example: opts.example });
        const target = path.resolve(dir);
        (await import("./out-dir.js")).checkOutDir(target, "init");
        writeScaffold(target, files);
        const where = path.relative(process.cwd(), target);
        const cd = where ? `cd ${where} && ` : "";
        const suites = files.filter((f) => /^suites\/[^/]+\.ya?ml$/.test(f.path)).map((f) => f.path);
        process.stdout.write(
          `wrote ${files.length} files in ${where || "."}: eval.config.yaml, ${suites.join(", ")} (with notes), .github/workflows/tunebench.yml
next:
  ${cd}npx tunebench run         every suite × strategy on the offline simulator (numbers marked SIMULATED)
  edit ${suites[0]} for your own task, or: npx tunebench import train.jsonl
  keep .tunebench/ (caches) and reports/ out of git; commit tunebench.baseline.json once you bless a run
`,
        );
        return EXIT.ok;
      }),
    );
}
