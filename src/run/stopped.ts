import path from "node:path";
import { InputError } from "../config/index.js";
import type { EndpointFatalError } from "../model/index.js";

/**
 * The run stopped because an endpoint cannot answer (a dead key, an unknown model, no quota): one
 * line with what to fix and how to continue, exit 2. The log holds every finished trial; those
 * that never ran are not in it, so `--resume` runs them once the endpoint works.
 */
export class RunStoppedError extends InputError {
  override readonly name = "RunStoppedError";
  constructor(
    readonly endpointError: EndpointFatalError,
    readonly run: { dir: string; recorded: number; left: number },
  ) {
    const dir = path.relative(process.cwd(), run.dir) || ".";
    super(
      `${endpointError.message}. Stopped the run: ${run.recorded} trials recorded, ${run.left} not run; once fixed, continue with: tunebench run --resume ${dir}`,
    );
  }
}
