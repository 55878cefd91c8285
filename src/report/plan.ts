// `tunebench plan` as text: what a suite needs to detect a drop, from a pilot run or assumptions.
import {
  formatCount,
  type PlanRow,
  type PlanSettings,
  percent,
  points,
  SIMULATED_BANNER,
} from "../analysis/index.js";
import { textTable } from "./console-sections.js";

const cases = (n: number | null) => (n === null ? "cannot (drop above the discordance)" : formatCount(n));
const pp = (x: number) => points(x).replace("+", "");

export interface PlanSource {
  /** The pilot run's id, or null when planning from assumptions alone. */
  runId: string | null;
  simulated: boolean;
}

export function renderPlan(rows: readonly PlanRow[], s: PlanSettings, source: PlanSource): string {
  const lines: string[] = [];
  if (source.simulated) lines.push(SIMULATED_BANNER);
  lines.push(
    `Cases needed to detect a drop of ${pp(s.drop)} (two-sided α ${s.alpha}, ${percent(s.power)} power, exact McNemar; Connor 1987)` +
      ` and for maxDrop to pass at a margin of ${pp(s.margin)} when nothing truly dropped (one-sided α ${s.alpha}).`,
    source.runId
      ? `From pilot run ${source.runId}: each pair at its observed discordance (the share of cases that flipped).`
      : `From assumptions: ${percent(rows[0]?.discordance ?? 0, 1)} of cases flip between the two (${rows[0]?.source}; --discordance to change it).`,
  );
  const withRepeats = rows.some((r) => r.repeats);
  const head = [
    "suite",
    "pair",
    "cases now",
    "discordance",
    `to detect −${pp(s.drop)}`,
    `maxDrop ${pp(s.margin)} passes`,
  ];
  if (withRepeats) head.push("to detect, by --repeat");
  lines.push(
    textTable(
      head,
      rows.map((r) => {
        const cells = [
          r.suite ?? "–",
          r.label,
          r.suite === null ? "–" : formatCount(r.cases),
          `${percent(r.discordance, 1)} (${r.source})`,
          cases(r.detect),
          cases(r.nonInferiority),
        ];
        if (withRepeats)
          cells.push(r.repeats ? r.repeats.map((x) => `${x.k}: ${cases(x.detect)}`).join(", ") : "not flaky");
        return cells;
      }),
    ),
  );
  if (source.runId && !withRepeats)
    lines.push(
      "Repeats help only with flaky cases: this pilot ran each case once (or none was flaky). Run it with --repeat 3 to measure flakiness.",
    );
  return lines.join("\n");
}
