// The election part of this checker is tested in test/sim/checkers.test.ts.
import { describe, expect, it } from 'vitest';
import { LeadershipChecker } from '../../sim/checkers/leadership.ts';
import { History, goodRun } from './helpers.ts';

describe('leadership checker (established leaders)', () => {
  it('fires on two established leaders of one epoch', () => {
    const h = new History(new LeadershipChecker([1, 2, 3, 4, 5]));
    h.ev('s1', 'zab.established', { epoch: 2, acks: [1, 2, 3] });
    h.ev('s5', 'zab.established', { epoch: 2, acks: [3, 4, 5] });
    expect(h.messages()).toEqual(['leadership: s5 established as leader of epoch 2, which s1 already leads']);
  });

  it('fires on a leader established without a quorum of NEWLEADER acks', () => {
    const h = new History(new LeadershipChecker([1, 2, 3, 4, 5]));
    h.ev('s1', 'zab.established', { epoch: 1, acks: [1, 2] });
    expect(h.messages()).toEqual([
      'leadership: s1 established as leader of epoch 1 on NEWLEADER acks of [1,2], not a quorum of [1,2,3,4,5]',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(
      goodRun(new History(new LeadershipChecker([1, 2, 3])))
        .finish()
        .messages(),
    ).toEqual([]);
  });
});
