import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRun, RunLogWriter, TRIALS_FILE } from "../../src/runlog/index.js";
import { tempDir } from "../helpers/suite.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";

describe("loadRun { shared }", () => {
  const dir = tempDir();
  const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
  writer.append(headerOf([]));
  const graded = { scorer: "judge", pass: true, score: 0.8, reason: "clear" };
  for (const strategy of ["prompt", "tuned"])
    for (let i = 0; i < 3; i++)
      writer.append(
        fakeTrial({
          caseId: `c${i}`,
          strategy,
          caseTags: i === 0 ? [] : ["billing"],
          scores: [{ scorer: "format", pass: true, reason: "ok: JSON" }, graded],
          // The last trial used more tokens, at another price.
          ...(strategy === "tuned" && i === 2
            ? {
                usage: { promptTokens: 100, completionTokens: 9, cachedPromptTokens: 0 },
                cost: { total: 0.00098, input: 0.0008, output: 0.00018, embedding: 0 },
              }
            : {}),
        }),
      );
  writer.close();

  it("reads the same records as without", async () => {
    const plain = await loadRun(dir, { withoutMessages: true });
    const shared = await loadRun(dir, { withoutMessages: true, shared: true });
    expect(shared.trials).toEqual(plain.trials);
  });

  it("keeps one copy of each repeated value, and none of a trial's own", async () => {
    const { trials } = await loadRun(dir, { withoutMessages: true, shared: true });
    const [a, b] = [trials[1], trials[4]]; // c1 for prompt and for tuned
    expect(a?.caseId).toBe("c1");
    expect(b?.caseId).toBe("c1");
    expect(a?.verdict).toBe(b?.verdict);
    expect(a?.caseTags).toBe(b?.caseTags);
    expect(a?.scores[0]).toBe(b?.scores[0]);
    // A graded score is the trial's own: equal, not the same object.
    expect(a?.scores[1]).toEqual(b?.scores[1]);
    expect(a?.scores[1]).not.toBe(b?.scores[1]);
    expect(trials[0]?.caseTags).not.toBe(a?.caseTags);
    // Equal token counts and prices, one copy; different ones stay apart.
    expect(a?.usage).toBe(b?.usage);
    expect(a?.cost).toBe(b?.cost);
    expect(trials[5]?.usage).not.toBe(a?.usage);
    expect(trials[5]?.usage).toEqual({ ...a?.usage, completionTokens: 9 });
    expect(trials[5]?.cost).not.toBe(a?.cost);
  });
});

describe("loadRun { shared }: score lists", () => {
  it("shares a list of plain scores whole, and keeps a list with a graded score the trial's own", async () => {
    const dir = tempDir();
    const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
    const format = { scorer: "format", pass: true, reason: "ok: JSON" };
    const expectMet = { scorer: "expect", pass: true, reason: "met: json" };
    const expectMissed = { scorer: "expect", pass: false, reason: "missed: json" };
    const graded = { scorer: "judge", pass: true, score: 0.8, reason: "clear" };
    writer.append(headerOf([]));
    for (const [i, scores] of [
      [format, expectMet],
      [format, expectMet],
      [format, expectMissed],
      [format, graded],
      [format, graded],
      // A reason that holds the list's separators: its one-score list must not pass for two scores.
      [{ ...format, reason: `ok: JSON\u0001expect\0true\0met: json` }],
      [format, expectMet],
    ].entries())
      writer.append(fakeTrial({ caseId: `c${i}`, scores }));
    writer.close();
    const { trials } = await loadRun(dir, { shared: true });
    const lists = trials.map((t) => t.scores);
    expect(lists[0]).toBe(lists[1]);
    expect(lists[2]).not.toBe(lists[0]);
    expect(lists[2]?.[0]).toBe(lists[0]?.[0]);
    expect(lists[3]).not.toBe(lists[4]);
    expect(lists[3]).toEqual(lists[4]);
    expect(lists.map((l) => l.map((s) => s.reason)).slice(0, 5)).toEqual([
      ["ok: JSON", "met: json"],
      ["ok: JSON", "met: json"],
      ["ok: JSON", "missed: json"],
      ["ok: JSON", "clear"],
      ["ok: JSON", "clear"],
    ]);
    expect(lists[5]).toHaveLength(1);
    expect(lists[6]).toHaveLength(2);
  });
});
