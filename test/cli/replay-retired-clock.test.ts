// Replay files written by zksim generator v1 (before two clocks per node), whose extra faults use
// the retired `clock` kind (test/fixtures/replays/*-g1.replay.json, written by that zksim with
// `run first-start --servers 3 --seed 2 --faults F --save-replay`): one that only set a rate
// loads, read as clock-drift, and runs; one that jumped the clock is a one-line error saying why
// (exit 2): the jump moved session expiry, which 3.8's monotonic clock cannot do.
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';

const fixture = (name: string) => new URL(`../fixtures/replays/${name}`, import.meta.url).pathname;

describe('replay files with the retired clock fault', () => {
  it('a rate only: loads as clock-drift, runs (to another trace hash: the fault event is clock-drift now)', async () => {
    const r = await zksim('replay', fixture('first-start-clock-rate-g1.replay.json'), '--json');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ scenario: 'first-start', ok: true, generator: { file: 1 }, reproduced: false });
    expect(j.expected.traceHash).toBe('96cc73877527bd33');
    expect(r.code).toBe(1); // it diverged, and says so
    const t = await zksim('replay', fixture('first-start-clock-rate-g1.replay.json'));
    expect(t.out).toContain('DIVERGED');
  });

  it('a jump: one line naming the field and why it cannot be rebuilt, exit 2', async () => {
    const r = await zksim('replay', fixture('first-start-clock-jump-g1.replay.json'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(
      /^zksim: replay file extraFaults\.faults\[0\]\.offsetMs: the retired 'clock' fault .* session expiry .* monotonic clock that cannot jump.* cannot be rebuilt$/,
    );
  });
});
