// One measured run of the harness, in its own process so its CPU time and peak RSS are its own.
// Usage: node bench/harness.mjs <config> <concurrency> [--cache]
// Prints one JSON line: trials, wall and trial-phase milliseconds, CPU milliseconds, peak RSS.
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
// As the CLI does: only the runner and the reporters (the simulator is not loaded unless used).
import { ConsoleReporter } from "../dist/report/index.js";
import { runSuites } from "../dist/run/index.js";

const [config, concurrency, ...flags] = process.argv.slice(2);
if (!config || !concurrency) {
  process.stderr.write("usage: node bench/harness.mjs <config> <concurrency> [--cache]\n");
  process.exit(2);
}

let phaseStart = 0;
let cpuAtStart = null;
let phaseEnd = 0;
let lastTrial = 0;
let trials = 0;
let errors = 0;
const timing = {
  onRunStart() {
    phaseStart = performance.now();
    cpuAtStart = process.cpuUsage(cpuBefore);
  },
  onTrial(trial) {
    lastTrial = performance.now();
    trials++;
    if (trial.error) errors++;
  },
  onRunEnd() {
    phaseEnd = performance.now();
  },
};
// The console reporter is part of a real run; its output goes nowhere.
const sink = new Writable({ write: (_chunk, _enc, done) => done() });

/** CPU milliseconds of the main thread alone (Linux), without JIT-compiler and GC helper threads. */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100
  } catch {
    return null;
  }
}

const cpuBefore = process.cpuUsage();
const mainBefore = mainThreadCpuMs();
// (modules are already loaded: the imports above ran before this line)
const started = performance.now();
const result = await runSuites({
  config,
  concurrency: Number(concurrency),
  cache: flags.includes("--cache"),
  reporters: [timing, new ConsoleReporter({ out: sink, progress: null })],
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const processCpu = process.cpuUsage();
const mainAfter = mainThreadCpuMs();
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    trials,
    errors,
    wallMs,
    trialPhaseMs: (lastTrial || phaseEnd) - phaseStart,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sysCpuMs: cpu.system / 1000,
    mainThreadCpuMs: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
    // Everything the process did, module loading included.
    processCpuMs: (processCpu.user + processCpu.system) / 1000,
    // Loading config and suites, building strategies: once per run, not per trial.
    setupCpuMs: cpuAtStart ? (cpuAtStart.user + cpuAtStart.system) / 1000 : 0,
    maxRssMB: usage.maxRSS / 1024,
    dir: result.dir,
  })}\n`,
);
