import { APIConnectionError, type OpenAI } from "openai";
import { describe, expect, it } from "vitest";
import {
  type FineTuningJob,
  type FineTuningJobEvent,
  followJob,
  newEvents,
} from "../../src/finetune/index.js";

const event = (n: number): FineTuningJobEvent =>
  ({
    id: `ev-${n}`,
    object: "fine_tuning.job.event",
    created_at: n,
    level: "info",
    message: `event ${n}`,
  }) as FineTuningJobEvent;

/** A fake SDK client: job statuses in turn; events appear one per poll, listed newest first in pages. */
function fakeClient(statuses: (string | Error)[], pageSize = 2) {
  let poll = 0;
  let shown = 0;
  const calls = { retrieve: 0, listEvents: 0 };
  const client = {
    fineTuning: {
      jobs: {
        async retrieve(id: string) {
          calls.retrieve++;
          const status = statuses[Math.min(poll++, statuses.length - 1)];
          if (status instanceof Error) throw status;
          shown++;
          return { id, status } as FineTuningJob;
        },
        async listEvents(_id: string, query: { limit?: number; after?: string }) {
          calls.listEvents++;
          const all = Array.from({ length: shown }, (_, i) => event(i + 1)).reverse();
          const start = query.after ? all.findIndex((e) => e.id === query.after) + 1 : 0;
          const data = all.slice(start, start + pageSize);
          return { data, has_more: start + pageSize < all.length };
        },
      },
    },
  };
  return { client: client as unknown as OpenAI, calls };
}

describe("following a job", () => {
  it("shows unknown statuses and keeps polling until a terminal one; each event once, oldest first", async () => {
    const { client } = fakeClient(["validating_files", "paused", "paused", "running", "succeeded"]);
    const seen: string[] = [];
    const events: string[] = [];
    const job = await followJob(client, "ftjob-1", {
      minDelayMs: 1,
      maxDelayMs: 2,
      onPoll: (j) => seen.push(j.status),
      onEvent: (e) => events.push(e.id),
    });
    expect(job.status).toBe("succeeded");
    expect(seen).toEqual(["validating_files", "paused", "paused", "running", "succeeded"]);
    expect(events).toEqual(["ev-1", "ev-2", "ev-3", "ev-4", "ev-5"]);
  });

  it("resumes after the last event shown", async () => {
    const { client } = fakeClient(["running", "running", "succeeded"]);
    await followJob(client, "x", { minDelayMs: 1 });
    // 3 events exist now; one was seen before
    expect((await newEvents(client, "x", "ev-1")).map((e) => e.id)).toEqual(["ev-2", "ev-3"]);
    expect((await newEvents(client, "x", null)).map((e) => e.id)).toEqual(["ev-1", "ev-2", "ev-3"]);
  });

  it("retries transient failures, gives up on persistent ones", async () => {
    const reset = new APIConnectionError({ message: "socket hang up" });
    const ok = fakeClient(["running", reset, reset, "succeeded"]);
    expect((await followJob(ok.client, "x", { minDelayMs: 1, maxDelayMs: 1 })).status).toBe("succeeded");
    const bad = fakeClient([reset]);
    await expect(followJob(bad.client, "x", { minDelayMs: 1, maxDelayMs: 1 })).rejects.toBe(reset);
    expect(bad.calls.retrieve).toBe(6);
    const fatal = fakeClient([new Error("boom")]);
    await expect(followJob(fatal.client, "x", { minDelayMs: 1 })).rejects.toThrow("boom");
    expect(fatal.calls.retrieve).toBe(1);
  });

  it("an aborted signal stops the wait", async () => {
    const { client } = fakeClient(["running"]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(
      followJob(client, "x", { minDelayMs: 10, maxDelayMs: 10, signal: controller.signal }),
    ).rejects.toThrow();
  });
});
