import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { PrefixConsistencyChecker } from '../../sim/checkers/prefix-consistency.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

/** s1 leads epoch 1 with s2, s3; 0x101 and 0x102 are committed. */
function epoch1(h: History): History {
  h.start('s1')
    .start('s2')
    .start('s3')
    .lead('s1', 1, ['s2', 's3'])
    .uptodate('s2', 's1', 1, 0)
    .uptodate('s3', 's1', 1, 0);
  return h.write('s1', ['s2', 's3'], z(1, 1), txn).write('s1', ['s2', 's3'], z(1, 2), txn);
}

describe('prefix-consistency checker', () => {
  it('fires when a server skips a committed txn', () => {
    const h = epoch1(new History(new PrefixConsistencyChecker()));
    h.propose('s1', z(1, 3))
      .logged(['s1', 's2'], z(1, 3))
      .commit('s1', z(1, 3), ['s1', 's2'])
      .deliver(['s1', 's2'], z(1, 3), txn);
    h.crash('s1').state('s3', 'LOOKING', z(1, 2)).state('s2', 'LOOKING', z(1, 3));
    h.lead('s3', 2, ['s2']).write('s3', ['s2'], z(2, 1), txn);
    expect(h.messages()).toEqual([
      'prefix-consistency: s3 delivered 0x200000001, but it held 0x100000002 last and the committed txn before it is 0x100000003',
    ]);
  });

  it('fires when a server delivers on top of an uncommitted txn (DIFF where TRUNC was due)', () => {
    const h = epoch1(new History(new PrefixConsistencyChecker()));
    h.propose('s1', z(1, 3)).logged(['s1'], z(1, 3)).crash('s1');
    h.state('s2', 'LOOKING', z(1, 2))
      .state('s3', 'LOOKING', z(1, 2))
      .lead('s2', 2, ['s3'])
      .uptodate('s3', 's2', 2, z(1, 2));
    h.write('s2', ['s3'], z(2, 1), txn).start('s1', z(1, 3), 1).deliver(['s1'], z(2, 1), txn);
    expect(h.messages()).toEqual([
      'prefix-consistency: s1 delivered 0x200000001, but it held 0x100000003 last and the committed txn before it is 0x100000002',
    ]);
  });

  it('fires when a learner finishes syncing with an uncommitted last txn', () => {
    const h = epoch1(new History(new PrefixConsistencyChecker()));
    h.propose('s1', z(1, 3))
      .logged(['s3'], z(1, 3))
      .crash('s3')
      .start('s3', z(1, 3), 1)
      .uptodate('s3', 's1', 1, z(1, 3));
    expect(h.messages()).toEqual([
      'prefix-consistency: s3 finished syncing holding 0x100000003 last, which is not committed',
    ]);
  });

  it('fires when a new leader holds a txn that forks below a committed one', () => {
    const h = epoch1(new History(new PrefixConsistencyChecker()));
    // s3 holds a 0x103 of its own (logged, not committed) while s1 committed a 0x201 elsewhere.
    h.logged(['s3'], z(1, 3)).crash('s1').crash('s2');
    h.ev('s2', 'zab.commit', { zxid: z(2, 1), acks: [1, 2] });
    h.state('s3', 'LOOKING', z(1, 3)).ev('s3', 'zab.established', { epoch: 3, acks: [1, 3] });
    expect(h.messages()).toEqual([
      'prefix-consistency: s3 established as leader of epoch 3 holding 0x100000003, which is not committed though 0x200000001 is',
    ]);
  });

  it('fires when a TRUNC reloads a database from a snapshot newer than the cut (FileTxnSnapLog.truncateLog keeps it)', () => {
    const h = epoch1(new History(new PrefixConsistencyChecker()));
    h.logged(['s3'], z(1, 3)).ev('s3', 'zab.truncate', { zxid: z(1, 2), reloadedZxid: z(1, 3) });
    h.ev('s2', 'zab.truncate', { zxid: z(1, 2), reloadedZxid: z(1, 2) });
    expect(h.messages()).toEqual([
      'prefix-consistency: s3 truncated to 0x100000002 but reloaded its database up to 0x100000003 from a snapshot newer than the cut: its tree keeps txns its leader does not have',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new PrefixConsistencyChecker())).finish().messages()).toEqual([]);
  });
});
