// The pairwise judge shows each pair twice with the positions swapped: a judge biased towards the
// first answer votes once for each side, which is a tie; a judge that reads the answers is not fooled.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { type Endpoints, openEndpoints } from "../../src/endpoints/index.js";
import { judgePair, type ResolvedJudge } from "../../src/scoring/index.js";
import { writeProject } from "../helpers/project.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";

let server: FakeServer | null = null;
let endpoints: Endpoints | null = null;
afterEach(async () => {
  await endpoints?.close();
  await server?.close();
  endpoints = null;
  server = null;
});

const section = (body: Record<string, unknown>, tag: string) => {
  const user = (body.messages as { content: string }[])[1]?.content ?? "";
  return new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(user)?.[1] ?? "";
};

type Policy = (a: string, b: string) => string;

async function judgeWith(policy: Policy) {
  await endpoints?.close();
  await server?.close();
  server = await fakeServer((request, res) =>
    json(res, 200, {
      id: "x",
      object: "chat.completion",
      created: 0,
      model: "pair-judge",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: policy(section(request.body, "answer_a"), section(request.body, "answer_b")),
          },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    }),
  );
  const dir = writeProject({
    "eval.config.yaml": `endpoints: { j: { baseURL: "${server.baseURL}" } }\nrun: { cache: false }\n`,
  });
  endpoints = await openEndpoints(await loadConfig(`${dir}/eval.config.yaml`), { names: ["j"] });
  const judge: ResolvedJudge = {
    endpoint: "j",
    model: "pair-judge",
    rubric: "Polite.",
    scale: [1, 5],
    pass: 4,
  };
  return (candidate: string, other: string) =>
    judgePair(
      endpoints?.scoringModels() as ReturnType<Endpoints["scoringModels"]>,
      judge,
      { question: "Where is my parcel?" },
      { strategy: "tuned", answer: candidate },
      { strategy: "prompt", answer: other },
    );
}

const verdict = (winner: string) => JSON.stringify({ winner, reason: "because" });

describe("pairwise judge", () => {
  it("a judge that always prefers the first answer yields a tie (position bias cancels)", async () => {
    const pair = await judgeWith(() => verdict("A"));
    const result = await pair("Hello, it arrives tomorrow.", "tomorrow");
    expect(result.outcome).toBe("tie");
    expect(result.consistent).toBe(false);
    expect(result.votes.map((v) => [v.first, v.winner])).toEqual([
      ["tuned", "A"],
      ["prompt", "A"],
    ]);
    // The second order really swapped the answers.
    expect(server?.requests.map((r) => section(r.body, "answer_a"))).toEqual([
      "Hello, it arrives tomorrow.",
      "tomorrow",
    ]);
    expect(result.cost).toMatchObject({ calls: 2, cached: 0 });
  });

  it("a judge that reads the answers picks the same one in both orders", async () => {
    const pair = await judgeWith((a, b) =>
      verdict(a.startsWith("Hello") ? "A" : b.startsWith("Hello") ? "B" : "tie"),
    );
    expect(await pair("Hello, it arrives tomorrow.", "tomorrow")).toMatchObject({
      outcome: "win",
      consistent: true,
    });
    expect(await pair("tomorrow", "Hello, it arrives tomorrow.")).toMatchObject({
      outcome: "loss",
      consistent: true,
    });
    expect(await pair("soon", "tomorrow")).toMatchObject({ outcome: "tie", consistent: true });
  });

  it("one order with a tie and the other with a win is a win; an unparseable vote leaves no outcome", async () => {
    let calls = 0;
    const pair = await judgeWith(() => verdict(calls++ === 0 ? "tie" : "B"));
    expect(await pair("x", "y")).toMatchObject({ outcome: "win", consistent: false });
    const broken = await judgeWith(() => "A is better");
    const result = await broken("x", "y");
    expect(result.outcome).toBeNull();
    expect(result.votes[0]).toMatchObject({ winner: null, raw: "A is better" });
    expect(result.votes[0]?.reason).toMatch(/unparseable verdict/);
  });
});
