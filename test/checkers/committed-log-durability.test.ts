import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { CommittedLogDurabilityChecker } from '../../sim/checkers/committed-log-durability.ts';
import { History, S, goodRun, z } from './helpers.ts';

const txn = { type: OpCode.setData, session: S };

function epoch1(h: History): History {
  h.start('s1').start('s2').start('s3').lead('s1', 1, ['s2', 's3']);
  return h
    .propose('s1', z(1, 1))
    .logged(['s1', 's2'], z(1, 1))
    .commit('s1', z(1, 1), ['s1', 's2'])
    .deliver(['s1', 's2'], z(1, 1), txn);
}

describe('committed-log-durability checker', () => {
  it('fires when a TRUNC takes a committed txn off a quorum of disks', () => {
    const h = epoch1(new History(new CommittedLogDurabilityChecker([1, 2, 3])));
    h.ev('s2', 'zab.truncate', { zxid: 0, reloadedZxid: 0 });
    expect(h.messages()).toEqual([
      "committed-log-durability: s2 dropped committed 0x100000001 from its disk (TRUNC): now on 1 voters' disks, fewer than a quorum of 2",
    ]);
  });

  it('fires when a restart comes back without a committed txn it had logged', () => {
    const h = epoch1(new History(new CommittedLogDurabilityChecker([1, 2, 3])));
    h.crash('s1').start('s1', 0);
    expect(h.messages()).toEqual([
      "committed-log-durability: s1 dropped committed 0x100000001 from its disk (restart): now on 1 voters' disks, fewer than a quorum of 2",
    ]);
  });

  it('is quiet when a minority loses it, or an uncommitted txn is cut', () => {
    const h = epoch1(new History(new CommittedLogDurabilityChecker([1, 2, 3])));
    h.logged(['s3'], z(1, 1)).ev('s3', 'zab.truncate', { zxid: 0, reloadedZxid: 0 }).logged(['s3'], z(1, 1));
    h.propose('s1', z(1, 2))
      .logged(['s2'], z(1, 2))
      .ev('s2', 'zab.truncate', { zxid: z(1, 1), reloadedZxid: z(1, 1) });
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(
      goodRun(new History(new CommittedLogDurabilityChecker([1, 2, 3])))
        .finish()
        .messages(),
    ).toEqual([]);
  });
});
