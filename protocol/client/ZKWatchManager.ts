// ZKWatchManager of 3.8: the client's record of which watcher waits on which path, so a
// notification reaches the right watchers (materialize) and every watch can be set again on
// a new server after a reconnect (SetWatches).
import { EventType, KeeperState, WatcherType, type WatchedEvent } from '../data.ts';
import { Code } from '../errors.ts';

export type ClientWatcher = (event: WatchedEvent) => void;

type Table = Map<string, Set<ClientWatcher>>;

function add(t: Table, path: string, w: ClientWatcher): void {
  let s = t.get(path);
  if (!s) t.set(path, (s = new Set()));
  s.add(w);
}

function take(t: Table, path: string, into: Set<ClientWatcher>): void {
  const s = t.get(path);
  if (!s) return;
  for (const w of s) into.add(w);
  t.delete(path);
}

export class ZKWatchManager {
  readonly dataWatches: Table = new Map();
  readonly existWatches: Table = new Map();
  readonly childWatches: Table = new Map();
  readonly persistentWatches: Table = new Map();
  readonly persistentRecursiveWatches: Table = new Map();

  constructor(public defaultWatcher: ClientWatcher) {}

  addData(path: string, w: ClientWatcher): void {
    add(this.dataWatches, path, w);
  }
  addExist(path: string, w: ClientWatcher): void {
    add(this.existWatches, path, w);
  }
  addChild(path: string, w: ClientWatcher): void {
    add(this.childWatches, path, w);
  }
  addPersistent(path: string, w: ClientWatcher, recursive: boolean): void {
    add(recursive ? this.persistentRecursiveWatches : this.persistentWatches, path, w);
  }

  /** Which watchers an event reaches (one-time watches are consumed). */
  materialize(state: number, type: number, path: string | null): Set<ClientWatcher> {
    const result = new Set<ClientWatcher>();
    if (type === EventType.None) {
      result.add(this.defaultWatcher);
      for (const t of [
        this.dataWatches,
        this.existWatches,
        this.childWatches,
        this.persistentWatches,
        this.persistentRecursiveWatches,
      ]) {
        for (const s of t.values()) for (const w of s) result.add(w);
      }
      void state;
      return result;
    }
    const p = path ?? '';
    switch (type) {
      case EventType.NodeDataChanged:
      case EventType.NodeCreated:
        take(this.dataWatches, p, result);
        take(this.existWatches, p, result);
        break;
      case EventType.NodeChildrenChanged:
        take(this.childWatches, p, result);
        break;
      case EventType.NodeDeleted:
        take(this.dataWatches, p, result);
        take(this.existWatches, p, result);
        take(this.childWatches, p, result);
        break;
    }
    for (const w of this.persistentWatches.get(p) ?? []) result.add(w);
    if (type !== EventType.NodeChildrenChanged) {
      for (const [root, s] of this.persistentRecursiveWatches) {
        if (p === root || root === '/' || p.startsWith(`${root}/`)) for (const w of s) result.add(w);
      }
    }
    return result;
  }

  /**
   * ZKWatchManager.containsWatcher of 3.8.0: Children and Data also count a persistent or
   * persistent-recursive watch on the path (so the request goes on to the server, which then
   * answers NoWatcher if it has no watch of that type).
   */
  containsWatcher(path: string, type: number, w: ClientWatcher | null): boolean {
    const has = (t: Table) => {
      const s = t.get(path);
      return s !== undefined && (w === null ? s.size > 0 : s.has(w));
    };
    const persistent = has(this.persistentWatches) || has(this.persistentRecursiveWatches);
    switch (type) {
      case WatcherType.Children:
        return has(this.childWatches) || persistent;
      case WatcherType.Data:
        return has(this.dataWatches) || has(this.existWatches) || persistent;
      case WatcherType.Any:
        return has(this.childWatches) || has(this.dataWatches) || has(this.existWatches) || persistent;
      // Not in 3.8.0's WatcherType (3.9 added them): the one table.
      case WatcherType.Persistent:
        return has(this.persistentWatches);
      case WatcherType.PersistentRecursive:
        return has(this.persistentRecursiveWatches);
      default:
        return false;
    }
  }

  /**
   * ZKWatchManager.removeWatcher of 3.8.0, run when the server answered removeWatches with `rc`
   * (WatchDeregistration.unregister): the watchers removed, by the event each is told. Throws
   * the error code (a number) when nothing is removed: NoWatcher, or the server's error when
   * the removal is not local.
   */
  removeWatcher(
    path: string,
    w: ClientWatcher | null,
    type: number,
    local: boolean,
    rc: number,
  ): Map<number, Set<ClientWatcher>> {
    if (!this.containsWatcher(path, type, w)) throw Code.NOWATCHER;
    const child = new Set<ClientWatcher>();
    const data = new Set<ClientWatcher>();
    const persistent = new Set<ClientWatcher>();
    // A HashMap<EventType, Set<Watcher>> in 3.8.0, iterated in the enum constants' identity-hash
    // order, which differs from JVM to JVM; the recordings show DataWatchRemoved first.
    const removed = new Map<number, Set<ClientWatcher>>([
      [EventType.DataWatchRemoved, data],
      [EventType.ChildWatchRemoved, child],
      [EventType.PersistentWatchRemoved, persistent],
    ]);
    const take = (t: Table, into: Set<ClientWatcher>): boolean => {
      if (!local && rc !== Code.OK) throw rc;
      if (w === null) {
        const s = t.get(path);
        if (s === undefined) return false;
        t.delete(path);
        for (const x of s) into.add(x);
        return true;
      }
      const s = t.get(path);
      if (s === undefined || !s.delete(w)) return false;
      into.add(w);
      if (s.size === 0) t.delete(path);
      return true;
    };
    let ok = false;
    switch (type) {
      case WatcherType.Children:
        ok = take(this.childWatches, child);
        break;
      case WatcherType.Data:
        ok = take(this.dataWatches, data);
        ok = take(this.existWatches, data) || ok;
        break;
      case WatcherType.Any:
        ok = take(this.childWatches, child);
        ok = take(this.dataWatches, data) || ok;
        ok = take(this.existWatches, data) || ok;
        ok = take(this.persistentWatches, persistent) || ok;
        ok = take(this.persistentRecursiveWatches, persistent) || ok;
        break;
      case WatcherType.Persistent:
        ok = take(this.persistentWatches, persistent);
        break;
      case WatcherType.PersistentRecursive:
        ok = take(this.persistentRecursiveWatches, persistent);
        break;
    }
    if (!ok) throw Code.NOWATCHER;
    return removed;
  }

  /** Paths of every watch, for SetWatches after a reconnect. */
  paths() {
    const keys = (t: Table) => [...t.keys()];
    return {
      dataWatches: keys(this.dataWatches),
      existWatches: keys(this.existWatches),
      childWatches: keys(this.childWatches),
      persistentWatches: keys(this.persistentWatches),
      persistentRecursiveWatches: keys(this.persistentRecursiveWatches),
    };
  }

  hasWatches(): boolean {
    return [
      this.dataWatches,
      this.existWatches,
      this.childWatches,
      this.persistentWatches,
      this.persistentRecursiveWatches,
    ].some((t) => t.size > 0);
  }

  clear(): void {
    for (const t of [
      this.dataWatches,
      this.existWatches,
      this.childWatches,
      this.persistentWatches,
      this.persistentRecursiveWatches,
    ])
      t.clear();
  }
}

export { KeeperState };
