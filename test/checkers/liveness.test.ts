import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { LivenessChecker, livenessBoundMs } from '../../sim/checkers/liveness.ts';
import { History, S, goodRun } from './helpers.ts';

// tickTime 100 ms, initLimit 5: the bound is 2 × 5 × 100 + 20 000 = 21 000 ms.
/** tickTime 100, initLimit 3, syncLimit 2: B = 2 × 300 + 2 × 200 + 20 000 = 21 000 ms. */
const checker = () => new LivenessChecker({ voters: [1, 2, 3], tickTime: 100, initLimit: 3, syncLimit: 2 });
/** Time passes: an event of no meaning to the checker (a timer of a node outside the ensemble). */
const tick = (h: History, ms: number) => h.at(ms).ev('x1', 'timer', { tag: 'tick' });

function up(h: History): History {
  return h.start('s1').start('s2').start('s3');
}

describe('liveness checker', () => {
  it('states its bound', () => {
    // The docs' zoo.cfg: 2 × 20 s (initLimit) + 2 × 10 s (syncLimit: the detection timeouts) + 20 s.
    expect(livenessBoundMs(2000, 10, 5)).toBe(80_000);
    expect(livenessBoundMs(2000, 10)).toBe(80_000);
    expect(checker().boundMs).toBe(21_000);
  });

  it('fires when no leader is established within the bound after the heal', () => {
    const h = up(new History(checker()));
    h.at(1000)
      .ev(undefined, 'fault', { what: 'partition', groups: [[1], [2, 3]] })
      .at(5000)
      .ev(undefined, 'fault', { what: 'heal' });
    tick(h, 20_000);
    expect(h.messages()).toEqual([]);
    tick(h, 26_001);
    expect(h.messages()).toEqual([
      'liveness: no leader established 21001 ms after the last disturbance at 5000 ms (bound 21000 ms)',
    ]);
  });

  it('fires when a leader lost without a fault is not replaced within the bound', () => {
    const h = up(new History(checker())).lead('s1', 1, ['s2', 's3']);
    h.at(10_000).ev('s1', 'zab.leader-shutdown', { reason: 'Not sufficient number of followers synced', epoch: 1 });
    tick(h, 30_000);
    expect(h.messages()).toEqual([]);
    tick(h, 31_001);
    expect(h.messages()).toEqual([
      'liveness: no leader established 21001 ms after losing the leader at 10000 ms (bound 21000 ms)',
    ]);
  });

  it('fires when a client op called after the heal does not return within the bound', () => {
    const h = up(new History(checker())).lead('s1', 1, ['s2', 's3']);
    h.at(2000)
      .call('c1', S, 1, OpCode.create, '/a')
      .call('c1', S, 2, OpCode.getData, '/a')
      .at(2500)
      .ret('c1', S, 1, OpCode.create, '/a', 0, 1);
    h.at(30_000).finish();
    expect(h.messages()).toEqual([
      'liveness: c1: getData /a (session 0x1000, xid 2), called at 2000 ms, has not returned within 21000 ms',
    ]);
  });

  it('stretches its bound by the slowest clock in force (clock-drift); a wall-clock step changes nothing', () => {
    // s2's clock 10% slow: its timeouts take 1/0.9 as long in global time; 21 000 / 0.9 = 23 333 ms.
    const h = up(new History(checker()));
    h.at(1000)
      .ev(undefined, 'fault', { what: 'clock-drift', server: 2, driftPpm: -100_000 })
      .ev(undefined, 'fault', { what: 'clock-drift', server: 3, driftPpm: 100_000 })
      .ev(undefined, 'fault', { what: 'clock-step', server: 1, stepMs: -30_000 });
    tick(h, 24_333);
    expect(h.messages()).toEqual([]);
    tick(h, 24_334);
    expect(h.messages()).toEqual([
      'liveness: no leader established 23334 ms after the last disturbance at 1000 ms (bound 23333 ms)',
    ]);
    // Its rate back to true time: the bound is 21 000 ms again.
    const g = up(new History(checker()));
    g.at(1000)
      .ev(undefined, 'fault', { what: 'clock-drift', server: 2, driftPpm: -100_000 })
      .ev(undefined, 'fault', { what: 'clock-drift', server: 2, driftPpm: 0 });
    tick(g, 22_001);
    expect(g.messages()).toHaveLength(1);
  });

  it('waits while a fault is in force', () => {
    const h = up(new History(checker()));
    h.at(1000)
      .ev(undefined, 'fault', { what: 'one-way', from: [1], to: [2] })
      .call('c1', S, 1, OpCode.getData, '/a');
    h.at(3000).crash('s2').crash('s3');
    tick(h, 60_000);
    expect(h.messages()).toEqual([]);
  });

  it('is quiet when the ensemble recovers', () => {
    const h = up(new History(checker())).lead('s1', 1, ['s2', 's3']);
    h.at(2000).crash('s1').call('c1', S, 1, OpCode.getData, '/a');
    h.at(9000).lead('s2', 2, ['s3']).ret('c1', S, 1, OpCode.getData, '/a', -4, -1);
    tick(h, 60_000);
    h.finish();
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(checker())).finish().messages()).toEqual([]);
  });
});
