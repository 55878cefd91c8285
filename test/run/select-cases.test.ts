// `run --case ID --tag TAG`: only the selected cases are sent (by id, suite/id, or tag), the run
// header lists only suites with a selected case, and a name that selects nothing is one line, exit 2.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadRun } from "../../src/runlog/index.js";
import { runCli } from "../helpers/cli.js";
import { basicProject } from "../helpers/project.js";

const OTHER_SUITE = `name: other
task:
  system: Answer.
  examples: [{ input: "hello there", output: "hi" }]
cases:
  - { id: greet, input: "hello there friend", tags: [smoke], expect: { equals: hi } }
  - { id: mars, input: "What is on Mars?", expect: { refusal: true } }
`;

afterEach(() => {
  process.exitCode = undefined;
});

async function runIn(dir: string, args: string[]) {
  const out = path.join(dir, "reports");
  const result = await runCli(
    [registerRunCommand],
    ["run", "-c", path.join(dir, "eval.config.yaml"), "-o", out, "--reporter", "json", ...args],
  );
  const runs = readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory());
  return { result, log: runs.length ? await loadRun(path.join(out, runs[0]?.name ?? "")) : null };
}

describe("run --case and --tag", () => {
  it("sends only the cases named by id, suite/id or tag", async () => {
    const dir = basicProject({ "suites/other.yaml": OTHER_SUITE });
    const { result, log } = await runIn(dir, [
      "--case",
      "password",
      "--case",
      "triage/pdf-empty",
      "--tag",
      "smoke",
      "--strategy",
      "prompt",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const sent = (log?.trials ?? []).map((t) => `${t.suite}/${t.caseId}`).sort();
    expect(sent).toEqual(["other/greet", "triage/password", "triage/pdf-empty"]);
    expect(log?.header?.suites).toEqual(["other", "triage"]);
    expect(log?.header?.planned).toBe(3);
  });

  it("drops a suite none of whose cases is selected, and keeps --suite working", async () => {
    const dir = basicProject({ "suites/other.yaml": OTHER_SUITE });
    const { result, log } = await runIn(dir, ["--tag", "out-of-domain", "--strategy", "prompt"]);
    expect(result.code, result.stderr).toBe(0);
    expect(log?.header?.suites).toEqual(["triage"]);
    expect(log?.trials.map((t) => t.caseId)).toEqual(["mars"]);
  });

  it("names an unknown case id with the nearest one, exit 2, before any call", async () => {
    const dir = basicProject();
    const args = ["run", "-c", path.join(dir, "eval.config.yaml"), "--case", "pasword"];
    const { code, stderr } = await runCli([registerRunCommand], args);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "tunebench: --case pasword: no case has the id 'pasword' in the selected suites; did you mean 'password'? (ids: charged-twice, settings-crash, password, pdf-empty, mars)\n",
    );
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });

  it("names a tag no case carries, exit 2", async () => {
    const dir = basicProject();
    const { code, stderr } = await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--tag", "nightly"],
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^tunebench: --tag nightly: no case carries the tag 'nightly' in the selected suites \(tags: out-of-domain\)\n$/,
    );
  });
});
