#!/usr/bin/env node
// tunebench benchmark: N trials against the simulator at a fixed latency and concurrency.
//
//   npm run build && node bench/bench.mjs [--trials 2000] [--latency 20] [--concurrency 16]
//                    [--cases 100] [--runs 1] [--sim child|inprocess|stub] [--cache] [--keep]
//
// Prints trials/s against the limit (concurrency ÷ latency), harness CPU ms per trial, peak RSS
// and the start time of `tunebench --version`. `--sim child` (the default) runs the simulator in
// its own process (bench/sim-server.mjs) so the harness's CPU and memory are measured alone;
// `--sim inprocess` uses the built-in one (what `tunebench run` does by default; CPU and memory
// then include the simulator's).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = path.join(root, "dist", "cli.js");

const { values: args } = parseArgs({
  options: {
    trials: { type: "string", default: "2000" },
    latency: { type: "string", default: "20" },
    concurrency: { type: "string", default: "16" },
    sim: { type: "string", default: "child" },
    cache: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "start-runs": { type: "string", default: "10" },
    cases: { type: "string", default: "100" },
    runs: { type: "string", default: "1" },
  },
});
const trials = Number(args.trials);
const latency = Number(args.latency);
const concurrency = Number(args.concurrency);
if (!(trials > 0 && latency >= 0 && concurrency > 0) || !["child", "inprocess", "stub"].includes(args.sim)) {
  process.stderr.write(
    "usage: node bench/bench.mjs --trials N --latency MS --concurrency C [--sim child|inprocess|stub]\n",
  );
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

// 1. Start time of `tunebench --version` (median of N cold starts).
function startTime(runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`tunebench --version failed: ${r.stderr}`);
  }
  return median(times);
}

// 2. A synthetic project: one few-shot task, `cases` cases, repeated to reach N trials.
const CATEGORIES = ["billing", "bug", "account", "shipping"];
const PHRASES = {
  billing: "my card was charged twice for the order",
  bug: "the app crashes when I open the settings page",
  account: "I cannot reset the password of my account",
  shipping: "the parcel has not arrived after two weeks",
};
function writeProject(dir, endpointURL) {
  const cases = Math.min(trials, Number(args.cases));
  const repeat = Math.ceil(trials / cases);
  const examples = CATEGORIES.flatMap((c, i) => [
    `    - { input: "${PHRASES[c]}", output: '{"category":"${c}"}' }`,
    `    - { input: "please help, ${PHRASES[c]} (ticket ${i})", output: '{"category":"${c}"}' }`,
  ]);
  const lines = [];
  for (let i = 0; i < cases; i++) {
    const c = CATEGORIES[i % CATEGORIES.length];
    lines.push(
      `  - { id: c${i}, input: "ticket ${i}: ${PHRASES[c]}", expect: { json: { category: ${c} } } }`,
    );
  }
  mkdirSync(path.join(dir, "suites"), { recursive: true });
  writeFileSync(
    path.join(dir, "suites", "bench.yaml"),
    `name: bench
task:
  system: Classify the support ticket. Reply with JSON.
  output: { format: json, schema: { type: object, required: [category] } }
  examples:
${examples.join("\n")}
cases:
${lines.join("\n")}
`,
  );
  const endpoint = endpointURL ? `endpoints:\n  bench: { baseURL: "${endpointURL}" }\n` : "";
  writeFileSync(
    path.join(dir, "eval.config.yaml"),
    `suites: [suites/*.yaml]
${endpoint}strategies:
  prompt: { endpoint: ${endpointURL ? "bench" : "sim"}, model: sim-base, shots: 4 }
run: { concurrency: ${concurrency}, repeat: ${repeat}, outDir: reports }
sim: { latencyMs: ${latency} }
`,
  );
  return { cases, repeat, total: cases * repeat };
}

// The simulator in its own process; resolves its URL from the line it prints.
function startSimChild() {
  const script = args.sim === "stub" ? "stub-server.mjs" : "sim-server.mjs";
  const child = spawn(process.execPath, [path.join(root, "bench", script), String(latency)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once("exit", (code) => reject(new Error(`simulator exited (${code}): ${out}`)));
  });
}

