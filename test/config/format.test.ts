import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, formatPath, formatProblem } from "../../src/config/index.js";
import { nearest } from "../../src/config/suggest.js";

describe("problem formatting", () => {
  test("file relative to the working directory, line, column, key path, message", () => {
    const problem = {
      file: path.resolve("suites/orders.yaml"),
      line: 12,
      column: 7,
      path: "cases[3].expect.contians",
      message: "unknown key; did you mean 'contains'?",
    };
    expect(formatProblem(problem)).toBe(
      "suites/orders.yaml:12:7: cases[3].expect.contians: unknown key; did you mean 'contains'?",
    );
    expect(new ConfigError([problem, { ...problem, line: 13 }]).message.split("\n")).toHaveLength(2);
  });

  test("no position and no path are left out", () => {
    expect(
      formatProblem({
        file: path.resolve("eval.config.yaml"),
        line: 0,
        column: 0,
        path: "",
        message: "gone",
      }),
    ).toBe("eval.config.yaml: gone");
  });

  test("key paths", () => {
    expect(formatPath(["cases", 3, "expect", "contians"])).toBe("cases[3].expect.contians");
    expect(formatPath(["prices", "gpt-4.1", "input"])).toBe('prices["gpt-4.1"].input');
  });

  test("suggestions only for plausible typos", () => {
    expect(nearest("contians", ["equals", "contains", "notContains"])).toBe("contains");
    expect(nearest("timeout", ["timeoutMs", "concurrency"])).toBe("timeoutMs");
    expect(nearest("shot", ["shots", "topK"])).toBe("shots");
    expect(nearest("banana", ["equals", "contains", "regex"])).toBeUndefined();
  });
});
