#!/usr/bin/env node
// What any Node client can do here: the same calls as `npm run bench` (N chat completions, the same
// concurrency and latency, a stub endpoint in its own process), made by a bare loop of node:http
// requests and by a bare loop of the openai SDK (on tunebench's keep-alive transport), with nothing
// else. tunebench's own figures only mean something beside these floors: a 2-core machine running
// the endpoint too cannot reach the limit, and the SDK's CPU per call is part of every trial's.
//
//   npm run build && node bench/floor.mjs [--trials 2000] [--latency 20] [--concurrency 16]
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    trials: { type: "string", default: "2000" },
    latency: { type: "string", default: "20" },
    concurrency: { type: "string", default: "16" },
    child: { type: "string" },
    url: { type: "string" },
  },
});
const [trials, latency, concurrency] = [args.trials, args.latency, args.concurrency].map(Number);
const messages = [
  { role: "system", content: "Classify the support ticket. Reply with JSON." },
  { role: "user", content: "my card was charged twice for the order" },
  { role: "assistant", content: '{"category":"billing"}' },
  { role: "user", content: "ticket 1: the parcel has not arrived after two weeks" },
];

/** One loop, in a process of its own: how long the calls took, and the process's CPU and age. */
async function child(mode, url) {
  let call;
  if (mode === "sdk") {
    const { default: OpenAI } = await import("openai");
    const { createKeepAliveFetch } = await import(path.join(root, "dist/model/transport.js"));
    const client = new OpenAI({
      baseURL: url,
      apiKey: "sk-bench",
      maxRetries: 0,
      fetch: createKeepAliveFetch(),
    });
    call = () => client.chat.completions.create({ model: "sim-base", messages, temperature: 0 });
  } else {
    const agent = new http.Agent({ keepAlive: true });
    const body = JSON.stringify({ model: "sim-base", messages, temperature: 0 });
    const target = new URL(`${url}/chat/completions`);
    const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    call = () =>
      new Promise((resolve, reject) => {
        const req = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers },
          (res) => {
            const chunks = [];
            res.on("data", (c) => chunks.push(c));
            res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
          },
        );
        req.on("error", reject).end(body);
      });
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < trials) await call();
    }),
  );
  const loopMs = performance.now() - t0;
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ loopMs, processMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
  );
}

async function main() {
  const server = spawn(process.execPath, [path.join(root, "bench", "stub-server.mjs"), String(latency)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve) =>
    server.stdout.on("data", (d) => {
      const m = /listening on (\S+)/.exec(String(d));
      if (m) resolve(m[1]);
    }),
  );
  const limit = (concurrency * 1000) / latency;
  process.stdout.write(
    `floor: node ${process.version}, ${trials} calls, latency ${latency} ms, concurrency ${concurrency}, limit ${limit} calls/s\n`,
  );
  try {
    for (const mode of ["node:http", "sdk"]) {
      const r = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          "--child",
          mode,
          "--url",
          url,
          ...["--trials", String(trials), "--latency", String(latency), "--concurrency", String(concurrency)],
        ],
        { encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`${mode} loop failed: ${r.stderr}`);
      const { loopMs, processMs, cpuMs } = JSON.parse(r.stdout.trim().split("\n").pop());
      const share = (ms) => `${((100 * trials) / (ms / 1000) / limit).toFixed(1)} %`;
      process.stdout.write(
        `  ${mode.padEnd(9)}  calls ${share(loopMs)} of the limit (${share(processMs)} with the process start)  CPU ${(cpuMs / trials).toFixed(3)} ms per call (process)\n`,
      );
    }
  } finally {
    server.kill("SIGTERM");
  }
}

if (args.child) await child(args.child, args.url);
else await main();
