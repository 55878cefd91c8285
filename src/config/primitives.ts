// Small zod pieces the config and suite schemas share.
import { z } from "zod";

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
