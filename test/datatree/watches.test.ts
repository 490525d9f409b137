// Watches as 3.8.0's DataTree and WatchManager fire them.
import { describe, expect, it } from 'vitest';
import { AddWatchMode, EventType, Ids, WatcherType } from '../../protocol/data.ts';
import { DataTree } from '../../protocol/datatree/DataTree.ts';
import { WatcherMode, WatchManager } from '../../protocol/datatree/WatchManager.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { Applier, create, del, Rec, S2, setData } from './helpers.ts';

function setup() {
  const t = new DataTree();
  const a = new Applier(t);
  a.apply(create('/a', 'x'));
  a.apply(create('/a/b', 'y'));
  return { t, a };
}

describe('standard watches are one-time', () => {
  it('getData: NodeDataChanged once', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.getData('/a', w);
    a.apply(setData('/a', '1', 1));
    a.apply(setData('/a', '2', 2));
    expect(w.take()).toEqual(['NodeDataChanged /a']);
    expect(t.getWatchCount()).toBe(0);
  });

  it('exists on a missing node registers a data watch; the create fires NodeCreated', () => {
    const { t, a } = setup();
    const w = new Rec();
    let thrown: unknown;
    try {
      t.statNode('/a/new', w);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KeeperException);
    expect((thrown as KeeperException).code).toBe(Code.NONODE);
    a.apply(create('/a/new'));
    expect(w.take()).toEqual(['NodeCreated /a/new']);
  });

  it('getChildren: NodeChildrenChanged on the parent ("/" for a child of the root)', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.getChildren('/', w);
    t.getChildren('/a', w);
    a.apply(create('/top'));
    a.apply(create('/a/c'));
    a.apply(create('/a/d'));
    expect(w.take()).toEqual(['NodeChildrenChanged /', 'NodeChildrenChanged /a']);
  });

  it('delete: NodeDeleted once to a watcher holding data and child watches, NodeChildrenChanged to the parent', () => {
    const { t, a } = setup();
    const w = new Rec();
    const other = new Rec(S2);
    t.getData('/a/b', w);
    t.getChildren('/a/b', w);
    t.getChildren('/a/b', other);
    t.getChildren('/a', other);
    a.apply(del('/a/b'));
    expect(w.take()).toEqual(['NodeDeleted /a/b']);
    expect(other.take()).toEqual(['NodeDeleted /a/b', 'NodeChildrenChanged /a']);
    expect(t.getWatchCount()).toBe(0);
  });

  it('the event carries the node ACL (the parent ACL for NodeChildrenChanged) and the zxid', () => {
    const t = new DataTree();
    const a = new Applier(t);
    a.apply(create('/p', null, -1, false, Ids.READ_ACL_UNSAFE));
    const acl = [{ perms: 31, id: { scheme: 'ip', id: '10.0.0.1' } }];
    const w = new Rec();
    t.getChildren('/p', w);
    expect(() => t.statNode('/p/c', w)).toThrow('KeeperErrorCode = NoNode for /p/c');
    a.apply(create('/p/c', null, -1, false, acl));
    expect(w.take()).toEqual(['NodeCreated /p/c', 'NodeChildrenChanged /p']);
    expect(w.acls).toEqual([acl, Ids.READ_ACL_UNSAFE]);
    const m = new WatchManager();
    const seen: number[] = [];
    m.addWatch('/x', { process: (e) => seen.push(e.zxid) });
    m.triggerWatch('/x', EventType.NodeDataChanged, 0x100000007);
    expect(seen).toEqual([0x100000007]);
  });
});

describe('persistent and recursive watches (addWatch)', () => {
  it('PERSISTENT fires for every event on the path, NodeChildrenChanged included, and stays', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.addWatch('/a', w, AddWatchMode.PERSISTENT);
    a.apply(setData('/a', '1', 1));
    a.apply(setData('/a', '2', 2));
    a.apply(create('/a/c'));
    a.apply(setData('/a/b', 'z', 1)); // not its path
    a.apply(del('/a/c'));
    a.apply(del('/a/b'));
    a.apply(del('/a'));
    a.apply(create('/a'));
    expect(w.take()).toEqual([
      'NodeDataChanged /a',
      'NodeDataChanged /a',
      'NodeChildrenChanged /a',
      'NodeChildrenChanged /a',
      'NodeChildrenChanged /a',
      'NodeDeleted /a',
      'NodeCreated /a',
    ]);
  });

  it('PERSISTENT_RECURSIVE fires for the path and every descendant, never NodeChildrenChanged', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.addWatch('/a', w, AddWatchMode.PERSISTENT_RECURSIVE);
    a.apply(create('/a/b/c'));
    a.apply(setData('/a/b/c', 'q', 1));
    a.apply(setData('/a', 'q', 1));
    a.apply(del('/a/b/c'));
    a.apply(create('/ab')); // a sibling prefix, not a descendant
    expect(w.take()).toEqual([
      'NodeCreated /a/b/c',
      'NodeDataChanged /a/b/c',
      'NodeDataChanged /a',
      'NodeDeleted /a/b/c',
    ]);
    expect(t.watchManagers.data.getRecursiveWatchQty()).toBe(1);
  });

  it('a watcher collected on its path and through a recursive ancestor gets one event', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.addWatch('/', w, AddWatchMode.PERSISTENT_RECURSIVE);
    t.getData('/a/b', w);
    a.apply(setData('/a/b', 'n', 1));
    expect(w.take()).toEqual(['NodeDataChanged /a/b']);
  });

  it('3.8.0: a standard watch set on a persistent (watcher, path) turns it into a standard one', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.addWatch('/a', w, AddWatchMode.PERSISTENT);
    t.getData('/a', w);
    expect(t.watchManagers.data.getWatcherMode(w, '/a')).toBe(WatcherMode.STANDARD);
    a.apply(setData('/a', '1', 1));
    a.apply(setData('/a', '2', 2));
    expect(w.take()).toEqual(['NodeDataChanged /a']);
  });
});