/** user+system CPU milliseconds of a live process (Linux /proc), or null elsewhere. */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function runHarnessOnce(config) {
  const flags = args.cache ? ["--cache"] : [];
  const r = spawnSync(
    process.execPath,
    [path.join(root, "bench", "harness.mjs"), config, String(concurrency), ...flags],
    {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(`harness failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

/** `--runs N`: the run with the median trial-phase time (a busy machine makes single runs noisy). */
function runHarness(config, onRun) {
  const results = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const cpuBefore = sim ? cpuMsOf(sim.child.pid) : null;
    const result = runHarnessOnce(config);
    result.simCpuMs = sim && cpuBefore !== null ? cpuMsOf(sim.child.pid) - cpuBefore : null;
    results.push(result);
    onRun?.(result);
  }
  results.sort((a, b) => a.trialPhaseMs - b.trialPhaseMs);
  return results[Math.floor((results.length - 1) / 2)];
}

const dir = mkdtempSync(path.join(tmpdir(), "tunebench-bench-"));
let sim = null;
try {
  const start = startTime(Number(args["start-runs"]));
  if (args.sim !== "inprocess") sim = await startSimChild();
  const plan = writeProject(dir, sim?.url);
  const run = runHarness(path.join(dir, "eval.config.yaml"));
  const simCpu = run.simCpuMs;

  const limit = latency > 0 ? concurrency / (latency / 1000) : null;
  const rate = run.trials / (run.trialPhaseMs / 1000);
  const perTrial = (ms) => `${(ms / run.trials).toFixed(3)} ms`;
  const trialCpu = run.cpuMs - run.setupCpuMs;
  const cpuPerTrial = run.cpuMs / run.trials;
  const rssTarget = run.trials > 10_000 ? 200 : 120;
  const rows = [
    ["trials", `${run.trials} (${plan.cases} cases × repeat ${plan.repeat}), ${run.errors} errors`, "", ""],
    [
      "simulator",
      {
        child: "separate process",
        inprocess: "in-process (CPU and RSS below include it)",
        stub: "a fixed-answer stub, separate process (harness-bound)",
      }[args.sim],
      "",
      "",
    ],
    [
      "wall time",
      `${(run.wallMs / 1000).toFixed(2)} s (trials ${(run.trialPhaseMs / 1000).toFixed(2)} s)${Number(args.runs) > 1 ? `, median of ${args.runs} runs` : ""}`,
      "",
      "",
    ],
    [
      "throughput",
      limit
        ? `${rate.toFixed(0)} trials/s = ${((100 * rate) / limit).toFixed(1)} % of ${limit.toFixed(0)} (c ${concurrency} ÷ ${latency} ms)`
        : `${rate.toFixed(0)} trials/s (latency 0: no limit)`,
      limit ? "≥ 90 % of limit" : "",
      limit ? (rate >= 0.9 * limit ? "ok" : "MISS") : "",
    ],
    [
      "harness CPU / trial",
      `${perTrial(run.cpuMs)} (setup ${run.setupCpuMs.toFixed(0)} ms + trials ${perTrial(trialCpu)}; main thread ${run.mainThreadCpuMs === null ? "?" : perTrial(run.mainThreadCpuMs)})`,
      "≤ 0.5 ms",
      args.sim !== "inprocess" ? (cpuPerTrial <= 0.5 ? "ok" : "MISS") : "",
    ],
    ["server CPU / trial", simCpu === null ? "(in the harness)" : perTrial(simCpu), "", ""],
    [
      "peak RSS",
      `${run.maxRssMB.toFixed(0)} MB`,
      `≤ ${rssTarget} MB`,
      run.maxRssMB <= rssTarget ? "ok" : "MISS",
    ],
    [
      "start (--version)",
      `${(start / 1000).toFixed(3)} s (median of ${args["start-runs"]})`,
      "≤ 0.3 s",
      start <= 300 ? "ok" : "MISS",
    ],
  ];
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(
    `tunebench bench: node ${process.version}, trials ${trials}, latency ${latency} ms, concurrency ${concurrency}, cache ${args.cache ? "on" : "off"}\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `  ${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2].padEnd(width[2])}  ${r[3]}\n`,
    );
} finally {
  sim?.child.kill("SIGTERM");
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`kept ${dir}\n`);
}
