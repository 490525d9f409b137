import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { DurabilityChecker } from '../../sim/checkers/durability.ts';
import { History, S, goodRun, z } from './helpers.ts';

const create = { type: OpCode.create, session: S, cxid: 1, path: '/a' };

/** s1 leads epoch 1; the client's create /a is 0x101, acknowledged after s1 and s2 delivered it. */
function acked(h: History): History {
  h.start('s1')
    .start('s2')
    .start('s3')
    .lead('s1', 1, ['s2', 's3'])
    .uptodate('s2', 's1', 1, 0)
    .uptodate('s3', 's1', 1, 0);
  return h
    .call('c1', S, 1, OpCode.create, '/a')
    .write('s1', ['s2'], z(1, 1), create)
    .ret('c1', S, 1, OpCode.create, '/a', 0, z(1, 1));
}

describe('durability checker', () => {
  it('fires on an OK for a write no server delivered', () => {
    const h = new History(new DurabilityChecker()).start('s1');
    h.call('c1', S, 7, OpCode.setData, '/a').ret('c1', S, 7, OpCode.setData, '/a', 0, z(1, 4));
    expect(h.messages()).toEqual([
      'durability: c1 got OK for setData /a (session 0x1000, xid 7), but no server delivered its txn',
    ]);
  });

  it('fires when the reply zxid is below the txn', () => {
    const h = new History(new DurabilityChecker()).start('s1').deliver(['s1'], z(1, 2), { ...create, cxid: 3 });
    h.ret('c1', S, 3, OpCode.create, '/a', 0, z(1, 1));
    expect(h.messages()).toEqual([
      "durability: c1 got OK for create /a (session 0x1000, xid 3) with zxid 0x100000001, below its txn's 0x100000002",
    ]);
  });

  it('fires when a new leader lacks an acknowledged write', () => {
    const h = acked(new History(new DurabilityChecker()));
    h.crash('s1').crash('s2').state('s3', 'LOOKING', 0).lead('s3', 2, ['s2']);
    expect(h.messages()).toEqual([
      'durability: s3 became leader of epoch 2 at 0x0 without acknowledged create /a (session 0x1000, xid 1) at 0x100000001',
    ]);
  });

  it("does not ask a leader established after a newer epoch for that epoch's writes", () => {
    // s3 leads epoch 2 on late NEWLEADER acks (a pause: seed 527 of the 5-server sweep) after
    // s2 led epoch 3 and acknowledged a write there; at the end s2, of the highest epoch, is checked.
    const h = acked(new History(new DurabilityChecker())).deliver(['s3'], z(1, 1), create);
    h.state('s1', 'LOOKING', z(1, 1)).state('s2', 'LOOKING', z(1, 1)).lead('s2', 3, ['s1']);
    h.call('c1', S, 2, OpCode.setData, '/a').write('s2', ['s1'], z(3, 1), {
      type: OpCode.setData,
      session: S,
      cxid: 2,
    });
    h.ret('c1', S, 2, OpCode.setData, '/a', 0, z(3, 1));
    h.state('s3', 'LEADING', 0, 3).ev('s3', 'zab.established', { epoch: 2, acks: [1, 3] });
    expect(h.finish().messages()).toEqual([]);
  });

  it('fires when a TRUNC cuts an acknowledged write', () => {
    const h = acked(new History(new DurabilityChecker()));
    h.ev('s2', 'zab.truncate', { zxid: 0, reloadedZxid: 0 });
    expect(h.messages()).toEqual([
      'durability: s2 truncated to 0x0, cutting acknowledged create /a (session 0x1000, xid 1) at 0x100000001',
    ]);
  });

  // s1 proposes setData 0x102; s3 logs it but its ACK never reaches s1 (a one-way cut), its
  // handler times out, and it re-joins: s1 decides TRUNC 0x101 (maxCommittedLog: 0x102 is still
  // outstanding), commits 0x102 on s1 and s2, the client is told OK, and only then does s3 read
  // its TRUNC. Leader.startForwarding re-sends 0x102 right after the TRUNC (seed 1618 of the
  // 5-server sweep on f1c4a15).
  const setData = { type: OpCode.setData, session: S, cxid: 2 };
  function rejoin(h: History, decideBeforeCommit: boolean): History {
    const trunc = () =>
      h.ev('s1', 'zab.sync', {
        peer: 3,
        mode: 'TRUNC',
        peerLastZxid: z(1, 2),
        leaderLastZxid: z(1, 1),
        truncTo: z(1, 1),
      });
    h.deliver(['s3'], z(1, 1), create).call('c1', S, 2, OpCode.setData, '/a');
    h.propose('s1', z(1, 2), setData).logged(['s1', 's2', 's3'], z(1, 2));
    h.ev('s3', 'zab.learner-shutdown', { leader: 1, reason: 'Read timed out' }).state('s3', 'LOOKING', z(1, 2));
    h.state('s3', 'FOLLOWING', z(1, 2), 1);
    if (decideBeforeCommit) trunc();
    h.commit('s1', z(1, 2), ['s1', 's2']).deliver(['s1', 's2'], z(1, 2), setData);
    h.ret('c1', S, 2, OpCode.setData, '/a', 0, z(1, 2));
    if (!decideBeforeCommit) trunc();
    return h.ev('s3', 'zab.truncate', { zxid: z(1, 1), reloadedZxid: z(1, 1) });
  }

  it('lets a TRUNC cut a write its leader had not yet committed when it decided that TRUNC', () => {
    expect(rejoin(acked(new History(new DurabilityChecker())), true).messages()).toEqual([]);
  });

  it('fires when the TRUNC was decided after the write was committed', () => {
    expect(rejoin(acked(new History(new DurabilityChecker())), false).messages()).toEqual([
      'durability: s3 truncated to 0x100000001, cutting acknowledged setData /a (session 0x1000, xid 2) at 0x100000002',
    ]);
  });

  it('fires when a server delivers past an acknowledged write without it', () => {
    const h = acked(new History(new DurabilityChecker()));
    h.deliver(['s3'], z(2, 1), { type: OpCode.setData, session: S, cxid: 2 });
    expect(h.messages()).toEqual([
      'durability: s3 went from 0x0 to 0x200000001 past acknowledged create /a (session 0x1000, xid 1) at 0x100000001 without it',
    ]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new DurabilityChecker())).finish().messages()).toEqual([]);
  });
});
