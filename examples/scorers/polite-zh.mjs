// A custom scorer: how many of a Chinese service reply's polite markers it uses. Wire it up in
// eval.config.yaml with `scorers: { polite: ./examples/scorers/polite-zh.mjs }`; it then scores
// every trial, and its pass counts towards the case's pass like `expect`.
const MARKERS = ["您好", "请", "谢谢", "祝您", "感谢"];

/** (output, testCase, context) => { pass?, score?, reason, details? } | null */
export default function polite(output, testCase, context) {
  // Abstain where politeness is not the point: probes, and suites not answered in Chinese.
  if (testCase.expect.refusal === true || context.suite.task.output.language !== "zh") return null;
  const used = MARKERS.filter((m) => output.includes(m));
  return {
    pass: used.length >= 2,
    score: used.length / MARKERS.length,
    reason: used.length ? `polite markers: ${used.join(" ")}` : "no polite marker",
    details: { used },
  };
}
