import { createRequire } from "node:module";
import { CORE_SCHEMA, load } from "js-yaml";
import type { Node } from "yaml";
import type { PathKey, Problem } from "./problem.js";
import { formatPath } from "./problem.js";

export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML file that can say where any key path lives, so problems point at the source. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** YAML syntax problems; when any exist `data` should not be trusted. */
  problems: Problem[];
  /**
   * Position of the value at `path` (`"key"`: of its key). A path that does not exist (a missing
   * required key) resolves to the nearest existing ancestor, preferring that ancestor's key.
   */
  locate(path: readonly PathKey[], at?: "key" | "value"): Position;
  problem(path: readonly PathKey[], message: string, at?: "key" | "value"): Problem;
}

type Ranged = { range?: [number, number, number] | null };

/**
 * Parses YAML. The data comes from js-yaml (YAML 1.2 core schema, as the `yaml` package reads it):
 * an order of magnitude faster, and no node per value kept in memory. Where a value is written is
 * only asked when something is wrong with it: the positioned `yaml` document is built then, on
 * first use. A file js-yaml refuses is parsed by `yaml` at once, whose messages name the spot.
 */
export function parseYaml(file: string, text: string): YamlSource {
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: file });
  } catch {
    return parsePositioned(file, text);
  }
  let positioned: YamlSource | null = null;
  const slow = () => {
    positioned ??= parsePositioned(file, text);
    return positioned;
  };
  return {
    file,
    data: data === undefined ? null : data,
    problems: [],
    locate: (keys, at) => slow().locate(keys, at),
    problem: (keys, message, at) => slow().problem(keys, message, at),
  };
}

// The positioned reader is only needed when something is wrong: loaded then (synchronously, as
// `locate` is), so a run with valid files does not pay its load time and memory.
let yamlPackage: typeof import("yaml") | undefined;
const positionedReader = () => {
  yamlPackage ??= createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return yamlPackage;
};

/** The `yaml` package's document, with a position for every node: problems point into the file. */
function parsePositioned(file: string, text: string): YamlSource {
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = positionedReader();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });

  const position = (node: Ranged | null | undefined): Position | null => {
    if (!node?.range) return null;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return { line, column: col };
  };
  // `key:` with nothing after it parses to an empty null scalar placed after the colon; the key is
  // the better place to point at.
  const isEmpty = (node: Node | null | undefined) =>
    !node ||
    (isScalar(node) && node.range !== undefined && node.range !== null && node.range[0] === node.range[1]);

  const locate = (keys: readonly PathKey[], at: "key" | "value" = "value"): Position => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let keyNode: Ranged | null = null;
    let found = true;
    for (const key of keys) {
      if (isAlias(node)) node = node.resolve(doc) as Node | undefined;
      let next: Node | null | undefined;
      let nextKey: Ranged | null = null;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (pair) {
          next = pair.value as Node | null;
          nextKey = pair.key as Ranged;
        }
      } else if (isSeq(node) && typeof key === "number") {
        next = node.items[key] as Node | undefined;
      }
      if (next === undefined && nextKey === null) {
        found = false;
        break;
      }
      node = next;
      keyNode = nextKey;
    }
    const valuePos = isEmpty(node) ? null : position(node);
    const keyPos = position(keyNode);
    const chosen = found && at === "value" ? (valuePos ?? keyPos) : (keyPos ?? valuePos);
    return chosen ?? { line: 1, column: 1 };
  };

  const problems: Problem[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0];
    return {
      file,
      line: pos?.line ?? 1,
      column: pos?.col ?? 1,
      path: "",
      message: `invalid YAML: ${cleanYamlMessage(error.message)}`,
    };
  });

  return {
    file,
    data: problems.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 }),
    problems,
    locate,
    problem(keys, message, at) {
      return { file, ...locate(keys, at), path: formatPath(keys), message };
    },
  };
}

/** yaml's pretty errors repeat the position and quote the source; we print our own position. */
function cleanYamlMessage(message: string): string {
  const cut = message.search(/ at line \d+, column \d+/);
  const first = (cut >= 0 ? message.slice(0, cut) : message).split("\n")[0] ?? message;
  const trimmed = first.trim().replace(/[.:]$/, "");
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
