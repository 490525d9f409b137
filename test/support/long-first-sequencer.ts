// Test files that run longest start first. Vitest's default order on a fresh clone (no duration
// cache) is by file size, largest first, so the suite's longest files — the real zkCli.sh and
// `zksim cli` typing paced transcripts into `zksim serve`, ~100 s of wall clock each, tiny files —
// started last and ran alone at the end. Measured on main (2 workers, 2-core AMD EPYC): the
// suite's span was 390 s with the serve files last. Files not named here keep the default order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, from a full run's JSON report (file durations, s): 108, 101, 69, 60, 39, 38, 32. */
const LONG_FIRST = [
  'test/serve/zkcli.test.ts',
  'test/serve/zkcli-tcp.test.ts',
  'test/bugs/campaigns.test.ts',
  'test/cli/replay-gate.test.ts',
  'test/cli/cli.test.ts',
  'test/serve/node-client.test.ts',
  'test/cli/bench.test.ts',
];

function rank(file: TestSpecification): number {
  const i = LONG_FIRST.findIndex((name) => file.moduleId.endsWith(name));
  return i < 0 ? LONG_FIRST.length : i;
}

export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rest = await super.sort(files);
    // Array.prototype.sort is stable: files of equal rank keep the default order.
    return [...rest].sort((a, b) => rank(a) - rank(b));
  }
}
