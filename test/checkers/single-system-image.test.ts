import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { SingleSystemImageChecker } from '../../sim/checkers/single-system-image.ts';
import { History, S, T, goodRun, z } from './helpers.ts';

describe('single-system-image checker', () => {
  it('fires on a reply from an older state than the session has seen (a reconnect to a server behind)', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ret('c1', S, 1, OpCode.setData, '/a', 0, z(1, 5));
    h.ev('c1', 'client.disconnected', { session: S });
    h.ret('c1', S, 2, OpCode.getData, '/a', 0, z(1, 3));
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: getData /a (xid 2) was answered at 0x100000003, older than 0x100000005 it had seen (setData /a (xid 1))',
    ]);
  });

  it('fires on an older version of a node read from the same state', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ev('c1', 'client.return', {
      session: S,
      xid: 1,
      op: OpCode.getData,
      path: '/a',
      rc: 0,
      zxid: z(1, 5),
      version: 3,
    });
    h.ev('c1', 'client.return', {
      session: S,
      xid: 2,
      op: OpCode.exists,
      path: '/a',
      rc: 0,
      zxid: z(1, 5),
      version: 2,
    });
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: exists /a (xid 2) returned version 2 at 0x100000005, older than the version 3 it read at 0x100000005',
    ]);
  });

  // Rule 2 across states: a node's version goes back only through a delete between the states.
  const read = (h: History, xid: number, zxid: number, version: number) =>
    h.ev('c1', 'client.return', { session: S, xid, op: OpCode.getData, path: '/a', rc: 0, zxid, version });

  it('fires on an older version of a node read from a newer state with no delete of it between (a replica that skipped a committed change)', () => {
    const h = new History(new SingleSystemImageChecker());
    read(h, 1, z(1, 5), 3);
    // another node's delete between the two states does not explain /a's version going back
    h.ev('s1', 'zab.propose', { zxid: z(1, 6), epoch: 1, type: OpCode.delete });
    h.ev('s1', 'zab.deliver', { zxid: z(1, 6), type: OpCode.delete, session: T, path: '/b' });
    read(h, 2, z(2, 1), 1);
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: getData /a (xid 2) returned version 1 at 0x200000001, older than the version 3 it read at 0x100000005',
    ]);
  });

  it('is quiet when a delivered delete of the node (a delete, a multi, a close of its ephemeral owner) lies between the two states', () => {
    for (const deliver of [
      { type: OpCode.delete, path: '/a' },
      {
        type: OpCode.multi,
        ops: [
          { type: OpCode.setData, path: '/b' },
          { type: OpCode.delete, path: '/a' },
        ],
      },
      { type: OpCode.closeSession, paths: ['/a'] },
    ]) {
      const h = new History(new SingleSystemImageChecker());
      read(h, 1, z(1, 5), 3);
      h.ev('s1', 'zab.propose', { zxid: z(1, 7), epoch: 1, type: deliver.type });
      h.ev('s1', 'zab.deliver', { zxid: z(1, 7), session: T, ...deliver });
      read(h, 2, z(1, 9), 0);
      expect(h.messages()).toEqual([]);
    }
  });

  it('fires on NoNode for a node the session read, from a newer state with no delete of it between; quiet after its delete', () => {
    const gone = (h: History, xid: number, zxid: number) =>
      h.ev('c1', 'client.return', { session: S, xid, op: OpCode.exists, path: '/a', rc: -101, zxid });
    const h = new History(new SingleSystemImageChecker());
    read(h, 1, z(1, 5), 0);
    gone(h, 2, z(2, 3));
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: exists /a (xid 2) answered NoNode at 0x200000003, though it read version 0 at 0x100000005 and no delete of it lies between',
    ]);
    const deleted = new History(new SingleSystemImageChecker());
    read(deleted, 1, z(1, 5), 0);
    deleted.ev('s2', 'zab.deliver', { zxid: z(1, 6), type: OpCode.delete, session: S, path: '/a' });
    gone(deleted, 2, z(2, 3));
    expect(deleted.messages()).toEqual([]);
  });

  it('is quiet when a delete-capable txn between the two states was never delivered (applied by a SNAP: its paths unknown), and fires once it is known to delete another path', () => {
    const h = new History(new SingleSystemImageChecker());
    read(h, 1, z(1, 5), 3);
    h.ev('s1', 'zab.propose', { zxid: z(1, 7), epoch: 1, type: OpCode.multi });
    read(h, 2, z(1, 9), 0);
    expect(h.messages()).toEqual([]);
    const known = new History(new SingleSystemImageChecker());
    read(known, 1, z(1, 5), 3);
    known.ev('s1', 'zab.propose', { zxid: z(1, 7), epoch: 1, type: OpCode.multi });
    known.ev('s2', 'zab.deliver', {
      zxid: z(1, 7),
      type: OpCode.multi,
      session: T,
      ops: [{ type: OpCode.delete, path: '/b' }],
    });
    read(known, 2, z(1, 9), 0);
    expect(known.messages()).toHaveLength(1);
  });

  it('keeps a read answered without a zxid (a learner read under ZOOKEEPER-1412) at the newest state the session had seen', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ret('c1', S, 1, OpCode.setData, '/b', 0, z(1, 3));
    h.ev('c1', 'client.return', { session: S, xid: 2, op: OpCode.getData, path: '/a', rc: 0, zxid: -1, version: 2 });
    read(h, 3, z(1, 4), 1);
    expect(h.messages()).toEqual([
      'single-system-image: c1 session 0x1000: getData /a (xid 3) returned version 1 at 0x100000004, older than the version 2 it read at a state at or after 0x100000003 (its reply had no zxid)',
    ]);
    // a delete of /a after the bound explains it
    const d = new History(new SingleSystemImageChecker());
    d.ret('c1', S, 1, OpCode.setData, '/b', 0, z(1, 3));
    d.ev('c1', 'client.return', { session: S, xid: 2, op: OpCode.getData, path: '/a', rc: 0, zxid: -1, version: 2 });
    d.ev('s2', 'zab.deliver', { zxid: z(1, 4), type: OpCode.delete, session: T, path: '/a' });
    read(d, 3, z(1, 5), 0);
    expect(d.messages()).toEqual([]);
  });

  it('is quiet on replies without a zxid, on other sessions, and after an expiry', () => {
    const h = new History(new SingleSystemImageChecker());
    h.ret('c1', S, 1, OpCode.setData, '/a', 0, z(1, 5));
    h.ret('c1', S, 2, OpCode.getData, '/a', -4, -1);
    h.ret('c2', T, 1, OpCode.getData, '/a', 0, z(1, 2));
    h.ev('c1', 'client.expired', { session: S });
    h.ret('c1', S, 3, OpCode.getData, '/a', 0, z(1, 1));
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new SingleSystemImageChecker())).finish().messages()).toEqual([]);
  });
});
