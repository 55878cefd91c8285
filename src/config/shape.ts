import type { z } from "zod";
import type { PathKey } from "./problem.js";

// Walks a zod schema along a data path to find which keys an object there accepts, for the
// "did you mean" hint. Only the wrapper kinds our schemas use are unwrapped.

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  if (def.type === "union" && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function child(schema: z.ZodType, key: PathKey): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === "object" && def.shape && typeof key === "string" && key in def.shape) {
    const next = def.shape[key];
    return next ? [next] : [];
  }
  if (def.type === "array" && def.element) return [def.element];
  if (def.type === "record" && def.valueType) return [def.valueType];
  return [];
}

/** Keys accepted by the object schema(s) at `path`; empty when there is no object there. */
export function keysAt(schema: z.ZodType, path: readonly PathKey[]): string[] {
  let current = unwrap(schema);
  for (const key of path) current = current.flatMap((s) => child(s, key)).flatMap(unwrap);
  const keys = new Set<string>();
  for (const s of current) {
    const def = defOf(s);
    if (def.type === "object" && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys];
}
