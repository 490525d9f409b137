import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { LocalPrimaryOrderChecker } from '../../sim/checkers/local-primary-order.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

describe('local-primary-order checker', () => {
  it("fires when a server delivers a leader's proposal without the one it proposed before", () => {
    const h = new History(new LocalPrimaryOrderChecker()).start('s1').start('s2').lead('s1', 1, ['s2']);
    h.propose('s1', z(1, 1)).propose('s1', z(1, 2)).deliver(['s2'], z(1, 2), txn);
    expect(h.messages()).toEqual([
      'local-primary-order: s2 delivered 0x100000002 without 0x100000001, which s1 proposed before it in epoch 1',
    ]);
  });

  it('is quiet when the earlier proposal came with the history a restart loaded', () => {
    const h = new History(new LocalPrimaryOrderChecker()).start('s1').start('s2').lead('s1', 1, ['s2']);
    h.propose('s1', z(1, 1)).logged(['s2'], z(1, 1)).crash('s2').start('s2', z(1, 1), 1);
    h.propose('s1', z(1, 2)).deliver(['s2'], z(1, 2), txn);
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new LocalPrimaryOrderChecker())).finish().messages()).toEqual([]);
  });
});
