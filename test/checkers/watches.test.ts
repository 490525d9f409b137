import { describe, expect, it } from 'vitest';
import { EventType, KeeperState } from '../../protocol/data.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { WatchesChecker } from '../../sim/checkers/watches.ts';
import { History, S, goodRun, z } from './helpers.ts';

const NONODE = -101;

/** /a created at 0x100000001; c1 (session S) watches it with getData (version 0, at 0x100000001). */
function watched(): History {
  const h = new History(new WatchesChecker());
  h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 1, path: '/a' });
  h.ev('c1', 'client.call', { session: S, xid: 2, op: OpCode.getData, path: '/a', watch: 'data' });
  return h.ev('c1', 'client.return', {
    session: S,
    xid: 2,
    op: OpCode.getData,
    path: '/a',
    rc: 0,
    zxid: z(1, 1),
    data: 'v',
    version: 0,
  });
}

const event = (h: History, type: number, path: string) =>
  h.ev('c1', 'client.event', { session: S, type, state: KeeperState.SyncConnected, path, watchers: 1 });

describe('watches checker', () => {
  it('is quiet on a data watch that fires once for a later setData', () => {
    const h = watched();
    h.deliver(['s1'], z(1, 2), { type: OpCode.setData, session: S, cxid: 3, path: '/a' });
    event(h, EventType.NodeDataChanged, '/a');
    expect(h.messages()).toEqual([]);
  });

  it("a NodeDeleted for an older data watch also takes an exist watch set after the delete (ZKWatchManager.materialize); the server's later NodeCreated for it reaches no watcher (watchers 0): no violation", () => {
    const h = watched();
    // (a setACL lets the read below see the delete before the event: a withheld event)
    h.deliver(['s1'], z(1, 2), { type: OpCode.setACL, session: S, cxid: 2, path: '/a' });
    h.deliver(['s1'], z(1, 3), { type: OpCode.delete, session: S, cxid: 3, path: '/a' });
    // NONODE: an exist watch from 0x100000003, after the delete
    h.ev('c1', 'client.call', { session: S, xid: 4, op: OpCode.exists, path: '/a', watch: 'exist' });
    h.ev('c1', 'client.return', { session: S, xid: 4, op: OpCode.exists, path: '/a', rc: NONODE, zxid: z(1, 3) });
    event(h, EventType.NodeDeleted, '/a'); // for the data watch of 0x100000001
    h.deliver(['s1'], z(1, 4), { type: OpCode.create, session: S, cxid: 5, path: '/a' });
    h.ev('c1', 'client.event', {
      session: S,
      type: EventType.NodeCreated,
      state: KeeperState.SyncConnected,
      path: '/a',
      watchers: 0,
    });
    expect(h.messages()).toEqual([]);
    // the same NodeCreated reaching a watcher the client does not hold is a violation
    event(h, EventType.NodeCreated, '/a');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeCreated /a, but it holds no watch that event is for (never set, or it fired already)',
    ]);
  });

  it('a NodeDeleted no watch it takes is justified for still fires', () => {
    const h = new History(new WatchesChecker());
    h.ev('c1', 'client.call', { session: S, xid: 1, op: OpCode.exists, path: '/a', watch: 'exist' });
    h.ev('c1', 'client.return', { session: S, xid: 1, op: OpCode.exists, path: '/a', rc: NONODE, zxid: z(1, 0) });
    event(h, EventType.NodeDeleted, '/a');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeDeleted /a for its exist watch set at 0x100000000, but no such change of /a was committed after it',
    ]);
  });

  it('fires on a standard watch that fires twice', () => {
    const h = watched();
    h.deliver(['s1'], z(1, 2), { type: OpCode.setData, session: S, cxid: 3, path: '/a' });
    event(h, EventType.NodeDataChanged, '/a');
    h.deliver(['s1'], z(1, 3), { type: OpCode.setData, session: S, cxid: 4, path: '/a' });
    event(h, EventType.NodeDataChanged, '/a');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeDataChanged /a, but it holds no watch that event is for (never set, or it fired already)',
    ]);
  });

  it('fires on an event for a change the watch had already seen (ZOOKEEPER-1412: setWatches with a stale zxid)', () => {
    const h = watched();
    event(h, EventType.NodeDataChanged, '/a');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeDataChanged /a for its data watch set at 0x100000001, but no such change of /a was committed after it',
    ]);
  });

  it('fires on a read that sees the new data before the event', () => {
    const h = watched();
    h.deliver(['s1'], z(1, 2), { type: OpCode.setData, session: S, cxid: 3, path: '/a' });
    h.ev('c1', 'client.call', { session: S, xid: 4, op: OpCode.getData, path: '/a' });
    h.ev('c1', 'client.return', {
      session: S,
      xid: 4,
      op: OpCode.getData,
      path: '/a',
      rc: 0,
      zxid: z(1, 2),
      version: 1,
    });
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 read /a (version 1, at 0x100000002) while its data watch (set at 0x100000001, version 0) had not fired: new data before the event',
    ]);
  });

  it('matches event kinds: an exist watch fires NodeCreated, a child watch NodeChildrenChanged; a delete takes both', () => {
    const h = new History(new WatchesChecker());
    h.ev('c1', 'client.call', { session: S, xid: 1, op: OpCode.exists, path: '/b', watch: 'exist' });
    h.ev('c1', 'client.return', { session: S, xid: 1, op: OpCode.exists, path: '/b', rc: NONODE, zxid: z(1, 0) });
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 2, path: '/b' });
    event(h, EventType.NodeCreated, '/b');
    h.ev('c1', 'client.call', { session: S, xid: 3, op: OpCode.getChildren, path: '/b', watch: 'child' });
    h.ev('c1', 'client.return', { session: S, xid: 3, op: OpCode.getChildren, path: '/b', rc: 0, zxid: z(1, 1) });
    h.deliver(['s1'], z(1, 2), { type: OpCode.create, session: S, cxid: 4, path: '/b/c' });
    event(h, EventType.NodeChildrenChanged, '/b');
    // a NodeDataChanged for /b: no data watch was ever set on it
    event(h, EventType.NodeDataChanged, '/b');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeDataChanged /b, but it holds no watch that event is for (never set, or it fired already)',
    ]);
  });

  it('persistent recursive watches fire on every change below them, each change once', () => {
    const h = new History(new WatchesChecker());
    h.ev('c1', 'client.call', { session: S, xid: 1, op: OpCode.addWatch, path: '/r', watch: 'recursive' });
    h.ev('c1', 'client.return', { session: S, xid: 1, op: OpCode.addWatch, path: '/r', rc: 0, zxid: z(1, 0) });
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 2, path: '/r' });
    event(h, EventType.NodeCreated, '/r');
    h.deliver(['s1'], z(1, 2), {
      type: OpCode.multi,
      session: S,
      cxid: 3,
      ops: [
        { type: OpCode.create, path: '/r/x' },
        { type: OpCode.setData, path: '/r/x' },
      ],
    });
    event(h, EventType.NodeCreated, '/r/x');
    event(h, EventType.NodeDataChanged, '/r/x');
    expect(h.messages()).toEqual([]);
    event(h, EventType.NodeDataChanged, '/r/x');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeDataChanged /r/x for its recursive watch on /r (set at 0x100000000), but no such change of /r/x was committed that an earlier event did not stand for',
    ]);
  });

  it("a closing session still gets the events of its own closeSession's ephemeral deletes, and none of a later change", () => {
    const h = new History(new WatchesChecker());
    h.ev('c1', 'client.call', { session: S, xid: 1, op: OpCode.addWatch, path: '/', watch: 'persistent' });
    h.ev('c1', 'client.return', { session: S, xid: 1, op: OpCode.addWatch, path: '/', rc: 0, zxid: z(1, 0) });
    h.deliver(['s1'], z(1, 1), { type: OpCode.create, session: S, cxid: 2, path: '/e', ephemeralOwner: S });
    event(h, EventType.NodeChildrenChanged, '/');
    // closeSession removes /e: the server sends NodeChildrenChanged / before it closes the connection
    h.deliver(['s1'], z(1, 2), { type: OpCode.closeSession, session: S, cxid: 3, paths: ['/e'] });
    event(h, EventType.NodeChildrenChanged, '/');
    expect(h.messages()).toEqual([]);
    h.deliver(['s1'], z(1, 3), { type: OpCode.create, session: 0x2000n, cxid: 1, path: '/x' });
    event(h, EventType.NodeChildrenChanged, '/');
    expect(h.messages()).toEqual([
      'watches: c1 session 0x1000 got NodeChildrenChanged / for a change at 0x100000003, after its session was closed at 0x100000002: a watch of a session that ended is gone',
    ]);
  });

  it('a path whose ACL a setACL changed may read new data before an event (one withheld for want of READ)', () => {
    const h = watched();
    h.deliver(['s1'], z(1, 2), { type: OpCode.setACL, session: S, cxid: 3, path: '/a' });
    h.deliver(['s1'], z(1, 3), { type: OpCode.setData, session: S, cxid: 4, path: '/a' });
    h.ev('c1', 'client.call', { session: S, xid: 5, op: OpCode.exists, path: '/a' });
    h.ev('c1', 'client.return', {
      session: S,
      xid: 5,
      op: OpCode.exists,
      path: '/a',
      rc: 0,
      zxid: z(1, 3),
      version: 1,
    });
    expect(h.messages()).toEqual([]);
    // the client still holds the watch (the server withheld its event): set again on a
    // reconnect, it fires there, and that is no violation either
    event(h, EventType.NodeDataChanged, '/a');
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new WatchesChecker())).finish().messages()).toEqual([]);
  });
});
