import { describe, expect, it } from "vitest";
import { linesOf } from "../../src/config/lines.js";

async function collect(chunks: (string | Uint8Array)[]): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const lines: string[] = [];
  for await (const line of linesOf(source())) lines.push(line);
  return lines;
}

describe("linesOf", () => {
  it("joins lines split across chunks and drops \\n and \\r\\n", async () => {
    expect(await collect(["a\r\nb", "b\n\nc"])).toEqual(["a", "bb", "", "c"]);
    expect(await collect(["x\n"])).toEqual(["x"]);
  });

  it("decodes a UTF-8 character whose bytes arrive in two chunks", async () => {
    const bytes = new TextEncoder().encode("您好\n世界");
    expect(await collect([bytes.slice(0, 2), bytes.slice(2, 8), bytes.slice(8)])).toEqual(["您好", "世界"]);
  });
});
