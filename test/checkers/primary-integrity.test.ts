import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { PrimaryIntegrityChecker } from '../../sim/checkers/primary-integrity.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

/** Epoch 1 (s1 leads): 0x101 everywhere, 0x102 on s1 and s2 only. */
function epoch1(h: History): History {
  h.start('s1').start('s2').start('s3').lead('s1', 1, ['s2', 's3']);
  return h.write('s1', ['s2', 's3'], z(1, 1), txn).write('s1', ['s2'], z(1, 2), txn);
}

describe('primary-integrity checker', () => {
  it('fires when a new leader broadcasts without a committed txn of an earlier epoch', () => {
    const h = epoch1(new History(new PrimaryIntegrityChecker()));
    h.crash('s1').crash('s2').state('s3', 'LOOKING', z(1, 1)).lead('s3', 2, ['s2']).propose('s3', z(2, 1));
    expect(h.messages()).toEqual([
      'primary-integrity: s3 broadcast 0x200000001 as leader of epoch 2 without 0x100000002, committed in epoch 1',
    ]);
  });

  it('fires when an older epoch commits a txn after a newer leader broadcast', () => {
    const h = epoch1(new History(new PrimaryIntegrityChecker()));
    h.state('s3', 'LOOKING', z(1, 2)).state('s2', 'LOOKING', z(1, 2)).lead('s3', 2, ['s2']).propose('s3', z(2, 1));
    h.propose('s1', z(1, 3)).commit('s1', z(1, 3), ['s1', 's2']); // the deposed leader goes on
    expect(h.messages()).toEqual([
      'primary-integrity: 0x100000003 of epoch 1 committed after s3 broadcast as leader of epoch 2 without it',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new PrimaryIntegrityChecker())).finish().messages()).toEqual([]);
  });
});
