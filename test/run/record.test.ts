import { appendFileSync, copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { summarizeRun } from "../../src/analysis/index.js";
import { registerRecordCommand } from "../../src/commands/record.js";
import { allCases, type LoadedSuite, loadConfig, loadSuites } from "../../src/config/index.js";
import { questionHash } from "../../src/run/fingerprint.js";
import { estimateRun, recordSnapshot, rescoreRun, runSuites } from "../../src/run/index.js";
import { loadRun, type TrialRecord } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

const RECORDED = `  frozen: { type: recorded, snapshot: frozen }\n`;

/** A project whose prompt strategy calls a loopback simulator; `recorded` adds the frozen strategy. */
async function project(recorded = false) {
  sim = await startSimulator({ port: 0 });
  const config = simConfig(sim.url, `${recorded ? RECORDED : ""}run: { concurrency: 4, cache: false }\n`);
  return writeProject({
    "eval.config.yaml": config,
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
  });
}

/** Adds the recorded strategy to the project's config. */
function addRecorded(dir: string): string {
  const file = path.join(dir, "eval.config.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("strategies:\n", `strategies:\n${RECORDED}`));
  return file;
}

const byCase = (trials: readonly TrialRecord[], strategy: string) =>
  Object.fromEntries(
    trials
      .filter((t) => t.strategy === strategy)
      .map((t) => [t.caseId, { output: t.output, scores: t.scores, verdict: t.verdict, cost: t.cost }]),
  );

async function recordPrompt(dir: string, extra: Parameters<typeof runSuites>[0] = {}) {
  const config = path.join(dir, "eval.config.yaml");
  const run = await runSuites({ config, strategies: ["prompt"], ...extra });
  await recordSnapshot({
    loaded: await loadConfig(config),
    run: run.dir,
    strategy: "prompt",
    name: "frozen",
  });
  return run;
}

describe("record and the recorded strategy", () => {
  it("replays a recorded run offline and scores exactly as the recorded one", async () => {
    const dir = await project();
    const recorded = await recordPrompt(dir);
    const config = addRecorded(dir);
    const sent = chatRequests();

    const replay = await runSuites({ config, strategies: ["frozen"] });
    expect(chatRequests()).toBe(sent);
    // No endpoint was opened for it: no simulator, no key.
    expect(replay.calls).toEqual({});
    const before = await loadRun(recorded.dir);
    const after = await loadRun(replay.dir);
    expect(byCase(after.trials, "frozen")).toEqual(byCase(before.trials, "prompt"));
    expect(after.trials.every((t) => t.strategyType === "recorded" && t.cached)).toBe(true);
    expect(after.trials.map((t) => t.model)).toEqual(before.trials.map((t) => t.model));
    expect(after.header?.strategies[0]).toMatchObject({
      name: "frozen",
      type: "recorded",
      snapshot: "frozen",
    });
    const [a] = (await summarizeRun(recorded.dir)).groups;
    const [b] = (await summarizeRun(replay.dir)).groups;
    expect(b?.pass).toEqual(a?.pass);
    expect(b?.format).toEqual(a?.format);
    expect(b?.cost.perCall).toBeCloseTo(a?.cost.perCall as number, 12);
    // Nothing was spent replaying it.
    expect(b?.cost.total).toBe(0);
  });

  it("refuses a stale snapshot naming the cases, and replays after an expectation changed", async () => {
    const dir = await project();
    await recordPrompt(dir);
    const config = addRecorded(dir);
    const suite = path.join(dir, "suites", "triage.yaml");
    const original = readFileSync(suite, "utf8");
    const stale = (text: string) => {
      writeFileSync(suite, text);
      return runSuites({ config, strategies: ["frozen", "prompt"] });
    };
    await expect(
      stale(original.replace("the PDF export gives me an empty file", "the PDF is empty")),
    ).rejects.toThrow(
      /snapshot frozen .* is stale: .*changed triage\/pdf-empty \(input or task instructions differ\)/,
    );
    await expect(
      stale(`${original}  - { id: late, input: "my parcel is late", expect: { contains: late } }\n`),
    ).rejects.toThrow(/is stale: .*added triage\/late; .*record --strategy prompt --name frozen --force/);
    await expect(stale(original.replace(/ {2}- \{ id: password.*\n/, ""))).rejects.toThrow(
      /is stale: .*removed triage\/password/,
    );
    await expect(stale(original.replace("Classify the support ticket.", "Sort the ticket."))).rejects.toThrow(
      /changed triage\/charged-twice, triage\/settings-crash/,
    );
    // What the case expects is how answers are scored, not what was asked: the replay is rescored.
    const replay = await stale(original.replace("{ category: billing }", "{ category: bug }"));
    const trial = (await loadRun(replay.dir)).trials.find(
      (t) => t.strategy === "frozen" && t.caseId === "charged-twice",
    );
    expect(trial?.verdict?.pass).toBe(false);
    expect(trial?.error).toBeNull();
  });

  it("replays beside --batch, --max-cost and --dry-run: nothing sent, nothing priced, nothing spent", async () => {
    const dir = await project();
    const recorded = await recordPrompt(dir);
    const config = addRecorded(dir);
    // A retired model has no price in the config any more: a replay must not need one.
    const file = path.join(dir, "snapshots", "frozen.jsonl");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll('"model":"sim-base"', '"model":"ft:gone"'));
    const estimate = await estimateRun({ config, strategies: ["frozen", "baseline"] });
    expect(estimate.rows.find((r) => r.strategy === "frozen")).toMatchObject({
      trials: 5,
      cost: 0,
      promptTokens: 0,
    });
    const batches = sim?.stats.byRoute["POST /v1/batches"] ?? 0;
    const run = await runSuites({ config, strategies: ["frozen", "baseline"], batch: true, maxCost: 1 });
    // Only the baseline went into a batch; the replay answered as recorded, scored alike.
    expect(sim?.stats.byRoute["POST /v1/batches"]).toBe(batches + 1);
    const after = await loadRun(run.dir);
    const before = await loadRun(recorded.dir);
    expect(byCase(after.trials, "frozen")).toEqual(byCase(before.trials, "prompt"));
    expect(after.trials.filter((t) => t.strategy === "frozen").every((t) => t.model === "ft:gone")).toBe(
      true,
    );
    expect(run.budget?.spent).toBeGreaterThan(0);
  });

  it("--dry-run --case / --tag narrows a replay as the run does: the cases left out are not 'removed'", async () => {
    const dir = await project();
    await recordPrompt(dir);
    const config = addRecorded(dir);
    for (const cases of [{ ids: ["mars"] }, { tags: ["out-of-domain"] }]) {
      const estimate = await estimateRun({ config, strategies: ["frozen"], cases });
      expect(estimate.rows.find((r) => r.strategy === "frozen")?.trials).toBe(1);
      const run = await runSuites({ config, strategies: ["frozen"], cases });
      expect((await loadRun(run.dir)).trials.map((t) => t.caseId)).toEqual(["mars"]);
    }
  });

  it("scores every other strategy's agreement with the recorded model, per case and as a rate, apart from its verdict", async () => {
    const dir = await project();
    const recorded = await recordPrompt(dir);
    const config = addRecorded(dir);
    const run = await runSuites({ config, strategies: ["frozen", "prompt", "baseline"] });
    const { trials } = await loadRun(run.dir);
    const agreementOf = (t: TrialRecord) => t.scores.find((s) => s.scorer === "agreement");
    // The recorded strategy is the reference: it is not matched against itself.
    expect(trials.filter((t) => t.strategy === "frozen").some(agreementOf)).toBe(false);
    const prompt = trials.filter((t) => t.strategy === "prompt");
    // The same model and prompt as recorded (a deterministic simulator): it agrees on every case.
    expect(prompt.map((t) => agreementOf(t)?.pass)).toEqual([true, true, true, true, true]);
    expect(agreementOf(prompt[0] as TrialRecord)).toMatchObject({
      details: { with: "frozen", mode: "json" },
    });
    // Its verdicts are its own, as in the recorded run.
    expect(byCase(trials, "prompt")).toMatchObject(
      Object.fromEntries(
        Object.entries(byCase((await loadRun(recorded.dir)).trials, "prompt")).map(([id, v]) => [
          id,
          { verdict: v.verdict },
        ]),
      ),
    );
    const groups = (await summarizeRun(run.dir)).groups;
    const rate = (name: string) => groups.find((g) => g.strategy === name)?.agreement;
    expect(rate("prompt")).toMatchObject({ with: "frozen", count: 5, n: 5, rate: 1, cases: 5 });
    expect(rate("prompt")?.low).toBeCloseTo(0.5655, 3); // Wilson 95 % of 5/5
    const baseline = rate("baseline");
    expect(baseline?.n).toBe(5);
    expect(baseline?.count).toBe(
      trials.filter((t) => t.strategy === "baseline" && agreementOf(t)?.pass).length,
    );
    expect(rate("frozen")).toBeUndefined();
    // Rescoring finds the recorded answers in the run itself: the same agreement, no snapshot needed.
    rmSync(path.join(dir, "snapshots"), { recursive: true });
    const again = await rescoreRun({ run: run.dir, config });
    const rescored = (await summarizeRun(again.dir)).groups;
    expect(rescored.map((g) => g.agreement)).toEqual(groups.map((g) => g.agreement));
  });

  it("agreement by the reference judge: the project's judge grades each answer against the recorded one", async () => {
    const dir = await project();
    await recordPrompt(dir);
    const config = addRecorded(dir);
    writeFileSync(config, `${readFileSync(config, "utf8")}agreement: { mode: judge }\n`);
    const run = await runSuites({ config, strategies: ["frozen", "prompt", "baseline"] });
    const { trials } = await loadRun(run.dir);
    const agreementOf = (t: TrialRecord) => t.scores.find((s) => s.scorer === "agreement");
    const prompt = trials.filter((t) => t.strategy === "prompt").map(agreementOf);
    // The same answers as recorded: the judge finds them alike (the simulator's judge compares to the reference).
    expect(prompt.map((s) => s?.pass)).toEqual([true, true, true, true, true]);
    expect(prompt[0]).toMatchObject({
      details: { with: "frozen", mode: "judge", model: "sim-judge" },
      reason: expect.stringMatching(/^agrees with frozen: \d/),
    });
    const baseline = trials.filter((t) => t.strategy === "baseline").map(agreementOf);
    expect(baseline.every((s) => s && !s.error && s.pass !== undefined)).toBe(true);
    expect(baseline.some((s) => s?.pass === false)).toBe(true);
    // The judge's calls are the evaluation's cost, apart from the candidates' $/call.
    expect(prompt[0]?.cost?.calls).toBe(1);
  });

  it("opens the agreement judge only with a recorded strategy: a real run stays real", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    // No project judge: the agreement judge would default to the built-in simulator.
    writeFileSync(config, `${readFileSync(config, "utf8")}agreement: { mode: judge }\n`);
    const run = await runSuites({ config, strategies: ["prompt"] });
    const { header } = await loadRun(run.dir);
    expect(header?.simulated).toBe(false);
    expect(Object.keys(run.calls)).toEqual(["s"]);
  });

  it("opens the agreement embedding endpoint only where agreement embeds: `auto` on JSON suites compares JSON", async () => {
    const dir = await project();
    await recordPrompt(dir);
    const config = addRecorded(dir);
    const text = readFileSync(config, "utf8");
    const withAgreement = (settings: string) => writeFileSync(config, `${text}agreement: ${settings}\n`);
    // Every suite answers JSON: `auto` compares JSON and never calls the (simulated) embedder.
    withAgreement("{ embedding: { endpoint: sim, model: sim-embed } }");
    const run = await runSuites({ config, strategies: ["frozen", "prompt"] });
    const { header, trials } = await loadRun(run.dir);
    expect(header?.simulated).toBe(false);
    const agreementOf = (t: TrialRecord | undefined) => t?.scores.find((s) => s.scorer === "agreement");
    expect(agreementOf(trials.find((t) => t.strategy === "prompt"))?.details).toMatchObject({ mode: "json" });
    // Nor is its key checked: an endpoint nothing calls needs none.
    writeFileSync(
      config,
      `${text.replace("endpoints: {", 'endpoints: { e: { baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: TUNEBENCH_TEST_UNSET_KEY },')}agreement: { embedding: { endpoint: e, model: m } }\n`,
    );
    await expect(runSuites({ config, strategies: ["frozen", "prompt"] })).resolves.toBeDefined();
    // Where agreement does embed, the endpoint is opened and its simulated numbers say so.
    withAgreement("{ mode: similar, embedding: { endpoint: sim, model: sim-embed } }");
    const similar = await runSuites({ config, strategies: ["frozen", "prompt"] });
    expect(similar.header.simulated).toBe(true);
    const embedded = (await loadRun(similar.dir)).trials.find((t) => t.strategy === "prompt");
    expect(agreementOf(embedded)?.details).toMatchObject({
      mode: "similar",
      embedder: expect.stringMatching(/sim-embed/),
    });
  });

  it("makes a case the snapshot does not hold an error trial that says so", async () => {
    const dir = await project();
    await recordPrompt(dir, { cases: { ids: ["password", "mars"] } });
    // The snapshot knows what each posed case asked, and only those were posed.
    const [suite] = await loadSuites(await loadConfig(path.join(dir, "eval.config.yaml")));
    const asked = Object.fromEntries(
      (await allCases(suite as LoadedSuite))
        .filter((c) => c.id === "password" || c.id === "mars")
        .map((c) => [c.id, questionHash(suite as LoadedSuite, c)]),
    );
    const snapshotFile = path.join(dir, "snapshots", "frozen.jsonl");
    const info = JSON.parse(readFileSync(snapshotFile, "utf8").split("\n")[0] as string).snapshot;
    expect(info).toMatchObject({ questions: { triage: asked }, selected: true });
    expect(Object.keys(info.questions.triage).sort()).toEqual(["mars", "password"]);
    expect(asked.mars).not.toBe(asked.password);
    const config = addRecorded(dir);
    const run = await runSuites({ config, strategies: ["frozen"] });
    const trials = (await loadRun(run.dir)).trials;
    expect(
      trials
        .filter((t) => !t.error)
        .map((t) => t.caseId)
        .sort(),
    ).toEqual(["mars", "password"]);
    const missing = trials.find((t) => t.caseId === "pdf-empty");
    expect(missing?.error?.message).toMatch(
      /not recorded: snapshot frozen \(sim-base, recorded .*\) holds no answer to triage\/pdf-empty: the recorded run did not pose this case/,
    );
    const repeated = await runSuites({ config, strategies: ["frozen"], cases: { ids: ["mars"] }, repeat: 2 });
    const second = (await loadRun(repeated.dir)).trials.find((t) => t.repeat === 1);
    expect(second?.error?.message).toMatch(/holds no repeat #2 of this case/);
  });

  it("says which file is not a snapshot: missing, corrupt, or another tool's", async () => {
    const dir = await project();
    const recorded = await recordPrompt(dir);
    const config = addRecorded(dir);
    const file = path.join(dir, "snapshots", "frozen.jsonl");
    const good = readFileSync(file, "utf8");
    const run = () => runSuites({ config, strategies: ["frozen"] });

    appendFileSync(file, "{not json\n");
    await expect(run()).rejects.toThrow(/frozen\.jsonl:7: not JSON; a snapshot is written whole/);
    writeFileSync(file, `${good}{"schema":"tunebench.trial/1","caseId":"x"}\n`);
    await expect(run()).rejects.toThrow(/frozen\.jsonl:7: not a tunebench\.trial\/1 record: missing/);
    copyFileSync(path.join(recorded.dir, "trials.jsonl"), file);
    await expect(run()).rejects.toThrow(
      /is not a tunebench snapshot \(its first line is no snapshot header\)/,
    );
    writeFileSync(file, '{"messages":[{"role":"user","content":"hi"}]}\n');
    await expect(run()).rejects.toThrow(/is not a tunebench snapshot/);
    writeFileSync(
      file,
      good
        .replace(/"strategy":"prompt"/g, '"strategy":"baseline"')
        .replace('"strategy":"baseline","strategyType"', '"strategy":"prompt","strategyType"'),
    );
    await expect(run()).rejects.toThrow(/an answer of strategy 'baseline', not of the recorded 'prompt'/);
    writeFileSync(config, readFileSync(config, "utf8").replace("snapshot: frozen", "snapshot: gone"));
    await expect(run()).rejects.toThrow(
      /eval\.config\.yaml:\d+:\d+: strategies\.frozen\.snapshot: no snapshot at .*gone\.jsonl/,
    );
  });

  it("`record --from` calls nothing: not even the endpoint's model route, only the retirement table", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    const run = await runSuites({ config, strategies: ["prompt"] });
    // The endpoint now points at a loopback server that counts whatever reaches it.
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "sim-base", object: "model", shutdown_date: "2030-01-01" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      writeFileSync(
        config,
        readFileSync(config, "utf8").replace(/baseURL: "[^"]+"/, `baseURL: "http://127.0.0.1:${port}/v1"`),
      );
      const cli = await runCli(
        [registerRecordCommand],
        ["record", "--strategy", "prompt", "--from", run.dir, "-c", config, "--name", "frozen"],
      );
      expect(cli.code ?? 0).toBe(0);
      expect(asked).toEqual([]);
      const header = JSON.parse(
        readFileSync(path.join(dir, "snapshots", "frozen.jsonl"), "utf8").split("\n")[0] as string,
      );
      expect(header.snapshot.retires).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("`tunebench record` runs the strategy, writes the snapshot and keeps it from being overwritten", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    const first = await runCli([registerRecordCommand], ["record", "--strategy", "prompt", "-c", config]);
    expect(first.code ?? 0).toBe(0);
    expect(first.stdout).toMatch(
      /^recorded 5 answers of prompt \(sim-base\) from run \S+ into .*snapshots\/prompt\.jsonl/,
    );
    const snapshot = readFileSync(path.join(dir, "snapshots", "prompt.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(snapshot).toHaveLength(6);
    expect(JSON.parse(snapshot[0] as string).snapshot).toMatchObject({
      name: "prompt",
      strategy: "prompt",
      model: "sim-base",
    });
    const sent = chatRequests();
    const again = await runCli([registerRecordCommand], ["record", "--strategy", "prompt", "-c", config]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /snapshots\/prompt\.jsonl exists and may hold a model that no longer answers: pass --force/,
    );
    expect(chatRequests()).toBe(sent);
    const bad = await runCli(
      [registerRecordCommand],
      ["record", "--strategy", "nope", "-c", config, "--name", "x"],
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--strategy: unknown strategy 'nope'/);
    // A name in another script is letters, but not the ones a snapshot's file name takes: say which.
    const named = await runCli(
      [registerRecordCommand],
      ["record", "--strategy", "prompt", "-c", config, "--name", "快照"],
    );
    expect(named.code).toBe(2);
    expect(named.stderr).toBe(
      "tunebench: --name 快照: use ASCII letters (A-Z, a-z), digits, '.', '_' or '-', starting with a letter or digit (it names snapshots/<name>.jsonl)\n",
    );
  });
});
