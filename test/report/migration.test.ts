// The migration view: a recorded model (the one being replaced) in the run, its candidates matched
// against it in every reporter; the cases they disagree on first.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analysis/index.js";
import { loadConfig } from "../../src/config/index.js";
import { renderConsoleReport, renderHtml, renderMarkdown } from "../../src/report/index.js";
import { recordSnapshot, rescoreRun, runSuites } from "../../src/run/index.js";
import { loadRun, type TrialRecord } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/**
 * A project whose recorded model (snapshot `frozen`, recorded once) had answered `password` as
 * billing; `strategies` (YAML lines) adds more.
 */
async function frozenProject(strategies = "") {
  sim = await startSimulator({ port: 0 });
  const dir = writeProject({
    "eval.config.yaml": simConfig(
      sim.url,
      `  frozen: { type: recorded, snapshot: frozen }\n${strategies}run: { concurrency: 4, cache: false }\n`,
    ),
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
  });
  const config = path.join(dir, "eval.config.yaml");
  const loaded = await loadConfig(config);
  const recorded = await runSuites({ config: loaded, strategies: ["prompt"] });
  await recordSnapshot({ loaded, run: recorded.dir, strategy: "prompt", name: "frozen" });
  // The recorded model had answered one case otherwise than today's prompt does.
  const file = path.join(dir, "snapshots", "frozen.jsonl");
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const edited = lines.map((line) => {
    const record = JSON.parse(line);
    if (record.caseId === "password") record.output = '{"category":"billing"}';
    return JSON.stringify(record);
  });
  writeFileSync(file, `${edited.join("\n")}\n`);
  return loaded;
}

describe("migration view", () => {
  it("per candidate: agreement with the recorded model, own quality, $/call; disagreeing cases first", async () => {
    const loaded = await frozenProject();

    const run = await runSuites({ config: loaded, strategies: ["frozen", "prompt", "baseline"] });
    const report = await buildReport(run.dir, { loaded });
    const view = report.migration;
    expect(view?.recorded).toEqual({ strategy: "frozen", model: "sim-base", snapshot: "frozen" });
    expect(view?.rows[0]).toMatchObject({ strategy: "frozen", type: "recorded", agreement: null });
    const prompt = view?.rows.find((r) => r.strategy === "prompt");
    expect(prompt?.agreement).toMatchObject({ count: 4, n: 5, cases: 5 });
    // Its own quality is scored on the expectations, not on the old model's answers.
    const ownPass = report.summary.groups.find((g) => g.strategy === "prompt")?.pass;
    expect(prompt?.pass).toEqual(ownPass);
    expect(prompt?.costPerCall).toBeGreaterThan(0);
    const password = view?.disagreements.find((c) => c.caseId === "password");
    expect(password?.recorded).toBe('{"category":"billing"}');
    expect(password?.disagree.map((d) => d.strategy)).toContain("prompt");
    const counts = view?.disagreements.map((c) => c.disagree.length) ?? [];
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(view?.matched).toBe(5);

    const markdown = renderMarkdown(report);
    expect(markdown).toContain("## Keep, replace or re-tune");
    expect(markdown).toMatch(/\| frozen \(recorded\) \| sim-base \| reference \|/);
    expect(markdown).toMatch(
      /\| prompt \| sim-base \| 80% of 5 \[38%–96%\] \| 100% of 5 \[57%–100%\] \| \$0\.0000\d+ \|/,
    );
    expect(markdown).toContain(
      '- triage/password: recorded “{"category":"billing"}”; prompt “{"category":"account"}”',
    );
    const text = renderConsoleReport(report);
    expect(text).toContain(
      "Migration: replacing frozen (sim-base, snapshot frozen); 5 cases matched against it, 5 with a disagreement",
    );
    expect(text).toMatch(/Disagreements, the most disagreed first:\n {2}triage\//);
    const page = renderHtml(report);
    expect(page).toContain('<section id="migration">');
    expect(page).toContain('<a href="#migration">');
  });

  it("with repeats, shows the answer each repeat was matched against (a snapshot recorded once answers every repeat)", async () => {
    const loaded = await frozenProject();
    const run = await runSuites({ config: loaded, strategies: ["frozen", "prompt"], repeat: 2 });
    const report = await buildReport(run.dir, { loaded });
    const password = report.migration?.disagreements.filter((c) => c.caseId === "password") ?? [];
    expect(password.sort((a, b) => a.repeat - b.repeat).map((c) => [c.repeat, c.recorded])).toEqual([
      [0, '{"category":"billing"}'],
      [1, '{"category":"billing"}'],
    ]);
    expect(renderMarkdown(report)).toContain(
      '- triage/password#2: recorded “{"category":"billing"}”; prompt “{"category":"account"}”',
    );
  });

  it("with two recorded strategies, the run, rescore and the view all match against the first in the run's order, whatever the log's order", async () => {
    const loaded = await frozenProject("  older: { type: recorded, snapshot: older }\n");
    // A second recorded model that answered otherwise: the baseline's answers.
    const base = await runSuites({ config: loaded, strategies: ["baseline"] });
    await recordSnapshot({ loaded, run: base.dir, strategy: "baseline", name: "older" });
    const run = await runSuites({ config: loaded, strategies: ["frozen", "older", "prompt"] });
    const agreementOf = (trials: readonly TrialRecord[]) =>
      Object.fromEntries(
        trials
          .filter((t) => t.strategy === "prompt")
          .map((t) => [t.caseId, t.scores.find((s) => s.scorer === "agreement")]),
      );
    const { trials } = await loadRun(run.dir);
    // The two recorded models answered differently: which one is the reference shows in the scores.
    const answers = (name: string) =>
      Object.fromEntries(trials.filter((t) => t.strategy === name).map((t) => [t.caseId, t.output]));
    expect(answers("older")).not.toEqual(answers("frozen"));
    const live = agreementOf(trials);
    expect(Object.values(live).map((s) => s?.details?.with)).toEqual(Array(5).fill("frozen"));
    const liveView = (await buildReport(run.dir, { loaded })).migration;
    expect(liveView?.recorded.strategy).toBe("frozen");

    // The log lists `older`'s answers first (trials land in completion order): the header still says frozen first.
    const file = path.join(run.dir, "trials.jsonl");
    const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
    const olderFirst = (line: string) => (JSON.parse(line).strategy === "older" ? 0 : 1);
    writeFileSync(file, `${[header, ...lines.sort((a, b) => olderFirst(a) - olderFirst(b))].join("\n")}\n`);
    const again = await rescoreRun({ run: run.dir, config: loaded });
    expect(agreementOf((await loadRun(again.dir)).trials)).toEqual(live);
    const view = (await buildReport(again.dir, { loaded })).migration;
    expect(view?.recorded).toEqual(liveView?.recorded);
    expect(view?.rows).toEqual(liveView?.rows);
    expect(view?.disagreements).toEqual(liveView?.disagreements);
    expect(view?.rows.find((r) => r.strategy === "prompt")?.agreement?.count).toBe(4);
  });

  it("is absent without a recorded strategy", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = writeProject({
      "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 4 }\n"),
      "suites/triage.yaml": TRIAGE_SUITE,
      "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
    });
    const run = await runSuites({ config: path.join(dir, "eval.config.yaml"), strategies: ["prompt"] });
    const report = await buildReport(run.dir);
    expect(report.migration).toBeUndefined();
    expect(renderMarkdown(report)).not.toContain("Keep, replace");
  });
});
