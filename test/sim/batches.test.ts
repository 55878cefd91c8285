import OpenAI, { toFile } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, SIM_BASE_MODEL, startSimulator } from "../../src/sim/index.js";
import { tempDir } from "../helpers/suite.js";

const sims: RunningSimulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function simulator(options: Parameters<typeof startSimulator>[0]) {
  const sim = await startSimulator({ port: 0, ...options });
  sims.push(sim);
  return { sim, client: new OpenAI({ baseURL: sim.url, apiKey: "sim", maxRetries: 0 }) };
}

const line = (id: string, body: unknown, url = "/v1/chat/completions") =>
  JSON.stringify({ custom_id: id, method: "POST", url, body });
const ask = (content: string) => ({ model: SIM_BASE_MODEL, messages: [{ role: "user", content }] });

async function submit(client: OpenAI, lines: string[]) {
  const file = await client.files.create({
    file: await toFile(Buffer.from(`${lines.join("\n")}\n`), "requests.jsonl"),
    purpose: "batch",
  });
  return client.batches.create({
    input_file_id: file.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
  });
}

async function until(client: OpenAI, id: string, statuses: string[]) {
  for (;;) {
    const batch = await client.batches.retrieve(id);
    if (statuses.includes(batch.status)) return batch;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the simulator's Batch API, through the openai SDK", () => {
  it("answers each line as /v1/chat/completions would", async () => {
    const { client } = await simulator({ batchSeconds: 0.2 });
    const batch = await submit(client, [
      line("a", ask("What is 17 + 25?")),
      line("b", ask("Reverse the word 'stop'")),
    ]);
    const done = await until(client, batch.id, ["completed"]);
    const out = (await (await client.files.content(done.output_file_id as string)).text()).trim().split("\n");
    const answers = Object.fromEntries(
      out.map((l) => JSON.parse(l)).map((l) => [l.custom_id, l.response.body]),
    );
    const direct = await client.chat.completions.create(ask("What is 17 + 25?") as never);
    expect(answers.a.choices[0].message.content).toBe(direct.choices[0]?.message.content);
    expect(answers.a.usage.prompt_tokens).toBe(direct.usage?.prompt_tokens);
    expect(done.error_file_id).toBeUndefined();
  });

  it("fails a batch whose file has bad lines, naming them", async () => {
    const { client } = await simulator({ batchSeconds: 0.2 });
    const batch = await submit(client, [
      line("a", ask("hi")),
      "{not json",
      line("a", ask("again")),
      line("c", ask("x"), "/v1/embeddings"),
    ]);
    const failed = await until(client, batch.id, ["failed", "completed"]);
    expect(failed.status).toBe("failed");
    expect(failed.errors?.data?.map((e) => [e.line, e.code])).toEqual([
      [2, "invalid_json_line"],
      [3, "duplicate_custom_id"],
      [4, "mismatched_endpoint"],
    ]);
    await expect(
      client.batches.create({
        input_file_id: "file-nope",
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(client.batches.retrieve("batch_nope")).rejects.toMatchObject({ status: 404 });
  });

  it("keeps batches across a restart with a state folder: they complete for the next process", async () => {
    const stateDir = tempDir();
    const first = await simulator({ batchSeconds: 0.5, stateDir });
    const batch = await submit(first.client, [line("a", ask("What is 2 + 2?"))]);
    await first.sim.close();
    sims.splice(sims.indexOf(first.sim), 1);
    const second = await simulator({ batchSeconds: 0.5, stateDir });
    const done = await until(second.client, batch.id, ["completed"]);
    expect(done.request_counts).toEqual({ total: 1, completed: 1, failed: 0 });
    const listed = await second.client.batches.list({ limit: 5 });
    expect(listed.data.map((b) => b.id)).toContain(batch.id);
  });
});
