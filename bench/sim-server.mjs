// The simulator in its own process for the benchmark: `node bench/sim-server.mjs <latencyMs>`
// prints its URL, serves until SIGTERM/SIGINT.
//
// One difference from `tunebench sim`: its x-ratelimit-* headers advertise an unlimited budget.
// tunebench honours those headers (it pauses when remaining requests run out), and the
// simulator's usual 10,000 requests per minute would pace a 100,000-trial benchmark at 0 ms.
import { preloadEncoding } from "../dist/model/index.js";
import { startSimulator } from "../dist/sim/index.js";
import { chatRoutes } from "../dist/sim/routes/chat.js";

const UNLIMITED = {
  "x-ratelimit-limit-requests": "1000000000",
  "x-ratelimit-remaining-requests": "1000000000",
  "x-ratelimit-limit-tokens": "1000000000000",
  "x-ratelimit-remaining-tokens": "1000000000000",
};
const routes = chatRoutes.map((route) => ({
  ...route,
  async handle(request, context) {
    const reply = await route.handle(request, context);
    return { ...reply, headers: { ...reply.headers, ...UNLIMITED } };
  },
}));

await preloadEncoding("o200k_base");
const sim = await startSimulator({ port: 0, latencyMs: Number(process.argv[2] ?? 0), routes });
process.stdout.write(`listening on ${sim.url}\n`);
const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
