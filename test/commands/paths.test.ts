// Every path a command takes (run folders and their trials.jsonl, data files, output and project
// folders): nothing there, a folder where a file belongs, a file where a folder belongs is one
// line naming the path and what to give instead, exit 2; never EISDIR, ENOTDIR or a stack trace.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { registerBaselineCommand } from "../../src/commands/baseline.js";
import { registerCompareCommand } from "../../src/commands/compare.js";
import { registerImportCommand } from "../../src/commands/import.js";
import { registerInitCommand } from "../../src/commands/init.js";
import { registerMergeCommand } from "../../src/commands/merge.js";
import { registerPlanCommand } from "../../src/commands/plan.js";
import { registerRecordCommand } from "../../src/commands/record.js";
import { registerReportCommand } from "../../src/commands/report.js";
import { registerRescoreCommand } from "../../src/commands/rescore.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerRunsCommand } from "../../src/commands/runs.js";
import { registerTuneCommand } from "../../src/commands/tune/index.js";
import { initFiles, writeScaffold } from "../../src/project/index.js";
import { runCli } from "../helpers/cli.js";
import { TICKETS } from "../helpers/project.js";
import { tempDir } from "../helpers/suite.js";

const COMMANDS = [
  registerBaselineCommand,
  registerCompareCommand,
  registerImportCommand,
  registerInitCommand,
  registerMergeCommand,
  registerPlanCommand,
  registerRecordCommand,
  registerReportCommand,
  registerRescoreCommand,
  registerRunCommand,
  registerRunsCommand,
  registerTuneCommand,
];

let dir = "";
let run = "";
const at = (name: string) => path.join(dir, name);
const config = () => ["-c", at("eval.config.yaml")];

beforeAll(async () => {
  dir = tempDir("tunebench-paths-");
  writeScaffold(dir, initFiles({}));
  const made = await runCli(COMMANDS, ["run", ...config(), "--strategy", "prompt", "--reporter", "json"]);
  expect(made.code).toBe(0);
  run = path.join(dir, "reports", readdirSync(at("reports"))[0] ?? "");
  mkdirSync(at("empty"), { recursive: true });
  mkdirSync(at("unreported"), { recursive: true }); // a run log without the summary a report writes
  copyFileSync(path.join(run, "trials.jsonl"), at("unreported/trials.jsonl"));
  mkdirSync(at("odd/trials.jsonl"), { recursive: true }); // a folder named like the log
  mkdirSync(at("data.jsonl"), { recursive: true });
  writeFileSync(at("notes.txt"), "not a run\n");
  const lines = TICKETS.map(([q, a]) =>
    JSON.stringify({
      messages: [
        { role: "user", content: q },
        { role: "assistant", content: a },
      ],
    }),
  );
  writeFileSync(at("train.jsonl"), `${lines.join("\n")}\n`);
});

const GIVE_RUN = "give a run folder (reports/<run-id>), its trials.jsonl or its run id";
/** A bad run path → the line that says what is there (as the path was typed: absolute here). */
const RUN_PATHS: [string, (shown: string) => string][] = [
  ["nowhere", (p) => `${p} does not exist; ${GIVE_RUN}`],
  ["notes.txt", (p) => `${p} is a file, not a run folder; ${GIVE_RUN}`],
  ["odd/trials.jsonl", (p) => `${p} is a directory, not a run log file; ${GIVE_RUN}`],
  ["odd", (p) => `${p}/trials.jsonl is a directory, not a run log file; ${GIVE_RUN}`],
  ["empty", (p) => `${p} holds no trials.jsonl, so it is no run folder; ${GIVE_RUN}`],
];

/**
 * Each command with a run path in it (`p`), what its line starts with, and for the commands that
 * also take a run id, their line when nothing is at the path (it names both places looked at).
 */
