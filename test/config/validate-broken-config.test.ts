import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, validateProject } from "../../src/config/index.js";
import { writeProject } from "../helpers/project.js";

describe("validateProject with a broken config", () => {
  it("still reports the suites' problems when the suites key is usable", async () => {
    const dir = writeProject({
      "eval.config.yaml": "suites: [suites/*.yaml]\nrun: { concurency: 2 }\n",
      "suites/a.yaml":
        "name: a\ntask: { system: hi }\ncases:\n  - { id: x, input: hi, expect: { contians: hi } }\n",
    });
    const { problems } = await validateProject(path.join(dir, "eval.config.yaml"));
    const lines = problems.map((p) => formatProblem(p).replace(`${dir}/`, ""));
    expect(
      lines.some((l) =>
        /eval\.config\.yaml:2:\d+: run\.concurency: unknown key; did you mean 'concurrency'\?/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => /a\.yaml:4:\d+: cases\[0\]\.expect\.contians: unknown key/.test(l))).toBe(true);
  });
});
