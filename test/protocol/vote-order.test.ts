// The vote order of FastLeaderElection.totalOrderPredicate: (peerEpoch, zxid, myid),
// lexicographically, and a proposed leader of weight 0 never wins.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalOrderPredicate, votesEqual, winReason } from '../../protocol/election/Vote.ts';

const w = () => 1;
const vote = fc.record({
  id: fc.integer({ min: 1, max: 7 }),
  zxid: fc.integer({ min: 0, max: 2 ** 40 }),
  epoch: fc.integer({ min: 0, max: 5 }),
});
const beats = (a: { id: number; zxid: number; epoch: number }, b: typeof a) =>
  totalOrderPredicate(a.id, a.zxid, a.epoch, b.id, b.zxid, b.epoch, w);

describe('vote order', () => {
  it('the docs example: (1,8,2) beats (1,8,1) and (1,7,4); epoch beats zxid beats myid', () => {
    expect(beats({ id: 2, zxid: 8, epoch: 1 }, { id: 1, zxid: 8, epoch: 1 })).toBe(true);
    expect(beats({ id: 2, zxid: 8, epoch: 1 }, { id: 4, zxid: 7, epoch: 1 })).toBe(true);
    expect(beats({ id: 4, zxid: 7, epoch: 1 }, { id: 2, zxid: 8, epoch: 1 })).toBe(false);
    expect(beats({ id: 1, zxid: 0, epoch: 2 }, { id: 5, zxid: 99, epoch: 1 })).toBe(true);
    expect(winReason(8, 1, 8, 1)).toBe('myid');
    expect(winReason(9, 1, 8, 1)).toBe('zxid');
    expect(winReason(1, 2, 8, 1)).toBe('peerEpoch');
  });

  it('a leader of weight 0 (an observer) never wins', () => {
    expect(totalOrderPredicate(9, 100, 9, 1, 0, 0, (sid) => (sid === 9 ? 0 : 1))).toBe(false);
  });

  it('property: the order is total and strict (irreflexive, asymmetric, transitive, connected)', () => {
    fc.assert(
      fc.property(vote, vote, vote, (a, b, c) => {
        expect(beats(a, a)).toBe(false);
        if (beats(a, b)) expect(beats(b, a)).toBe(false);
        if (beats(a, b) && beats(b, c)) expect(beats(a, c)).toBe(true);
        const same = a.id === b.id && a.zxid === b.zxid && a.epoch === b.epoch;
        if (!same) expect(beats(a, b) || beats(b, a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('Vote.equals: all fields while LOOKING, only leader and epoch once settled', () => {
    const base = { id: 3, zxid: 5, electionEpoch: 2, peerEpoch: 1 };
    expect(votesEqual({ ...base, state: 'LOOKING' }, { ...base, zxid: 6, state: 'LOOKING' })).toBe(false);
    expect(votesEqual({ ...base, state: 'FOLLOWING' }, { ...base, zxid: 6, electionEpoch: 9, state: 'LEADING' })).toBe(
      true,
    );
    expect(votesEqual({ ...base, state: 'FOLLOWING' }, { ...base, peerEpoch: 2, state: 'LEADING' })).toBe(false);
  });
});
