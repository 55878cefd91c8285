// The judge scorer against a judge on a loopback port that answers fixed verdicts, through the
// run's real chain (endpoints: cache -> limiter -> openai SDK).
import { afterEach, describe, expect, it } from "vitest";
import { type Case, type LoadedConfig, loadConfig } from "../../src/config/index.js";
import { type Endpoints, openEndpoints } from "../../src/endpoints/index.js";
import { EndpointFatalError } from "../../src/model/index.js";
import { judgingSettings, SCORERS, type Score, scoreAnswer } from "../../src/scoring/index.js";
import { writeProject } from "../helpers/project.js";
import { makeSuite } from "../helpers/suite.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";

const KEY = "sk-judge-secret-0123456789abcdef";
let server: FakeServer | null = null;
let endpoints: Endpoints | null = null;
afterEach(async () => {
  await endpoints?.close();
  await server?.close();
  endpoints = null;
  server = null;
});

/** What the judge is shown as the answer (the <answer> section of the prompt). */
const answerIn = (body: Record<string, unknown>) => {
  const messages = body.messages as { content: string }[];
  return /<answer>\n([\s\S]*?)\n<\/answer>/.exec(messages[1]?.content ?? "")?.[1] ?? "";
};

/** A judge with fixed verdicts: GOOD → 5, BAD → 2, WEIRD → prose, DENIED → a 401 echoing the key. */
async function judgeServer(): Promise<FakeServer> {
  return fakeServer((request, res) => {
    const answer = answerIn(request.body);
    if (answer.includes("DENIED"))
      return json(res, 401, { error: { message: `Incorrect API key provided: ${KEY}` } });
    const content = answer.includes("GOOD")
      ? '{"score": 5, "reason": "warm and complete"}'
      : answer.includes("BAD")
        ? '{"score": 2, "reason": "curt, no greeting"}'
        : "I would give this a 4 out of 5.";
    json(res, 200, {
      id: "chatcmpl-judge",
      object: "chat.completion",
      created: 0,
      model: request.body.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: 200, completion_tokens: 20, total_tokens: 220 },
    });
  });
}

async function setup(
  repeat = 1,
): Promise<{ loaded: LoadedConfig; score: (answer: string) => Promise<Score[]> }> {
  server = await judgeServer();
  process.env.TB_JUDGE_KEY = KEY;
  const dir = writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]
endpoints: { grader: { baseURL: "${server.baseURL}", apiKeyEnv: TB_JUDGE_KEY } }
judge: { endpoint: grader, model: grader-1, scale: [1, 5], pass: 4 }
prices: { grader-1: { input: 1, output: 2 } }
run: { judgeRepeat: ${repeat} }
`,
  });
  const loaded = await loadConfig(`${dir}/eval.config.yaml`);
  const suite = makeSuite({ name: "tone" });
  suite.judge = { rubric: 'Polite, opens with "Hello".' };
  const testCase: Case = {
    id: "c1",
    input: "Where is my parcel?",
    tags: [],
    expect: { reference: "Hello! Your parcel arrives tomorrow." },
  };
  endpoints = await openEndpoints(loaded, { names: ["grader"] });
  const context = { suite, models: endpoints.scoringModels(), judging: judgingSettings(loaded.config) };
  return {
    loaded,
    score: async (answer) => {
      const { scores, verdict } = await scoreAnswer(answer, testCase, context, { judge: SCORERS.judge });
      // No expectation but the judge: a judge error leaves the case undecided, never failed.
      expect(verdict.pass).toBe(scores.every((s) => s.error || s.pass));
      return scores;
    },
  };
}

describe("judge scorer against a local judge with fixed verdicts", () => {
  it("passes, fails, and turns a malformed verdict into a judge error (not a failed case)", async () => {
    const { score } = await setup();
    const [good] = await score("GOOD: Hello! It arrives tomorrow.");
    expect(good).toMatchObject({ scorer: "judge", pass: true, score: 1 });
    expect(good?.reason).toMatch(/^5\/5, pass ≥ 4: warm and complete/);
    expect(good?.cost).toEqual({ calls: 1, cached: 0, total: 0.00024, spent: 0.00024 });

    const [bad] = await score("BAD: tomorrow");
    expect(bad).toMatchObject({ pass: false, score: 0.25 });
    expect(bad?.reason).toMatch(/^2\/5.*curt, no greeting/);

    const [weird] = await score("WEIRD answer");
    expect(weird?.error).toBe(true);
    expect(weird?.pass).toBeUndefined();
    expect(weird?.reason).toMatch(/^judge error: unparseable verdict \(not a JSON object\)/);

    // The log keeps the prompt (rubric, question, reference, answer), the raw answer and the grade.
    const details = good?.details as { prompt: { role: string; content: string }[]; samples: unknown[] };
    expect(details.prompt[0]?.content).toMatch(/^\[tunebench-judge\/1 grade scale=1\.\.5\]/);
    expect(details.prompt[1]?.content).toContain('<rubric>\nPolite, opens with "Hello".\n</rubric>');
    expect(details.prompt[1]?.content).toContain(
      "<reference>\nHello! Your parcel arrives tomorrow.\n</reference>",
    );
    expect(details.samples).toEqual([
      {
        raw: '{"score": 5, "reason": "warm and complete"}',
        cached: false,
        score: 5,
        reason: "warm and complete",
      },
    ]);
    // Structured output: JSON mode, temperature 0, the judge's model.
    expect(server?.requests[0]?.body).toMatchObject({
      model: "grader-1",
      temperature: 0,
      response_format: { type: "json_object" },
    });
  });

  it("answers an identical judge prompt from the response cache: not sent, not spent", async () => {
    const { loaded, score } = await setup();
    await score("GOOD: Hello! It arrives tomorrow.");
    expect(server?.requests).toHaveLength(1);
    await endpoints?.close();
    // A second run of the same project: a new client, the same on-disk cache.
    endpoints = await openEndpoints(loaded, { names: ["grader"] });
    const suite = makeSuite({ name: "tone" });
    suite.judge = { rubric: 'Polite, opens with "Hello".' };
    const testCase: Case = {
      id: "c1",
      input: "Where is my parcel?",
      tags: [],
      expect: { reference: "Hello! Your parcel arrives tomorrow." },
    };
    const context = { suite, models: endpoints.scoringModels(), judging: judgingSettings(loaded.config) };
    const { scores } = await scoreAnswer("GOOD: Hello! It arrives tomorrow.", testCase, context, {
      judge: SCORERS.judge,
    });
    expect(server?.requests).toHaveLength(1);
    expect(scores[0]).toMatchObject({ pass: true, cost: { calls: 1, cached: 1, total: 0.00024, spent: 0 } });
  });

  it("judgeRepeat k sends k samples (one cache slot each) and averages them", async () => {
    const { score } = await setup(3);
    const [good] = await score("GOOD");
    expect(server?.requests).toHaveLength(3);
    expect(good?.details?.samples).toHaveLength(3);
    expect(good?.reason).toMatch(/^5\/5 \(mean of 3 grades\)/);
    expect(good?.cost).toMatchObject({ calls: 3, cached: 0 });
  });

  it("a judge endpoint that rejects the key stops the run (like a strategy's), its message never holds the key", async () => {
    const { score } = await setup();
    const error = await score("DENIED").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointFatalError);
    expect((error as Error).message).toMatch(/^endpoint "grader" answered 401 \(auth: .*check TB_JUDGE_KEY/);
    expect((error as Error).message).not.toContain(KEY);
  });
});
