import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { allCheckers, checkerNames } from '../../sim/checkers/index.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { History, S, goodRun, z } from './helpers.ts';

const all = () =>
  allCheckers({ voters: [1, 2, 3], observers: [], tickTime: 2000, initLimit: 10, roles: new RoleTracker() });

describe('allCheckers', () => {
  it('builds one checker per name, in checkerNames order', () => {
    expect(all().map((c) => c.name)).toEqual([...checkerNames]);
  });

  it('stays quiet on a good run (sharing one replica model)', () => {
    expect(
      goodRun(new History(...all()).nodes(3))
        .finish()
        .messages(),
    ).toEqual([]);
  });

  it('fires the Zab checkers on a new leader that lost committed txns', () => {
    const h = new History(...all()).nodes(3);
    const txn = { type: OpCode.setData, session: S };
    h.start('s1')
      .start('s2')
      .start('s3')
      .lead('s1', 1, ['s2', 's3'])
      .uptodate('s2', 's1', 1, 0)
      .uptodate('s3', 's1', 1, 0);
    h.write('s1', ['s2', 's3'], z(1, 1), txn).write('s1', ['s2'], z(1, 2), txn);
    h.crash('s1').state('s2', 'LOOKING', z(1, 2)).state('s3', 'LOOKING', z(1, 1)).lead('s3', 2, ['s2']);
    h.ev('s2', 'zab.truncate', { zxid: z(1, 1), reloadedZxid: z(1, 1) }).write('s3', ['s2'], z(2, 1), txn);
    const fired = new Set(h.violations.map((v) => v.checker));
    expect([...fired].sort()).toEqual([
      'committed-log-durability',
      'leader-log-completeness',
      'prefix-consistency',
      'primary-integrity',
    ]);
    expect(h.messages()).toMatchInlineSnapshot(`
      [
        "leader-log-completeness: s3 established as leader of epoch 2 without committed 0x100000002; its history ends at 0x100000001",
        "committed-log-durability: s2 dropped committed 0x100000002 from its disk (TRUNC): now on 1 voters' disks, fewer than a quorum of 2",
        "primary-integrity: s3 broadcast 0x200000001 as leader of epoch 2 without 0x100000002, committed in epoch 1",
        "prefix-consistency: s3 delivered 0x200000001, but it held 0x100000001 last and the committed txn before it is 0x100000002",
        "prefix-consistency: s2 delivered 0x200000001, but it held 0x100000001 last and the committed txn before it is 0x100000002",
      ]
    `);
  });
});
