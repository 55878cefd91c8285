import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, type SimReply, startSimulator } from "../../src/sim/index.js";
import { CLI, projectWithEndpoints, spawnCli } from "./cli-helpers.js";

// Not shaped like an OpenAI key, so only removing the configured key's value verbatim hides it.
const KEY = "tb-echo-5f3a9c1e7d2b4a6f0e8c";
const env = { ECHO_KEY: KEY };

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file) : [file];
  });
}

/** An error body that repeats what the request sent, as some proxies do. */
function echo(status: number, headers: Record<string, unknown>): SimReply {
  const auth = String(headers.authorization ?? "");
  return {
    status,
    json: {
      error: {
        message: `bad key: ${auth} (raw: ${auth.replace(/^Bearer /, "")})`,
        type: "echo",
        code: "echo",
      },
    },
  };
}

// Each test spawns the CLI (and prepares a project): more than the default 5 s on a busy machine.
describe.skipIf(!existsSync(CLI))(
  "errors of the files and fine-tuning APIs never show the key",
  { timeout: 30_000 },
  () => {
    let server: RunningSimulator;
    let status = 401;
    beforeAll(async () => {
      server = await startSimulator({
        routes: [
          { method: "POST", path: "/v1/files", handle: (r) => echo(status, r.headers) },
          { method: "GET", path: "/v1/fine_tuning/jobs/:id", handle: (r) => echo(status, r.headers) },
          { method: "POST", path: "/v1/fine_tuning/jobs/:id/cancel", handle: (r) => echo(status, r.headers) },
          {
            // A job that failed with an error message that repeats the key (written to state.json).
            method: "GET",
            path: "/v1/fine_tuning/jobs/ftjob-leaky",
            handle: (r) => ({
              json: {
                object: "fine_tuning.job",
                id: "ftjob-leaky",
                model: "gpt-4o-mini-2024-07-18",
                created_at: 1,
                finished_at: 2,
                fine_tuned_model: null,
                organization_id: "org",
                result_files: [],
                status: "failed",
                validation_file: null,
                training_file: "file-1",
                hyperparameters: {},
                trained_tokens: null,
                error: { code: "echo", message: `rejected ${r.headers.authorization}`, param: null },
                seed: 1,
              },
            }),
          },
          {
            method: "GET",
            path: "/v1/fine_tuning/jobs/ftjob-leaky/events",
            handle: (r) => ({
              json: {
                object: "list",
                has_more: false,
                data: [
                  {
                    object: "fine_tuning.job.event",
                    id: "ev-1",
                    created_at: 1,
                    level: "error",
                    message: `key ${KEY} refused (${r.headers.authorization})`,
                    type: "message",
                  },
                ],
              },
            }),
          },
        ],
      });
    });
    afterAll(() => server.close());

    async function check(args: string[], statusCode: number, exit: number) {
      status = statusCode;
      const dir = await projectWithEndpoints({ echo: server.url }, "ECHO_KEY");
      const run = spawnCli(dir, args, env);
      const code = await run.exit;
      const output = run.out() + run.err();
      expect(output).toMatch(/bad key|rejected|refused/);
      expect(output).not.toContain(KEY);
      expect(output).not.toMatch(/internal error/);
      for (const file of files(path.join(dir, ".tunebench")))
        expect(readFileSync(file, "utf8")).not.toContain(KEY);
      expect(code).toBe(exit);
      return output;
    }

    const start = ["tune", "start", "-e", "echo", "-m", "gpt-4o-mini-2024-07-18", "--yes"];
    for (const statusCode of [401, 500]) {
      it(`upload answered ${statusCode}`, async () => {
        const output = await check(start, statusCode, 2);
        expect(output).toMatch(/endpoint "echo"/);
      });
      it(`job status answered ${statusCode}`, () =>
        check(["tune", "status", "ftjob-x", "-e", "echo"], statusCode, 2));
      it(`job cancel answered ${statusCode}`, () =>
        check(["tune", "cancel", "ftjob-x", "-e", "echo"], statusCode, 2));
    }

    it("a failed job whose error and events repeat the key: printed and saved without it", async () => {
      const output = await check(["tune", "wait", "ftjob-leaky", "-e", "echo"], 200, 1);
      expect(output).toMatch(/job ftjob-leaky failed: echo: rejected Bearer \*\*\*/);
    });
  },
);
