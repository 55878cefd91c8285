import { fnv1a } from "../../text/index.js";

/** murmur3's finaliser: FNV-1a alone barely moves the high bits when only the last character changes. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A deterministic draw in [0, 1) from its inputs: same inputs, same draw, on every machine. */
export function chance(...parts: readonly (string | number)[]): number {
  return mix(fnv1a(parts.join("\u241f"))) / 2 ** 32;
}

/** Deterministic choice of one item. */
export function pick<T>(items: readonly T[], ...parts: readonly (string | number)[]): T {
  const item = items[Math.floor(chance(...parts) * items.length)];
  if (item === undefined) throw new Error("pick() needs at least one item");
  return item;
}
