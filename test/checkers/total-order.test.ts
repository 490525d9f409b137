import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { TotalOrderChecker } from '../../sim/checkers/total-order.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

describe('total-order checker', () => {
  it('fires when two servers deliver two txns in opposite orders', () => {
    const h = new History(new TotalOrderChecker()).start('s1').start('s2');
    h.deliver(['s1'], z(1, 1), txn).deliver(['s1'], z(1, 2), txn);
    h.deliver(['s2'], z(1, 2), txn).deliver(['s2'], z(1, 1), txn);
    expect(h.messages()).toEqual([
      'total-order: s2 delivered 0x100000001 after 0x100000002, but s1 delivered 0x100000001 before anyone delivered 0x100000002',
    ]);
  });

  it("orders a new leader's history before what it broadcasts next", () => {
    const h = new History(new TotalOrderChecker()).start('s1').start('s2');
    h.logged(['s2'], z(1, 1)).logged(['s2'], z(1, 2)).state('s2', 'LOOKING', z(1, 2)); // never delivered before
    h.ev('s2', 'zab.established', { epoch: 2, acks: [1, 2] }).deliver(['s2'], z(2, 1), txn);
    h.deliver(['s1'], z(2, 1), txn).deliver(['s1'], z(1, 2), txn);
    expect(h.messages()).toEqual([
      'total-order: s1 delivered 0x100000002 after 0x200000001, but s2 delivered 0x100000002 before anyone delivered 0x200000001',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new TotalOrderChecker())).finish().messages()).toEqual([]);
  });
});
