// Which comparison `agreement` makes on a suite. One decision for the scorer and for the endpoints
// a run opens: `auto` on a JSON task compares JSON and never embeds, so its embedding endpoint
// stays closed (a simulated one would otherwise mark a real run SIMULATED).
import {
  AGREEMENT_DEFAULTS,
  type AgreementMode,
  type AgreementSettings,
  type LoadedSuite,
} from "../config/index.js";

/** The mode `agreement` uses on this suite: `auto` is `json` for a JSON task, else `similar`. */
export function agreementMode(
  settings: Pick<AgreementSettings, "mode"> | undefined,
  suite: Pick<LoadedSuite, "task">,
): Exclude<AgreementMode, "auto"> {
  const { mode } = settings ?? AGREEMENT_DEFAULTS;
  if (mode !== "auto") return mode;
  return suite.task.output.format === "json" ? "json" : "similar";
}
