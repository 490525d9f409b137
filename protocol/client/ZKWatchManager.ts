// ZKWatchManager of 3.8: the client's record of which watcher waits on which path, so a
// notification reaches the right watchers (materialize) and every watch can be set again on
// a new server after a reconnect (SetWatches).
import { EventType, KeeperState, WatcherType, type WatchedEvent } from '../data.ts';

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
      for (const t of [this.dataWatches, this.existWatches, this.childWatches, this.persistentWatches, this.persistentRecursiveWatches]) {
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

  /** removeWatches on the client side: drop this watcher's watches of the type; true if any. */
  remove(path: string, type: number, w: ClientWatcher | null): boolean {
    const tables: Table[] = [];
    if (type === WatcherType.Data || type === WatcherType.Any) tables.push(this.dataWatches, this.existWatches);
    if (type === WatcherType.Children || type === WatcherType.Any) tables.push(this.childWatches);
    if (type === WatcherType.Persistent || type === WatcherType.Any) tables.push(this.persistentWatches);
    if (type === WatcherType.PersistentRecursive || type === WatcherType.Any) tables.push(this.persistentRecursiveWatches);
    let removed = false;
    for (const t of tables) {
      const s = t.get(path);
      if (!s) continue;
      if (w === null) {
        removed = s.size > 0 || removed;
        t.delete(path);
      } else if (s.delete(w)) {
        removed = true;
        if (s.size === 0) t.delete(path);
      }
    }
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
    return [this.dataWatches, this.existWatches, this.childWatches, this.persistentWatches, this.persistentRecursiveWatches].some((t) => t.size > 0);
  }

  clear(): void {
    for (const t of [this.dataWatches, this.existWatches, this.childWatches, this.persistentWatches, this.persistentRecursiveWatches]) t.clear();
  }
}

export { KeeperState };
