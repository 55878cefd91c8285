import type { ChatMessage } from "../../model/index.js";

/** An input and the answer that goes with it: a few-shot pair or a training example. */
export interface LearnedExample {
  input: string;
  output: string;
}

/** What the simulated model "sees" in a conversation. */
export interface ParsedPrompt {
  system: string;
  examples: LearnedExample[];
  /** Candidate answers: sentences and lines of every `<context>` block. */
  knowledge: string[];
  question: string;
  wantsJson: boolean;
  wantsChinese: boolean;
}

const CONTEXT_BLOCK = /<context\b[^>]*>([\s\S]*?)<\/context>/gi;

function stripContext(text: string): string {
  return text.replace(CONTEXT_BLOCK, " ").trim();
}

function contextBlocks(text: string): string[] {
  return [...text.matchAll(CONTEXT_BLOCK)].map((m) => m[1] ?? "");
}

/** Headings and bare labels are not answers, so they are dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?。！？])\s+/)
    .map((line) => line.replace(/^\s*(?:[-*+>]|\d+[.)])\s+/, "").trim())
    .filter((line) => line.length > 2 && !line.startsWith("#") && /[\p{L}\p{N}]/u.test(line));
}

export function isJsonValue(text: string): boolean {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

function allJson(examples: readonly LearnedExample[]): boolean {
  return examples.length > 0 && examples.every((e) => isJsonValue(e.output));
}

/**
 * The OpenAI cookbook's few-shot convention puts examples in system messages named
 * `example_user` / `example_assistant`; they count as user/assistant turns.
 */
function effectiveRole(message: ChatMessage): string {
  if (message.role === "system" && message.name === "example_user") return "user";
  if (message.role === "system" && message.name === "example_assistant") return "assistant";
  return message.role === "developer" ? "system" : message.role;
}

export function parsePrompt(messages: readonly ChatMessage[]): ParsedPrompt {
  const turns = messages.map((m) => ({ role: effectiveRole(m), content: m.content ?? "" }));
  let last = -1;
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]?.role === "user") {
      last = i;
      break;
    }
  }
  const examples: LearnedExample[] = [];
  for (let i = 0; i < last; i++) {
    const user = turns[i];
    const reply = turns[i + 1];
    if (user?.role === "user" && reply?.role === "assistant" && i + 1 < last) {
      examples.push({ input: stripContext(user.content), output: reply.content.trim() });
      i++;
    }
  }
  const system = turns
    .filter((t) => t.role === "system")
    .map((t) => t.content)
    .join("\n");
  const knowledge = turns
    .filter((t) => t.role === "system" || t.role === "user")
    .flatMap((t) => contextBlocks(t.content))
    .flatMap(sentences);
  const question = stripContext(turns[last]?.content ?? "").replace(/^(?:question|input|q)\s*:\s*/i, "");
  const instructions = stripContext(system);
  return {
    system: instructions,
    examples,
    knowledge: [...new Set(knowledge)],
    question,
    wantsJson: /\bjson\b/i.test(instructions) || allJson(examples),
    wantsChinese: /chinese|中文|汉语|简体/i.test(instructions),
  };
}
