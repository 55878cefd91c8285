import type { LoadedSuite } from "../config/schema.js";
import { recordedOutput, slotKey } from "../runlog/index.js";
import type { BuiltRequest, StrategyFactory } from "./types.js";

/**
 * A model's answers as `tunebench record` froze them: it replays the recorded request, output,
 * usage and cost of every case, offline, long after the model itself has gone. A case the
 * snapshot does not hold is an error trial that says so, never another case's answer. The
 * snapshot was read and checked against the suites before the run (src/run/recordings.ts).
 */
export const createRecordedStrategy: StrategyFactory = (name, config, { snapshots }) => {
  const snapshot = config.snapshot === undefined ? undefined : snapshots?.get(config.snapshot);
  if (!snapshot) throw new Error(`the snapshot of strategy '${name}' was not read before the run`);
  const { info, answers } = snapshot;
  const recorded = `snapshot ${info.name} (${info.model}, recorded ${info.recordedAt.slice(0, 10)})`;
  return {
    name,
    type: "recorded",
    endpoint: info.endpoint,
    config,
    model: info.model,
    unavailable: () => null,
    replay: {
      simulated: snapshot.header.simulated,
      ...(info.retires ? { retires: info.retires } : {}),
      answer(suite, testCase, repeat) {
        const found = answers.get(slotKey({ suite: suite.name, caseId: testCase.id, repeat }));
        if (found) return found;
        const why = !info.questions[suite.name]
          ? `it recorded no case of suite ${suite.name}`
          : !Object.hasOwn(info.questions[suite.name] ?? {}, testCase.id)
            ? "the recorded run did not pose this case"
            : [...answers.values()].some((t) => t.suite === suite.name && t.caseId === testCase.id)
              ? `it holds no repeat #${repeat + 1} of this case (record with --repeat to replay repeats)`
              : "its call failed when it was recorded";
        throw new Error(`not recorded: ${recorded} holds no answer to ${suite.name}/${testCase.id}: ${why}`);
      },
      output(suite, caseId, repeat) {
        return recordedOutput(answers, { suite, caseId, repeat })?.output ?? null;
      },
    },
    async buildRequest(_suite: LoadedSuite, _input: string): Promise<BuiltRequest> {
      throw new Error(`${name} replays ${recorded}: it sends no request`);
    },
  };
};
