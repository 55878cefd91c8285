// A stand-in endpoint that costs (almost) nothing: every chat completion gets the same small JSON
// answer after `latencyMs`. `node bench/bench.mjs --sim stub` uses it to show what the harness
// alone can do when the simulator's own CPU time is out of the picture.
import { createServer } from "node:http";

const latencyMs = Number(process.argv[2] ?? 0);
const body = JSON.stringify({
  id: "chatcmpl-stub",
  object: "chat.completion",
  created: 0,
  model: "sim-base",
  choices: [
    { index: 0, message: { role: "assistant", content: '{"category":"billing"}' }, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 50, completion_tokens: 6, total_tokens: 56 },
});
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    }, latencyMs);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/v1\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
