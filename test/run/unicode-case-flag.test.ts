// `--case` with an id typed decomposed (NFD: é as e and a combining accent, 환 as three jamo): it
// looks the same as the NFC id the suite holds, so it selects that case, the `suite/id` form too,
// and is the same selection when a resume types it composed.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadRun } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, TICKETS, triageSuite, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe("--case with a decomposed id", () => {
  it("selects the case whose id is its composed form", { timeout: 60_000 }, async () => {
    sim = await startSimulator({ port: 0 });
    const dir = writeProject({
      "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 2, cache: false }\n"),
      "suites/triage.yaml": triageSuite(
        TICKETS.slice(0, 5),
        `cases:
  - { id: café.2, input: "the app crashes when I open settings", expect: { json: { category: bug } } }
  - { id: other-1, input: "refund me", expect: { json: { category: billing } } }
  - { file: more.jsonl }
`,
      ),
      "suites/more.jsonl": `${JSON.stringify({ id: "환불_3", input: "forgot my password", expect: { json: { category: "account" } } })}\n`,
    });
    const typed = ["cafe\u0301.2", `triage/${"환불_3".normalize("NFD")}`];
    expect(typed.map((id) => id === id.normalize("NFC"))).toEqual([false, false]);
    const config = path.join(dir, "eval.config.yaml");
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--reporter", "json", ...typed.flatMap((id) => ["--case", id])],
    );
    expect(cli.stderr).toBe("");
    expect(cli.code).not.toBe(2);
    const [run] = readdirSync(path.join(dir, "reports"));
    const trials = (await loadRun(path.join(dir, "reports", run as string))).trials;
    expect(new Set(trials.map((t) => t.caseId))).toEqual(new Set(["café.2", "환불_3"]));

    // The run records the selection composed, and a resume that types it composed is the same
    // selection (it said "--case café.2 contradicts run …, recorded with --case café.2").
    const runDir = path.join(dir, "reports", run as string);
    expect((await loadRun(runDir)).header?.plan?.cases?.ids).toEqual(["café.2", "triage/환불_3"]);
    const composed = ["café.2", "triage/환불_3"].flatMap((id) => ["--case", id]);
    const resumed = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--resume", runDir, "--reporter", "json", ...composed],
    );
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
  });
});
