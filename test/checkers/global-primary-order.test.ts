import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { GlobalPrimaryOrderChecker } from '../../sim/checkers/global-primary-order.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

describe('global-primary-order checker', () => {
  it('fires when a txn of an older epoch is delivered after one of a newer epoch', () => {
    const h = new History(new GlobalPrimaryOrderChecker()).start('s1');
    h.deliver(['s1'], z(1, 1), txn).deliver(['s1'], z(2, 1), txn).deliver(['s1'], z(1, 2), txn);
    expect(h.messages()).toEqual([
      'global-primary-order: s1 delivered 0x100000002 of epoch 1 after 0x200000001 of epoch 2',
    ]);
  });

  it("takes a txn's epoch from its proposer", () => {
    const h = new History(new GlobalPrimaryOrderChecker()).start('s1');
    h.propose('s2', z(1, 1))
      .ev('s3', 'zab.propose', { zxid: z(1, 2), epoch: 3 })
      .propose('s2', z(1, 3));
    h.deliver(['s1'], z(1, 1), txn).deliver(['s1'], z(1, 2), txn).deliver(['s1'], z(1, 3), txn);
    expect(h.messages()).toEqual([
      'global-primary-order: s1 delivered 0x100000003 of epoch 1 after 0x100000002 of epoch 3',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new GlobalPrimaryOrderChecker())).finish().messages()).toEqual([]);
  });
});
