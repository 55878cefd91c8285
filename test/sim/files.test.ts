import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { parseMultipart } from "../../src/sim/multipart.js";
import { expectSchema } from "../finetune/openapi-spec.js";
import { tempDir } from "../helpers/suite.js";

let sim: RunningSimulator;
let client: OpenAI;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries: 0 });
}, 30_000);
afterAll(() => sim.close());

const JSONL = `${JSON.stringify({
  messages: [
    { role: "user", content: "hi" },
    { role: "assistant", content: "hello" },
  ],
})}\n`;

describe("/v1/files", () => {
  it("uploads multipart through the SDK, then retrieves, lists, reads and deletes", async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(JSONL), "train.jsonl"),
      purpose: "fine-tune",
    });
    expect(file).toMatchObject({
      object: "file",
      filename: "train.jsonl",
      purpose: "fine-tune",
      bytes: JSONL.length,
    });
    expect(file.id).toMatch(/^file-[A-Za-z0-9]+$/);
    expectSchema("OpenAIFile", file);

    expect(await client.files.retrieve(file.id)).toEqual(file);
    const content = await client.files.content(file.id);
    expect(await content.text()).toBe(JSONL);

    const other = await client.files.create({
      file: await toFile(Buffer.from("x"), "notes.txt"),
      purpose: "user_data",
    });
    const listed = await client.files.list({ purpose: "fine-tune" });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    const raw = await (await fetch(`${sim.url}/files`)).json();
    expectSchema("ListFilesResponse", raw);
    expect((raw as { data: { id: string }[] }).data.map((f) => f.id)).toEqual([other.id, file.id]);

    const deleted = await client.files.delete(file.id);
    expect(deleted).toEqual({ object: "file", id: file.id, deleted: true });
    expectSchema("DeleteFileResponse", deleted);
    await expect(client.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
  });

  it("rejects a fine-tune upload that is not .jsonl, a bad purpose, a missing file, JSON bodies", async () => {
    await expect(
      client.files.create({ file: await toFile(Buffer.from(JSONL), "train.json"), purpose: "fine-tune" }),
    ).rejects.toMatchObject({
      status: 400,
      error: { message: "Invalid file format for Fine-Tuning API. Must be .jsonl" },
    });
    await expect(
      client.files.create({
        file: await toFile(Buffer.from(JSONL), "t.jsonl"),
        purpose: "nonsense" as "fine-tune",
      }),
    ).rejects.toMatchObject({ status: 400, error: { param: "purpose", code: "invalid_value" } });
    const form = new FormData();
    form.append("purpose", "fine-tune");
    const res = await fetch(`${sim.url}/files`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { param: "file", code: "missing_required_parameter" } });
    const json = await fetch(`${sim.url}/files`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(400);
  });

  it("parses multipart bodies binary-safely, with quoted names", () => {
    const bytes = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 255]);
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n'),
      Buffer.from(
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".jsonl"\r\nContent-Type: application/jsonl\r\n\r\n',
      ),
      bytes,
      Buffer.from("\r\n--XyZ--\r\n"),
    ]);
    const parsed = parseMultipart(body, 'multipart/form-data; boundary="XyZ"');
    expect(parsed.fields).toEqual({ purpose: "fine-tune" });
    expect(parsed.files.file?.filename).toBe('a "b".jsonl');
    expect([...(parsed.files.file?.data ?? [])]).toEqual([...bytes]);
    expect(() => parseMultipart(body, "application/json")).toThrow(/multipart\/form-data/);
  });

  it("persists files in stateDir: another simulator on the same folder serves them", async () => {
    const stateDir = tempDir();
    const a = await startSimulator({ port: 0, stateDir });
    const ca = new OpenAI({ baseURL: a.url, apiKey: "x", maxRetries: 0 });
    const file = await ca.files.create({
      file: await toFile(Buffer.from(JSONL), "train.jsonl"),
      purpose: "fine-tune",
    });
    await a.close();
    const b = await startSimulator({ port: 0, stateDir });
    try {
      const cb = new OpenAI({ baseURL: b.url, apiKey: "x", maxRetries: 0 });
      expect(await cb.files.retrieve(file.id)).toEqual(file);
      expect(await (await cb.files.content(file.id)).text()).toBe(JSONL);
      expect((await cb.files.list()).data.map((f) => f.id)).toEqual([file.id]);
    } finally {
      await b.close();
    }
  });
});
