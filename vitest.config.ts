import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/support/long-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // vitest's default for `run` is one worker fewer than the cores: one worker on a 2-core
    // machine, where the suite's longest files (the real zkCli.sh and node client against
    // `zksim serve`) mostly wait on the wall clock and on JVM start-up. Two workers at least
    // overlap them with the CPU-bound files.
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ['test/setup-fast-check.ts'],
    // The longest files (real zkCli.sh against `zksim serve`, paced) first: test/support/long-first-sequencer.ts.
    sequence: { sequencer: LongFirstSequencer },
  },
});
