// The tuned models of a run (which model served which suite, what its training cost) and what each
// one broke on the canary suites, as plain lines for every reporter.
import type { CanaryBreaks, Report } from "../analysis/index.js";
import { dollars } from "../analysis/index.js";

const SOURCE = { "trained-tokens": "the job's trained tokens", estimate: "estimate" } as const;

/** "tuned serves ticket-triage with ft:… (job ftjob-1; training $0.0072, the job's trained tokens)". */
export function tunedModelLines(report: Report): string[] {
  return report.breakEven.models.map((m) => {
    const suites = m.suites.length ? m.suites.join(", ") : "no task suite";
    const training =
      m.trainingCost === null
        ? m.trainingSource === null
          ? "training cost unknown"
          : "training unpriced"
        : `training ${dollars(m.trainingCost)}, ${SOURCE[m.trainingSource ?? "estimate"]}`;
    const job = m.jobId ? `job ${m.jobId}; ` : "";
    return `${m.strategy} serves ${suites} with ${m.model} (${job}${training})`;
  });
}

/** "canary-general: tuned@ticket-triage (ft:…) broke 2 of 17 cases that baseline (sim-base) passes: a, b". */
export function canaryLine(c: CanaryBreaks, max = 20): string {
  const who = `${c.suite}: ${c.strategy} (${c.model})`;
  const against = `${c.reference} (${c.referenceModel})`;
  if (c.broken.length === 0) return `${who} broke none of its ${c.cases} cases against ${against}`;
  const shown = c.broken.slice(0, max).join(", ");
  const more = c.broken.length > max ? ` and ${c.broken.length - max} more` : "";
  return `${who} broke ${c.broken.length} of ${c.cases} cases that ${against} passes: ${shown}${more}`;
}

export const CANARY_HEADING = "What each tuned model broke on the canary suites (against its untuned base)";
