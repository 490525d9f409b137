import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/support/long-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Four workers at least, on a 2-core machine too: the suite's longest files (the real
    // zkCli.sh and `zksim cli` typing paced transcripts into `zksim serve`, ~100 s each; the
    // node client) mostly wait on the wall clock, and they start first (the sequencer below).
    // With two workers both sat waiting in them while the CPU idled; with four, two CPU-bound
    // files run beside them.
    maxWorkers: Math.max(4, availableParallelism()),
    setupFiles: ['test/setup-fast-check.ts'],
    // The longest files (real zkCli.sh against `zksim serve`, paced) first: test/support/long-first-sequencer.ts.
    sequence: { sequencer: LongFirstSequencer },
  },
});
