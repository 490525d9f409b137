import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { AgreementChecker } from '../../sim/checkers/agreement.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

describe('agreement checker', () => {
  it('fires when two serving servers each delivered a txn the other lacks', () => {
    const h = new History(new AgreementChecker());
    h.start('s1')
      .start('s2')
      .start('s3')
      .lead('s1', 1, ['s2', 's3'])
      .uptodate('s2', 's1', 1, 0)
      .uptodate('s3', 's1', 1, 0);
    h.write('s1', ['s2', 's3'], z(1, 1), txn).write('s1', ['s2'], z(1, 2), txn);
    h.deliver(['s3'], z(2, 1), txn); // s3 jumps to a txn of another epoch without 0x102
    expect(h.messages()).toEqual(['agreement: s1 delivered 0x100000002, which s3 lacks though it is at 0x200000001']);
  });

  it('fires when a learner comes up to date without a txn a serving server delivered', () => {
    const h = new History(new AgreementChecker());
    h.start('s1').start('s2').lead('s1', 1, ['s2']).uptodate('s2', 's1', 1, 0).write('s1', ['s2'], z(1, 1), txn);
    h.start('s3', z(2, 1), 2).uptodate('s3', 's1', 1, z(2, 1)); // its history: 0x201 only
    expect(h.messages()).toEqual(['agreement: s1 delivered 0x100000001, which s3 lacks though it is at 0x200000001']);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new AgreementChecker())).finish().messages()).toEqual([]);
  });
});