describe('removing watches', () => {
  it('removeWatch by type; Any removes from both managers', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.getData('/a', w);
    t.getChildren('/a', w);
    expect(t.removeWatch('/a', WatcherType.Data, w)).toBe(true);
    expect(t.removeWatch('/a', WatcherType.Data, w)).toBe(false);
    a.apply(setData('/a', '1', 1));
    expect(w.take()).toEqual([]);
    t.addWatch('/a', w, AddWatchMode.PERSISTENT);
    expect(t.removeWatch('/a', WatcherType.Any, w)).toBe(true);
    a.apply(create('/a/zz'));
    a.apply(setData('/a', '2', 2));
    expect(w.take()).toEqual([]);
    expect(t.getWatchCount()).toBe(0);
    expect(() => t.removeWatch('/a', WatcherType.Persistent, w)).toThrow(
      'Invalid integer value for conversion to WatcherType',
    );
  });

  it("3.8.0's containsWatcher answers whether the path has any watch", () => {
    const { t } = setup();
    const w = new Rec();
    const other = new Rec(S2);
    expect(t.containsWatcher('/a', WatcherType.Data, w)).toBe(false);
    t.getData('/a', other);
    expect(t.containsWatcher('/a', WatcherType.Data, w)).toBe(true);
    expect(t.containsWatcher('/a', WatcherType.Children, w)).toBe(false);
    expect(t.containsWatcher('/a', WatcherType.Any, w)).toBe(true);
  });

  it('a closed connection loses every watch; a stale one gets none', () => {
    const { t, a } = setup();
    const w = new Rec();
    t.getData('/a', w);
    t.getChildren('/a', w);
    t.addWatch('/a/b', w, AddWatchMode.PERSISTENT_RECURSIVE);
    t.removeCnxn(w);
    a.apply(setData('/a', '1', 1));
    a.apply(create('/a/b/c'));
    expect(w.take()).toEqual([]);
    expect(t.getWatchCount()).toBe(0);
    expect(t.watchManagers.data.getRecursiveWatchQty()).toBe(0);
    const stale = Object.assign(new Rec(), { isStale: () => true });
    t.getData('/a', stale);
    expect(t.getWatchCount()).toBe(0);
  });
});

describe('setWatches after a reconnect', () => {
  it('fires what was missed since relativeZxid and re-registers the rest', () => {
    const { t, a } = setup(); // /a at zxid 1, /a/b at 2
    a.apply(setData('/a', 'changed', 1)); // 3
    a.apply(create('/exists')); // 4
    const w = new Rec();
    t.setWatches(2, ['/a', '/a/b', '/gone'], ['/exists', '/notyet'], ['/a', '/a/b', '/gone2'], ['/p'], ['/r'], w);
    expect(w.take()).toEqual(['NodeDataChanged /a', 'NodeDeleted /gone', 'NodeCreated /exists', 'NodeDeleted /gone2']);
    a.apply(setData('/a/b', 'n', 1));
    a.apply(create('/notyet'));
    a.apply(create('/a/b/k'));
    a.apply(create('/a/x')); // /a's child watch was registered (pzxid 2 <= 2)
    expect(w.take()).toEqual([
      'NodeDataChanged /a/b',
      'NodeCreated /notyet',
      'NodeChildrenChanged /a/b',
      'NodeChildrenChanged /a',
    ]);
  });
});

describe('four-letter-word views', () => {
  it('wchs, wchc and wchp count and print the data watches', () => {
    const { t } = setup();
    const w1 = new Rec(0x1234n);
    const w2 = new Rec(0xabcn);
    t.getData('/a', w1);
    t.getData('/a/b', w1);
    t.statNode('/a', w2);
    t.getChildren('/a', w2); // child watches are not in the dumps
    expect(t.dumpWatchesSummary()).toBe('2 connections watching 2 paths\nTotal watches:3');
    expect(t.dumpWatches(false)).toBe('0x1234\n\t/a\n\t/a/b\n0xabc\n\t/a\n');
    expect(t.dumpWatches(true)).toBe('/a\n\t0x1234\n\t0xabc\n/a/b\n\t0x1234\n');
    expect(t.getWatchesSummary()).toEqual({ numConnections: 2, numPaths: 2, totalWatches: 3 });
    expect(t.getWatches()).toEqual(
      new Map([
        [0x1234n, ['/a', '/a/b']],
        [0xabcn, ['/a']],
      ]),
    );
    expect(t.getWatchesByPath()).toEqual(
      new Map([
        ['/a', [0x1234n, 0xabcn]],
        ['/a/b', [0x1234n]],
      ]),
    );
    expect(t.getWatchCount()).toBe(4);
  });
});
