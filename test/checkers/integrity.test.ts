import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { IntegrityChecker } from '../../sim/checkers/integrity.ts';
import { History, S, T, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S, cxid: 1 };

function epoch1(h: History): History {
  return h.start('s1').start('s2').lead('s1', 1, ['s2']);
}

describe('integrity checker', () => {
  it('fires on a delivered txn no leader proposed', () => {
    const h = epoch1(new History(new IntegrityChecker()));
    h.deliver(['s2'], z(1, 1), txn);
    expect(h.messages()).toEqual(['integrity: s2 delivered 0x100000001, which no leader proposed']);
  });

  it('fires when the delivered txn is not the proposed one', () => {
    const h = epoch1(new History(new IntegrityChecker()));
    h.propose('s1', z(1, 1), txn).deliver(['s2'], z(1, 1), { ...txn, session: T });
    expect(h.messages()).toEqual([
      'integrity: s2 delivered 0x100000001, but not the txn s1 proposed: session 0x2000 (proposed 0x1000)',
    ]);
  });

  it('fires on a txn proposed by a server that is not the established leader of its epoch', () => {
    const h = epoch1(new History(new IntegrityChecker()));
    h.propose('s2', z(1, 1), txn).deliver(['s1'], z(1, 1), txn);
    expect(h.messages()).toEqual([
      'integrity: s1 delivered 0x100000001, which s2 proposed in epoch 1 without being its established leader (s1 is)',
    ]);
  });

  it('fires on a new leader whose history holds a txn never proposed', () => {
    const h = epoch1(new History(new IntegrityChecker()));
    h.crash('s1')
      .state('s2', 'LOOKING', z(1, 2))
      .ev('s2', 'zab.established', { epoch: 2, acks: [2, 3] });
    expect(h.messages()).toEqual([
      'integrity: s2 established as leader of epoch 2 holding 0x100000001, which no leader proposed',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new IntegrityChecker())).finish().messages()).toEqual([]);
  });
});
