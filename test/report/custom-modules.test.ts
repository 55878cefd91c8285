import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerReportCommand } from "../../src/commands/report.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

// A reporter as vitest users write one: a class with the hooks it needs, writing where it is told.
const COUNTING_REPORTER = `import { writeFileSync } from "node:fs";
import path from "node:path";
export default class Counting {
  trials = 0;
  onTrial() { this.trials++; }
  onReport(report, info) {
    const lines = [\`trials seen live: \${this.trials}\`, ...report.summary.groups.map((g) => \`\${g.strategy} \${g.pass.count}/\${g.pass.n}\`)];
    writeFileSync(path.join(info.dir, "counts.txt"), lines.join("\\n") + "\\n");
  }
}
`;
const CONTAINS_BILLING = `export function score(output, testCase) {
  if (!testCase.id.startsWith("charged")) return null;
  return { pass: output.includes("billing"), reason: "names billing" };
}
`;

async function project(configRest: string, files: Record<string, string> = {}) {
  sim = await startSimulator({ port: 0 });
  return writeProject({
    "eval.config.yaml": simConfig(sim.url, `run: { cache: false }\n${configRest}`),
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
    ...files,
  });
}

describe("custom reporters and scorers from module paths", () => {
  it("loads a reporter class from `reporters:` and a scorer from `scorers:`, relative to the config", async () => {
    const dir = await project(
      "reporters: [json, ./reporters/counting.mjs]\nscorers: { billing: ./scorers/billing.mjs }\n",
      {
        "reporters/counting.mjs": COUNTING_REPORTER,
        "scorers/billing.mjs": CONTAINS_BILLING,
      },
    );
    const cli = await runCli([registerRunCommand], ["run", "-c", path.join(dir, "eval.config.yaml")]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const [runDir] = (await import("node:fs")).readdirSync(path.join(dir, "reports"));
    const counts = readFileSync(path.join(dir, "reports", runDir as string, "counts.txt"), "utf8");
    expect(counts).toMatch(/^trials seen live: 0\nbaseline \d+\/5\nprompt \d+\/5\n$/);
    const report = JSON.parse(
      readFileSync(path.join(dir, "reports", runDir as string, "report.json"), "utf8"),
    );
    const charged = report.cases.find((c: { caseId: string }) => c.caseId === "charged-twice");
    expect(
      charged.results.map((r: { reasons: string[] }) => r.reasons.some((x) => x.startsWith("billing:"))),
    ).toContain(true);
  });

  it("`--reporter ./module.mjs` loads relative to the working directory", async () => {
    const dir = await project("", { "reporters/counting.mjs": COUNTING_REPORTER });
    await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "json"],
    );
    const [runDir] = (await import("node:fs")).readdirSync(path.join(dir, "reports"));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const cli = await runCli(
        [registerReportCommand],
        ["report", path.join("reports", runDir as string), "--reporter", "./reporters/counting.mjs"],
      );
      expect(cli.code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(path.join(dir, "reports", runDir as string, "counts.txt"), "utf8")).toContain(
      "prompt",
    );
  });

  it.each([
    [
      "a missing scorer module",
      "scorers: { tone: ./scorers/nope.mjs }\n",
      {},
      /eval\.config\.yaml:\d+:\d+: scorers\.tone: module \.\/scorers\/nope\.mjs not found/,
    ],
    [
      "a scorer module without a function",
      "scorers: { tone: ./scorers/tone.mjs }\n",
      { "scorers/tone.mjs": "export const threshold = 3;\n" },
      /scorers\.tone: module \.\/scorers\/tone\.mjs exports no scorer/,
    ],
    [
      "a scorer module that does not load",
      "scorers: { tone: ./scorers/tone.mjs }\n",
      { "scorers/tone.mjs": "export default (;\n" },
      /scorers\.tone: module \.\/scorers\/tone\.mjs failed to load/,
    ],
    [
      "a reporter module without hooks",
      "reporters: [console, ./rep.mjs]\n",
      { "rep.mjs": "export default { hello: 1 };\n" },
      /reporters\[1\]: module \.\/rep\.mjs exports no reporter/,
    ],
    [
      "a scorer named like a built-in",
      "scorers: { format: ./s.mjs }\n",
      {},
      /scorers\.format: invalid key: is the name of a built-in scorer/,
    ],
  ])("%s is bad input (file:line, exit 2), found before any model call", async (_, rest, files, message) => {
    const dir = await project(rest, files);
    const cli = await runCli([registerRunCommand], ["run", "-c", path.join(dir, "eval.config.yaml")]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(message);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(chatRequests()).toBe(0);
  });
});