const RUN_COMMANDS: [string, (p: string) => string[], (p: string) => string, ((p: string) => string)?][] = [
  ["report RUN", (p) => ["report", p, "--reporter", "json"], () => ""],
  ["report --baseline", (p) => ["report", run, "--baseline", p, "--reporter", "json"], () => "--baseline: "],
  ["compare BASELINE", (p) => ["compare", p, run], () => ""],
  ["compare CANDIDATE", (p) => ["compare", run, p], () => ""],
  ["rescore", (p) => ["rescore", p, ...config()], () => ""],
  ["plan", (p) => ["plan", p], () => ""],
  [
    "baseline set",
    (p) => ["baseline", "set", p, ...config()],
    (p) => `baseline set ${p}: `,
    (p) => `baseline set ${p}: no run log at ${p}; list the runs with \`tunebench runs\``,
  ],
  [
    "merge",
    (p) => ["merge", p, ...config()],
    () => "merge: ",
    (p) => `merge: no run log at ${p}: run ids are looked up in ${at("reports")} (run.outDir)`,
  ],
  ["merge --baseline", (p) => ["merge", run, "--baseline", p, ...config()], () => "--baseline: "],
  [
    "run --resume",
    (p) => ["run", ...config(), "--resume", p],
    (p) => `cannot resume "${p}": `,
    (p) =>
      `cannot resume "${p}": no trials.jsonl in ${p}; give a run folder, its trials.jsonl or a run id in ${at("reports")}`,
  ],
  ["run --baseline", (p) => ["run", ...config(), "--baseline", p], () => "--baseline: "],
  ["record --from", (p) => ["record", ...config(), "--strategy", "prompt", "--from", p], () => ""],
  [
    "tune estimate --run",
    (p) => ["tune", "estimate", at("train.jsonl"), ...config(), "--run", p],
    () => "--run: ",
  ],
];

async function oneLine(args: string[]) {
  const { code, stderr } = await runCli(COMMANDS, args);
  expect(stderr).not.toMatch(/EISDIR|ENOTDIR|ENOENT|EEXIST|internal error|\n\s+at /);
  expect({ code, lines: stderr.trimEnd().split("\n").length }).toEqual({ code: 2, lines: 1 });
  return stderr.trimEnd();
}

describe("a run path that holds no run log", () => {
  for (const [name, argv, prefix, missing] of RUN_COMMANDS)
    it(name, async () => {
      for (const [bad, line] of RUN_PATHS) {
        const shown = at(bad);
        const said = await oneLine(argv(shown));
        const want = bad === "nowhere" && missing ? missing(shown) : `${prefix(shown)}${line(shown)}`;
        expect(said.startsWith(`tunebench: ${want}`), said).toBe(true);
      }
    });
});

