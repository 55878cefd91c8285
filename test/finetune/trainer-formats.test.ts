// `tune prepare --format axolotl`: the chat JSONL plus the axolotl datasets stanza that reads it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { registerTuneCommand } from "../../src/commands/tune/index.js";
import { runCli } from "../helpers/cli.js";
import { tuningProject } from "./project.js";

interface Dataset {
  path: string;
  ds_type: string;
  type: string;
  field_messages: string;
  message_property_mappings: { role: string; content: string };
  roles_to_train: string[];
  split?: string;
}

describe("tune prepare --format", () => {
  it("axolotl: a chat_template stanza whose files and fields are the ones written", async () => {
    const dir = tuningProject();
    const config = path.join(dir, "eval.config.yaml");
    const result = await runCli(
      [registerTuneCommand],
      ["tune", "prepare", "-c", config, "--format", "axolotl"],
    );
    expect(result.code ?? 0).toBe(0);
    expect(result.stdout).toMatch(/wrote \S*axolotl\.yml \(axolotl: the datasets stanza for these files\)/);
    const folder = path.join(dir, ".tunebench", "tune");
    const stanza = yaml.load(readFileSync(path.join(folder, "axolotl.yml"), "utf8")) as {
      chat_template: string;
      datasets: Dataset[];
      test_datasets: Dataset[];
    };
    expect(stanza.chat_template).toBe("tokenizer_default");
    const [train] = stanza.datasets;
    const [valid] = stanza.test_datasets;
    expect(train).toMatchObject({ path: "train.jsonl", ds_type: "json", type: "chat_template" });
    expect(valid).toMatchObject({ path: "valid.jsonl", split: "train", type: "chat_template" });
    // Every line has the messages field the stanza names, with the role and content it maps.
    for (const d of [train, valid] as Dataset[]) {
      expect(existsSync(path.join(folder, d.path))).toBe(true);
      expect(d.roles_to_train).toEqual(["assistant"]);
      for (const line of readFileSync(path.join(folder, d.path), "utf8").trim().split("\n")) {
        const messages = JSON.parse(line)[d.field_messages] as Record<string, unknown>[];
        expect(messages.at(-1)?.[d.message_property_mappings.role]).toBe("assistant");
        for (const m of messages) expect(typeof m[d.message_property_mappings.content]).toBe("string");
      }
    }
  });

  it("openai (the default) writes the JSONL alone; an unknown format is refused", async () => {
    const dir = tuningProject();
    const config = path.join(dir, "eval.config.yaml");
    expect((await runCli([registerTuneCommand], ["tune", "prepare", "-c", config])).code ?? 0).toBe(0);
    expect(existsSync(path.join(dir, ".tunebench", "tune", "axolotl.yml"))).toBe(false);
    // commander refuses it before anything runs (the CLI turns that into exit 2).
    await expect(
      runCli([registerTuneCommand], ["tune", "prepare", "-c", config, "--format", "unsloth"]),
    ).rejects.toThrow(
      /--format <trainer>' argument 'unsloth' is invalid\. Allowed choices are openai, axolotl/,
    );
  });
});
