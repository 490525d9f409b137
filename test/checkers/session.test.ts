import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { SessionChecker } from '../../sim/checkers/session.ts';
import { History, S, T, goodRun, z } from './helpers.ts';

/** Session S creates ephemeral /e, then closes (its closeSession removes /e). */
function closed(h: History): History {
  h.deliver(['s1'], z(1, 1), { type: OpCode.createSession, session: S });
  h.deliver(['s1'], z(1, 2), { type: OpCode.create, session: S, cxid: 1, path: '/e', ephemeralOwner: S });
  return h.deliver(['s1'], z(1, 3), { type: OpCode.closeSession, session: S, cxid: 2, paths: ['/e'] });
}

describe('session checker', () => {
  it("fires on a second server's closeSession that leaves an ephemeral the first delivery removed (rule 5)", () => {
    const h = closed(new History(new SessionChecker()));
    h.deliver(['s2'], z(1, 1), { type: OpCode.createSession, session: S });
    h.deliver(['s2'], z(1, 2), { type: OpCode.create, session: S, cxid: 1, path: '/e', ephemeralOwner: S });
    h.deliver(['s2'], z(1, 3), { type: OpCode.closeSession, session: S, cxid: 2, paths: [] });
    expect(h.messages()).toEqual([
      'session: s2 delivered 0x100000003: closeSession of 0x1000 leaves its ephemerals /e (the first delivery removed them)',
    ]);
  });

  it('applies a txn first delivered below the highest applied (a DIFF after a log replay): its re-create is seen', () => {
    const h = closed(new History(new SessionChecker()));
    // s2 replayed 0x200000001 from its log (no delivery) and delivers 0x200000002 by DIFF first
    h.deliver(['s2'], z(2, 2), { type: OpCode.setData, session: T, cxid: 2, path: '/w' });
    // s1 delivers the re-create of /e at 0x200000001 after it, then T deletes /e
    h.deliver(['s1'], z(2, 1), { type: OpCode.create, session: T, cxid: 1, path: '/e', ephemeralOwner: T });
    h.deliver(['s1'], z(2, 3), { type: OpCode.delete, session: T, cxid: 3, path: '/e' });
    expect(h.messages()).toEqual([]);
  });

  it('a closeSession nobody delivered (every server fast-forwarded it from its log) fills the gap from its proposal: the second closeSession with no paths passes; without the proposal it would fire', () => {
    const make = (withProposal: boolean) => {
      const h = new History(new SessionChecker());
      h.deliver(['s1'], z(1, 1), { type: OpCode.createSession, session: S });
      h.deliver(['s1'], z(1, 2), { type: OpCode.create, session: S, cxid: 1, path: '/e', ephemeralOwner: S });
      // 0x100000003: the client's closeSession, logged everywhere, applied by fast-forward only
      if (withProposal) h.propose('s1', z(1, 3), { type: OpCode.closeSession, session: S, cxid: 2 });
      // the leader's expiry of the (closing) session: a second closeSession, nothing left to delete
      h.propose('s1', z(1, 4), { type: OpCode.closeSession, session: S, cxid: 0 });
      h.deliver(['s1'], z(1, 4), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
      return h.messages();
    };
    expect(make(true)).toEqual([]);
    expect(make(false)).toEqual(['session: s1 delivered 0x100000004: closeSession of 0x1000 leaves its ephemerals /e']);
  });

  it('the gap closeSession is committed (same epoch as the delivery past it): its ephemeral is gone, and a later txn on it fires (rule 3)', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 1, path: '/e', ephemeralOwner: S });
    h.propose('s1', z(1, 2), { type: OpCode.closeSession, session: S, cxid: 2 });
    h.deliver(['s1'], z(1, 3), { type: OpCode.setData, session: T, cxid: 1, path: '/e' });
    expect(h.messages()).toEqual([
      'session: s1 delivered 0x100000003: setData /e, an ephemeral of session 0x1000 removed by its closeSession at 0x100000002',
    ]);
  });

  it('a gap closeSession of an earlier epoch (it may have been truncated) only makes its ephemerals uncertain', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 1, path: '/e', ephemeralOwner: S });
    h.propose('s1', z(1, 2), { type: OpCode.closeSession, session: S, cxid: 2 });
    // epoch 2: /e still there (the closeSession was truncated), T writes it: no violation
    h.deliver(['s2'], z(2, 1), { type: OpCode.setData, session: T, cxid: 1, path: '/e' });
    h.deliver(['s2'], z(2, 2), { type: OpCode.closeSession, session: S, cxid: 3, paths: [] });
    expect(h.messages()).toEqual([]);
  });

  it("a path re-created after a gap's delete is no longer its old owner's ephemeral: the old owner's closeSession need not remove it", () => {
    // seed 652 of the 5-server clean sweep: the delete of /e (0x100000002) was logged everywhere
    // and applied by fast-forward only; in epoch 2 session T creates /e, then S's session closes.
    const h = new History(new SessionChecker());
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 1, path: '/e', ephemeralOwner: S });
    h.propose('s1', z(1, 2), { type: OpCode.delete, session: T, cxid: 1 });
    h.deliver(['s2'], z(2, 1), { type: OpCode.create, session: T, cxid: 2, path: '/e', ephemeralOwner: T });
    h.deliver(['s2'], z(2, 2), { type: OpCode.closeSession, session: S, cxid: 2, paths: [] });
    h.deliver(['s2'], z(2, 3), { type: OpCode.closeSession, session: T, cxid: 3, paths: [] });
    expect(h.messages()).toEqual([
      'session: s2 delivered 0x200000003: closeSession of 0x2000 leaves its ephemerals /e',
    ]);
  });

  it("a create delivered late, below its session's closeSession (a DIFF filling a gap), is no violation", () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1'], z(2, 1), { type: OpCode.closeSession, session: S, cxid: 9, paths: [] });
    h.deliver(['s2'], z(1, 7), { type: OpCode.create, session: S, cxid: 3, path: '/e', ephemeralOwner: S });
    expect(h.messages()).toEqual([]);
    h.deliver(['s2'], z(2, 2), { type: OpCode.create, session: S, cxid: 10, path: '/f', ephemeralOwner: S });
    expect(h.messages()).toEqual([
      'session: s2 delivered 0x200000002: ephemeral /f created for session 0x1000, closed at 0x200000001',
    ]);
  });

  it('a read of a state past every delivery fills the gap first: a re-create proposed but never delivered explains it; without the proposal it fires (rule 4)', () => {
    const read = (withProposal: boolean) => {
      const h = closed(new History(new SessionChecker()));
      // T re-creates /e at 0x100000004: logged everywhere, fast-forwarded, never delivered
      if (withProposal) h.propose('s1', z(1, 4), { type: OpCode.create, session: T, cxid: 1 });
      h.ret('c2', T, 2, OpCode.exists, '/e', 0, z(1, 4));
      return h.messages();
    };
    expect(read(true)).toEqual([]);
    expect(read(false)).toEqual([
      'session: c2 session 0x2000 read /e (exists OK at 0x100000004), an ephemeral of session 0x1000 removed by its closeSession at 0x100000003',
    ]);
  });

  it('fires on an ephemeral created for a closed session', () => {
    const h = closed(new History(new SessionChecker()));
    h.deliver(['s1'], z(1, 4), { type: OpCode.create, session: S, cxid: 3, path: '/late', ephemeralOwner: S });
    expect(h.messages()).toEqual([
      'session: s1 delivered 0x100000004: ephemeral /late created for session 0x1000, closed at 0x100000003',
    ]);
  });

  it('does not judge an ephemeral a proposed, never delivered delete may have removed (replayed from disk, then a SNAP: recipe-lock --fencing seed 37)', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1', 's2'], z(2, 1), { type: OpCode.create, session: S, cxid: 1, path: '/lock', ephemeralOwner: S });
    // s2 leads epoch 2, logs S's delete of /lock, goes before committing it; it comes back, replays
    // it from its log and leads; the others get its tree by SNAP: no server delivers 0x200000002.
    h.ev('s2', 'zab.propose', { zxid: z(2, 2), epoch: 2, type: OpCode.delete, session: S, cxid: 2 });
    h.deliver(['s1'], z(4, 1), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
    expect(h.messages()).toEqual([]);
    // Without such a proposal the same closeSession leaves /lock behind.
    const g = new History(new SessionChecker());
    g.deliver(['s1'], z(2, 1), { type: OpCode.create, session: S, cxid: 1, path: '/lock', ephemeralOwner: S });
    g.deliver(['s1'], z(4, 1), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
    expect(g.messages()).toEqual([
      'session: s1 delivered 0x400000001: closeSession of 0x1000 leaves its ephemerals /lock',
    ]);
  });

  it('a late closeSession leaves an ephemeral a later txn re-created as the later one left it (recipe-lock --fencing seed 95)', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1', 's2'], z(2, 1), { type: OpCode.create, session: S, cxid: 1, path: '/lock', ephemeralOwner: S });
    // S's closeSession at 0x300000001 reaches s2 only later (a DIFF); in epoch 4, T creates /lock again and deletes it.
    h.deliver(['s2'], z(4, 1), { type: OpCode.create, session: T, cxid: 1, path: '/lock', ephemeralOwner: T });
    h.deliver(['s1'], z(3, 1), { type: OpCode.closeSession, session: S, cxid: 0, paths: ['/lock'] });
    h.deliver(['s2'], z(4, 2), { type: OpCode.delete, session: T, cxid: 2, path: '/lock' });
    expect(h.messages()).toEqual([]);
  });

  it('a delete fast-forwarded into a later epoch and delivered late by DIFF, below a closeSession whose paths leave its ephemeral out, is no violation (3-server faults sweep seeds 1174, 1962)', () => {
    // s2 leads epoch 2 and logs T's delete of S's ephemeral /e2 at 0x20000000c, loses its quorum,
    // fast-forwards it (ZKDatabase.fastForwardDataBase), leads epoch 3 and SNAPs s3: nobody
    // delivers it. S's closeSession at 0x300000007 finds no /e2. In epoch 4 s1, behind at
    // 0x20000000a, gets 0x20000000c.. by DIFF and delivers the delete after the close.
    const h = new History(new SessionChecker());
    h.deliver(['s1', 's2'], z(2, 4), { type: OpCode.create, session: S, cxid: 4, path: '/e2', ephemeralOwner: S });
    h.propose('s2', z(2, 12), { type: OpCode.delete, session: T, cxid: 15 });
    h.deliver(['s2', 's3'], z(3, 1), { type: OpCode.createSession, session: T + 1n });
    h.deliver(['s2', 's3'], z(3, 7), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
    h.deliver(['s1'], z(2, 12), { type: OpCode.delete, session: T, cxid: 15, path: '/e2' });
    h.deliver(['s1'], z(3, 1), { type: OpCode.createSession, session: T + 1n });
    h.deliver(['s1'], z(3, 7), { type: OpCode.closeSession, session: S, cxid: 0, paths: [] });
    expect(h.messages()).toEqual([]);
  });

  it('still fires on a txn after the closeSession on an uncertain ephemeral the closeSession did remove (its paths name it)', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1', 's2'], z(2, 4), { type: OpCode.create, session: S, cxid: 4, path: '/e2', ephemeralOwner: S });
    h.propose('s2', z(2, 12), { type: OpCode.delete, session: T, cxid: 15 });
    h.deliver(['s2', 's3'], z(3, 1), { type: OpCode.createSession, session: T + 1n });
    // the gap's delete was of another path: the closeSession's tree still had /e2 and removed it
    h.deliver(['s2', 's3'], z(3, 7), { type: OpCode.closeSession, session: S, cxid: 0, paths: ['/e2'] });
    h.deliver(['s2'], z(3, 8), { type: OpCode.delete, session: T, cxid: 16, path: '/e2' });
    expect(h.messages()).toEqual([
      'session: s2 delivered 0x300000008: delete /e2, an ephemeral of session 0x1000 removed by its closeSession at 0x300000007',
    ]);
  });

  it('a committed gap closeSession of a session whose ephemeral a gap delete made uncertain does not hold it as gone: its late delete passes', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1', 's2'], z(2, 4), { type: OpCode.create, session: S, cxid: 4, path: '/e2', ephemeralOwner: S });
    h.propose('s2', z(3, 1), { type: OpCode.delete, session: T, cxid: 15 });
    h.propose('s2', z(3, 2), { type: OpCode.closeSession, session: S, cxid: 0 });
    h.deliver(['s2'], z(3, 3), { type: OpCode.createSession, session: T + 1n });
    h.deliver(['s1'], z(3, 1), { type: OpCode.delete, session: T, cxid: 15, path: '/e2' });
    expect(h.messages()).toEqual([]);
  });

  it('fires on a closeSession that leaves an ephemeral behind', () => {
    const h = new History(new SessionChecker());
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 1, path: '/a', ephemeralOwner: S });
    h.deliver(['s1'], z(1, 2), {
      type: OpCode.multi,
      session: S,
      cxid: 2,
      ops: [{ type: OpCode.create, path: '/b', ephemeralOwner: S }],
    });
    h.deliver(['s1'], z(1, 3), { type: OpCode.closeSession, session: S, cxid: 3, paths: ['/a'] });
    expect(h.messages()).toEqual([
      'session: s1 delivered 0x100000003: closeSession of 0x1000 leaves its ephemerals /b',
    ]);
  });

  it('fires on a txn acting on an ephemeral its closeSession removed', () => {
    const h = closed(new History(new SessionChecker()));
    h.deliver(['s1'], z(1, 4), { type: OpCode.setData, session: T, cxid: 1, path: '/e' });
    expect(h.messages()).toEqual([
      'session: s1 delivered 0x100000004: setData /e, an ephemeral of session 0x1000 removed by its closeSession at 0x100000003',
    ]);
  });

  it('fires on a client reading an ephemeral after its closeSession', () => {
    const h = closed(new History(new SessionChecker()));
    h.call('c2', T, 1, OpCode.getData, '/e').ret('c2', T, 1, OpCode.getData, '/e', 0, z(1, 3));
    expect(h.messages()).toEqual([
      'session: c2 session 0x2000 read /e (getData OK at 0x100000003), an ephemeral of session 0x1000 removed by its closeSession at 0x100000003',
    ]);
  });

  it('is quiet on a read that saw the state before the closeSession, and on a re-created path', () => {
    const h = closed(new History(new SessionChecker()));
    h.ret('c2', T, 1, OpCode.exists, '/e', 0, z(1, 2));
    h.deliver(['s1'], z(1, 4), { type: OpCode.create, session: T, cxid: 2, path: '/e' }).deliver(['s1'], z(1, 5), {
      type: OpCode.setData,
      session: T,
      cxid: 3,
      path: '/e',
    });
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new SessionChecker())).finish().messages()).toEqual([]);
  });
});
