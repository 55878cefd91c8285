// `tune prepare --format`: the chat JSONL prepare writes is what OpenAI's and Azure OpenAI's
// fine-tuning read as it is; open trainers read it too, given a dataset stanza that says how.
// axolotl: `type: chat_template` over the `messages` field, training on the assistant turns
// (axolotl docs, dataset-formats/conversation), the tokenizer's own chat template.
import { writeFileSync } from "node:fs";
import path from "node:path";

export const TRAINER_FORMATS = ["openai", "axolotl"] as const;
export type TrainerFormat = (typeof TRAINER_FORMATS)[number];

export const AXOLOTL_FILE = "axolotl.yml";

/** The axolotl config stanza for the files; paths as they sit beside it (run axolotl from that folder). */
export function axolotlStanza(trainFile: string, validFile: string | null): string {
  const dataset = (file: string, split: boolean) =>
    [
      `  - path: ${path.basename(file)}`,
      "    ds_type: json",
      ...(split ? ["    split: train # a local JSON file's one split"] : []),
      "    type: chat_template",
      "    field_messages: messages",
      "    message_property_mappings:",
      "      role: role",
      "      content: content",
      '    roles_to_train: ["assistant"]',
    ].join("\n");
  return [
    "# Written by `tunebench tune prepare --format axolotl`: the datasets of an axolotl config.",
    "# Paths are relative to this folder; add base_model, adapter, sequence_len and the rest.",
    "chat_template: tokenizer_default",
    "datasets:",
    dataset(trainFile, false),
    ...(validFile ? ["test_datasets:", dataset(validFile, true)] : []),
    "",
  ].join("\n");
}

/** Writes what `format` needs beside the JSONL; the files written (none for openai). */
export function writeTrainerFiles(
  format: TrainerFormat,
  trainFile: string,
  validFile: string | null,
): string[] {
  if (format === "openai") return [];
  const file = path.join(path.dirname(trainFile), AXOLOTL_FILE);
  writeFileSync(file, axolotlStanza(trainFile, validFile));
  return [file];
}
