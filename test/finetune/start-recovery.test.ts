import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readTuneState } from "../../src/finetune/index.js";
import { projectLayout } from "../../src/project/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { fineTuningRoutes } from "../../src/sim/routes/fine-tuning.js";
import { CLI, freePort, projectWithEndpoints, spawnCli } from "./cli-helpers.js";

describe.skipIf(!existsSync(CLI))("tune start when the endpoint cannot be reached", () => {
  it("names the endpoint, exits 2, and a later `tune start` continues without uploading twice", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/v1`;
    const dir = await projectWithEndpoints({ later: url });
    const layout = projectLayout(dir);
    const start = () => spawnCli(dir, ["tune", "start", "-e", "later", "-m", "sim-base", "--yes"]);

    // 1. Nothing listens on the port.
    const down = start();
    expect(await down.exit).toBe(2);
    expect(down.err()).toMatch(
      new RegExp(`endpoint "later" at ${url.replace(/[./]/g, "\\$&")} could not be reached`),
    );
    expect(down.err()).toMatch(/tunebench tune start/);
    expect(down.err()).not.toMatch(/internal error/);
    expect(readTuneState(layout.tuneState)).toMatchObject({
      status: "start_failed",
      jobId: null,
      files: { training: null },
      error: { code: "connection_error" },
    });
    const status = spawnCli(dir, ["tune", "status"]);
    expect(await status.exit).toBe(2);
    expect(status.err()).toMatch(
      /the last `tunebench tune start` created no job \(endpoint "later" .*could not be reached/,
    );

    // 2. The endpoint is up, the upload works, creating the job fails.
    let failJobs = true;
    const create = fineTuningRoutes.find((r) => r.method === "POST" && r.path === "/v1/fine_tuning/jobs");
    if (!create) throw new Error("the simulator has no job creation route");
    const sim: RunningSimulator = await startSimulator({
      port,
      routes: [
        {
          ...create,
          handle: (request, context) =>
            failJobs
              ? {
                  status: 400,
                  json: { error: { message: "try again later", type: "invalid_request_error" } },
                }
              : create.handle(request, context),
        },
      ],
    });
    try {
      const half = start();
      expect(await half.exit).toBe(2);
      const uploaded = readTuneState(layout.tuneState)?.files.training?.id;
      expect(uploaded).toMatch(/^file-/);
      expect(readTuneState(layout.tuneState)).toMatchObject({ status: "start_failed", jobId: null });

      // 3. Everything works: the recorded upload is used again, not sent again.
      failJobs = false;
      const again = start();
      expect(await again.exit).toBe(0);
      expect(again.out()).toMatch(/created job ftjob-/);
      expect(again.err()).toMatch(new RegExp(`reusing the training file ${uploaded} uploaded before`));
      const files = (await (await fetch(`${url}/files`)).json()) as { data: { id: string }[] };
      expect(files.data.map((f) => f.id)).toEqual([uploaded]);
      const state = readTuneState(layout.tuneState);
      expect(state?.jobId).toMatch(/^ftjob-/);
      expect(state?.error).toBeNull();
      expect(state?.files.training?.id).toBe(uploaded);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
