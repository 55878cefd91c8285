// Retirement awareness: announced shutdown dates (built-in table with sources, the config's
// overrides, the endpoint's /v1/models `shutdown_date`), warned about in reports and `tune start`.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analysis/index.js";
import { registerRecordCommand } from "../../src/commands/record.js";
import { registerTuneCommand } from "../../src/commands/tune/index.js";
import { loadConfig } from "../../src/config/index.js";
import { prepareTraining } from "../../src/finetune/index.js";
import { retirementOf, retirementWarning } from "../../src/model/index.js";
import { renderConsoleReport, renderMarkdown } from "../../src/report/index.js";
import { runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { baseModelOf } from "../../src/training/index.js";
import { tuningProject } from "../finetune/project.js";
import { runCli } from "../helpers/cli.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const TUNED = "ft:gpt-4o-mini-2024-07-18:acme::abc123";
const OPENAI = "https://developers.openai.com/api/docs/deprecations";
/** The day `days` after today (UTC), YYYY-MM-DD. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("retirement table", () => {
  it("a tuned model retires with its base: the warning names the date, the days left and the source", () => {
    expect(baseModelOf(TUNED)).toBe("gpt-4o-mini-2024-07-18");
    expect(baseModelOf("gpt-4o-mini")).toBe("gpt-4o-mini");
    const now = new Date("2026-11-25T18:00:00Z");
    expect(retirementWarning(TUNED, retirementOf(TUNED), now)).toBe(
      `${TUNED}: its base retires 2027-01-14, in 50 days (source: ${OPENAI})`,
    );
    expect(retirementWarning("gpt-4o-mini-2024-07-18", retirementOf("gpt-4o-mini-2024-07-18"), now)).toBe(
      `gpt-4o-mini-2024-07-18: it retires 2027-01-14, in 50 days (source: ${OPENAI})`,
    );
    // More than 90 days ahead: nothing to say yet; past: it says so.
    expect(retirementWarning(TUNED, retirementOf(TUNED), new Date("2026-10-01T00:00:00Z"))).toBeNull();
    expect(retirementWarning(TUNED, retirementOf(TUNED), new Date("2027-01-20T00:00:00Z"))).toMatch(
      /its base retired 2027-01-14, 6 days ago/,
    );
    expect(retirementOf("gpt-5.5")).toBeNull();
    // The config moves a date or adds one, with its own source.
    const moved = {
      "gpt-4o-mini-2024-07-18": { shutdown: "2027-03-01", source: "https://example.com/notice" },
    };
    expect(retirementOf(TUNED, moved)).toEqual({
      ...moved["gpt-4o-mini-2024-07-18"],
      base: "gpt-4o-mini-2024-07-18",
    });
  });

  it("the simulator plays a retiring model: /v1/models reports its shutdown_date, a model tuned on it inherits it", async () => {
    sim = await startSimulator({ port: 0, retiring: { "sim-base": "2027-01-14" } });
    const client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
    const listed = (await client.models.list()).data as (OpenAI.Models.Model & { shutdown_date?: string })[];
    expect(listed.find((m) => m.id === "sim-base")?.shutdown_date).toBe("2027-01-14");
    expect(listed.find((m) => m.id === "sim-judge")).not.toHaveProperty("shutdown_date");
    const one = (await client.models.retrieve("sim-base")) as OpenAI.Models.Model & {
      shutdown_date?: string;
    };
    expect(one.shutdown_date).toBe("2027-01-14");
  });
});

describe("retirement warnings", () => {
  it("record keeps the endpoint's shutdown date; reports of the replay warn, long after the model is gone", async () => {
    const dir = tuningProject();
    const config = path.join(dir, "eval.config.yaml");
    const day = inDays(40);
    writeFileSync(config, `${readFileSync(config, "utf8")}sim: { retiring: { sim-base: "${day}" } }\n`);
    const recorded = await runCli(
      [registerRecordCommand],
      ["record", "--strategy", "prompt", "--name", "old", "--suite", "triage", "-c", config],
    );
    expect(recorded.code ?? 0).toBe(0);
    expect(recorded.stdout).toMatch(/^SIMULATED: recorded 4 answers of prompt/);
    const snapshot = JSON.parse(
      readFileSync(path.join(dir, "snapshots", "old.jsonl"), "utf8").split("\n")[0] as string,
    );
    expect(snapshot.snapshot.retires).toEqual({
      shutdown: day,
      source: expect.stringMatching(/^GET \/v1\/models\/sim-base on endpoint sim, \d{4}-\d\d-\d\d$/),
    });
    // The simulator no longer says so (the model is gone): the snapshot still does.
    writeFileSync(
      config,
      readFileSync(config, "utf8")
        .replace(/sim: \{ retiring.*\n/, "")
        .replace("strategies:\n", "strategies:\n  old: { type: recorded, snapshot: old }\n"),
    );
    const loaded = await loadConfig(config);
    const run = await runSuites({ config: loaded, strategies: ["old"], suites: ["triage"] });
    const report = await buildReport(run.dir, { loaded });
    expect(report.retirements).toEqual([
      expect.objectContaining({
        strategy: "old",
        model: "sim-base",
        shutdown: day,
        text: expect.stringMatching(
          /^sim-base: it retires .* in 40 days \(source: GET \/v1\/models\/sim-base/,
        ),
      }),
    ]);
    expect(renderConsoleReport(report)).toMatch(
      /\nwarning: sim-base: it retires \d{4}-\d\d-\d\d, in 40 days/,
    );
    expect(renderMarkdown(report)).toMatch(/> \*\*Retiring\*\*: sim-base: it retires/);
  });

  it("tune start warns when the base model retires within 90 days (the config's table)", async () => {
    const dir = tuningProject();
    const config = path.join(dir, "eval.config.yaml");
    writeFileSync(
      config,
      `${readFileSync(config, "utf8")}retirements:\n  sim-base: { shutdown: "${inDays(30)}", source: "https://example.com/sim-notice" }\n`,
    );
    await prepareTraining({ config });
    const started = await runCli([registerTuneCommand], ["tune", "start", "-c", config]);
    expect(started.code).toBe(2); // no terminal, no --yes: nothing uploaded
    expect(started.stderr).toMatch(
      /warning {5}sim-base: it retires \d{4}-\d\d-\d\d, in 30 days \(source: https:\/\/example\.com\/sim-notice\); a model tuned on it retires with it/,
    );
  });
});
