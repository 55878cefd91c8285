// Small zod pieces the config and suite schemas share.
import { z } from "zod";
import { MAX } from "./limits.js";

// Every number has a documented maximum (limits.ts): a whole count from 1 or from 0, an amount from 0.
export const count = (max: number) => z.int().positive().max(max);
export const count0 = (max: number) => z.int().nonnegative().max(max);
export const amount = (max: number) => z.number().nonnegative().max(max);
export const price = amount(MAX.pricePerMillion);
export const delayMs = amount(MAX.delayMs);

export const nonEmpty = z.string().min(1, "must not be empty");

/** A share or rate from 0 to 1. */
export const share = z.number().min(0).max(1);

/** A JavaScript module of the user's, relative to the config: custom reporters and scorers. */
export const modulePath = z
  .string()
  .regex(
    /^(\.{1,2}\/|\/).*\.(mjs|cjs|js)$/,
    "expected a module path starting with ./ or ../ and ending in .mjs, .cjs or .js",
  )
  .describe("path of a JavaScript module, relative to the config file");

/** A snapshot's name: its file is snapshots/<name>.jsonl beside the config (src/project/layout.ts). */
export const snapshotName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "use ASCII letters (A-Z, a-z), digits, '.', '_' or '-', starting with a letter or digit (it names snapshots/<name>.jsonl)",
  );

/** A calendar day, YYYY-MM-DD (a shutdown date). */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day as YYYY-MM-DD")
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), "not a calendar day");