const GIVE_TRAINING = 'give a JSONL file of {"messages": [...]} lines';
const FOLDER = "give a folder (created when missing)";
/** Paths other than runs: the command, its line, for each bad path. */
const OTHER_PATHS: [string, () => string[], () => string][] = [
  [
    "runs -o FILE",
    () => ["runs", "-o", at("notes.txt")],
    () => `-o: ${at("notes.txt")} is a file, not a folder of run folders; give the folder`,
  ],
  [
    "runs -o MISSING",
    () => ["runs", "-o", at("nowhere")],
    () => `-o: ${at("nowhere")} does not exist; give the folder`,
  ],
  [
    "baseline show -o FILE",
    () => ["baseline", "show", "-o", at("notes.txt")],
    () => `-o: ${at("notes.txt")} is a file`,
  ],
  [
    "tune estimate --run UNREPORTED",
    () => ["tune", "estimate", at("train.jsonl"), ...config(), "--run", at("unreported")],
    () =>
      `--run: ${at("unreported")} holds no summary.json; make it with \`tunebench report ${at("unreported")}\``,
  ],
  [
    "init FILE",
    () => ["init", at("notes.txt")],
    () => `init: cannot write into ${at("notes.txt")}: it is a file; ${FOLDER}`,
  ],
  [
    "init FILE/SUB",
    () => ["init", at("notes.txt/sub")],
    () => `init: cannot write into ${at("notes.txt/sub")}: ${at("notes.txt")} is a file; ${FOLDER}`,
  ],
  [
    "import MISSING",
    () => ["import", at("nowhere.jsonl")],
    () => `import: ${at("nowhere.jsonl")} does not exist; give OpenAI chat JSONL`,
  ],
  [
    "import DIR",
    () => ["import", at("data.jsonl")],
    () => `import: ${at("data.jsonl")} is a directory, not a fine-tuning data file; give OpenAI chat JSONL`,
  ],
  [
    "import -o DIR",
    () => ["import", at("train.jsonl"), "-o", at("empty")],
    () =>
      `import: --out ${at("empty")} is a directory, not a suite file; give a file such as ${at("empty/train.yaml")}`,
  ],
  [
    "tune validate MISSING",
    () => ["tune", "validate", at("nowhere.jsonl"), ...config()],
    () => `${at("nowhere.jsonl")} does not exist; ${GIVE_TRAINING}`,
  ],
  [
    "tune validate DIR",
    () => ["tune", "validate", at("data.jsonl"), ...config()],
    () => `${at("data.jsonl")} is a directory, not a JSONL training file; ${GIVE_TRAINING}`,
  ],
  [
    "tune estimate DIR",
    () => ["tune", "estimate", at("data.jsonl"), ...config()],
    () => `${at("data.jsonl")} is a directory, not a JSONL training file`,
  ],
  [
    "tune start --train DIR",
    () => ["tune", "start", ...config(), "--train", at("data.jsonl"), "--yes"],
    () => `${at("data.jsonl")} is a directory, not a JSONL training file`,
  ],
  [
    "tune start --valid MISSING",
    () => [
      "tune",
      "start",
      ...config(),
      "--train",
      at("train.jsonl"),
      "--valid",
      at("nowhere.jsonl"),
      "--yes",
    ],
    () => `${at("nowhere.jsonl")} does not exist; ${GIVE_TRAINING}`,
  ],
  [
    "rescore -o FILE",
    () => ["rescore", run, ...config(), "-o", at("notes.txt")],
    () => `--out: cannot write into ${at("notes.txt")}: it is a file; ${FOLDER}`,
  ],
  [
    "record -o FILE",
    () => ["record", ...config(), "--strategy", "prompt", "-o", at("notes.txt")],
    () => `--out: cannot write into ${at("notes.txt")}: it is a file; ${FOLDER}`,
  ],
  [
    "report -o FILE",
    () => ["report", run, "-o", at("notes.txt")],
    () => `--out: cannot write into ${at("notes.txt")}: it is a file; ${FOLDER}`,
  ],
];

describe("a file, a folder or nothing where the other belongs", () => {
  for (const [name, argv, line] of OTHER_PATHS)
    it(name, async () => {
      const said = await oneLine(argv());
      expect(said.startsWith(`tunebench: ${line()}`), said).toBe(true);
    });
});

describe("a run id where a run path goes", () => {
  it("is looked up in the project's run.outDir (report, compare, --baseline, rescore, plan, record, tune)", async () => {
    const id = path.basename(run); // what `runs` lists and a stopped run's resume line prints
    const commands: [string[], RegExp][] = [
      [["report", id, ...config(), "--reporter", "json"], /^$/],
      [["compare", id, id, ...config()], /^$/],
      [["report", run, ...config(), "--baseline", id, "--reporter", "json"], /^$/],
      [["tune", "estimate", at("train.jsonl"), ...config(), "--run", id], /^$/],
      [["record", ...config(), "--strategy", "prompt", "--from", id, "--name", "by-id"], /^$/],
      [["rescore", id, ...config(), "--reporter", "json"], /^re-scored \d+ trials of /],
      // The run was found: one strategy answered, so there is no pair to plan from.
      [["plan", id, ...config()], /no two strategies answered the same cases/],
    ];
    for (const [args, said] of commands) {
      const { code, stderr } = await runCli(COMMANDS, args);
      expect(stderr, args.join(" ")).not.toMatch(/does not exist|no run log|holds no/);
      expect(stderr.trim(), args.join(" ")).toMatch(said);
      expect(code, args.join(" ")).toBe(args[0] === "plan" ? 2 : 0);
    }
  });
});
