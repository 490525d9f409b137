// org.apache.zookeeper.server.watch.WatchManager (3.8.0) with its WatcherModeManager and
// PathParentIterator. DataTree keeps two: dataWatches and childWatches.
//
// 3.8.0 semantics, kept as they are:
//   - STANDARD watches are one-time: triggering removes them.
//   - PERSISTENT watches stay, and fire for every event on their own path (NodeChildrenChanged
//     included, through childWatches).
//   - PERSISTENT_RECURSIVE watches stay, and fire for their path and every descendant, except
//     for NodeChildrenChanged.
//   - A watcher collected more than once for one trigger (its own path and a recursive
//     ancestor) is notified once.
//   - The mode belongs to the (watcher, path) pair: adding a standard watch where the same
//     watcher holds a persistent one turns it into a standard one (WatcherModeManager keeps one
//     mode per pair; 3.9's WatchStats, ZOOKEEPER-4466, lets them coexist).
//   - containsWatcher(path, watcher) answers whether anyone watches the path (3.8.0 checks
//     the watch table of the path, not the watcher).
// Java iterates HashMaps/HashSets of watchers in identity-hash order; here everything is in
// insertion order, so runs are deterministic.
import { EventType, hex, KeeperState, type ACL, type WatchedEvent } from '../data.ts';

/** The server side of a watch: in the server, a client connection (ServerCnxn). */
export interface Watcher {
  /**
   * Deliver an event. znodeAcl is the ACL of the node the event is about (the parent's for
   * NodeChildrenChanged) or null/undefined when there is none to check: 3.8's ServerCnxn
   * drops the event unless checkACL(znodeAcl, READ) passes (the CVE-2024-23944 fix).
   */
  process(event: WatchedEvent, znodeAcl?: readonly ACL[] | null): void;
  /** ServerCnxn.getSessionId, printed by the wchc/wchp dumps (0 when absent). */
  readonly sessionId?: bigint;
  /** ServerCnxn.isStale: a closed connection gets no new watches. */
  isStale?(): boolean;
}

export const WatcherMode = {
  STANDARD: 'STANDARD',
  PERSISTENT: 'PERSISTENT',
  PERSISTENT_RECURSIVE: 'PERSISTENT_RECURSIVE',
} as const;
export type WatcherMode = (typeof WatcherMode)[keyof typeof WatcherMode];

export function isPersistent(mode: WatcherMode): boolean {
  return mode !== WatcherMode.STANDARD;
}
export function isRecursive(mode: WatcherMode): boolean {
  return mode === WatcherMode.PERSISTENT_RECURSIVE;
}

/** WatcherMode.fromZooDef: AddWatchMode 0 → PERSISTENT, 1 → PERSISTENT_RECURSIVE. */
export function watcherModeFromZooDef(mode: number): WatcherMode {
  if (mode === 0) return WatcherMode.PERSISTENT;
  if (mode === 1) return WatcherMode.PERSISTENT_RECURSIVE;
  throw new RangeError(`Unsupported mode: ${mode}`);
}

/** PathParentIterator: the path, then (forAll) each parent up to "/". */
function* pathAndParents(path: string, all: boolean): Generator<{ localPath: string; atParentPath: boolean }> {
  let p = path;
  let level = -1;
  const maxLevel = all ? Number.MAX_SAFE_INTEGER : 0;
  while (p.length > 0 && level < maxLevel) {
    const localPath = p;
    level++;
    if (p === '/') p = '';
    else {
      p = p.substring(0, p.lastIndexOf('/'));
      if (p.length === 0) p = '/';
    }
    yield { localPath, atParentPath: level > 0 };
  }
}

/** WatcherModeManager: the mode of each (watcher, path) pair that is not STANDARD. */
class WatcherModeManager {
  private readonly modes = new Map<Watcher, Map<string, WatcherMode>>();
  private recursiveQty = 0;

  setWatcherMode(watcher: Watcher, path: string, mode: WatcherMode): void {
    if (mode === WatcherMode.STANDARD) {
      this.removeWatcher(watcher, path);
      return;
    }
    let byPath = this.modes.get(watcher);
    if (byPath === undefined) this.modes.set(watcher, (byPath = new Map()));
    const old = byPath.get(path);
    byPath.set(path, mode);
    this.adjustRecursiveQty(old, mode);
  }

  getWatcherMode(watcher: Watcher, path: string): WatcherMode {
    return this.modes.get(watcher)?.get(path) ?? WatcherMode.STANDARD;
  }

  removeWatcher(watcher: Watcher, path: string): void {
    const byPath = this.modes.get(watcher);
    const old = byPath?.get(path);
    if (byPath !== undefined && old !== undefined) {
      byPath.delete(path);
      if (byPath.size === 0) this.modes.delete(watcher);
    }
    this.adjustRecursiveQty(old, WatcherMode.STANDARD);
  }

  getRecursiveQty(): number {
    return this.recursiveQty;
  }

  private adjustRecursiveQty(oldMode: WatcherMode | undefined, newMode: WatcherMode): void {
    const was = isRecursive(oldMode ?? WatcherMode.STANDARD);
    const now = isRecursive(newMode);
    if (was !== now) this.recursiveQty += now ? 1 : -1;
  }
}

/** WatchesSummary: the three numbers of wchs. */
export interface WatchesSummary {
  numConnections: number;
  numPaths: number;
  totalWatches: number;
}

export class WatchManager {
  private readonly watchTable = new Map<string, Set<Watcher>>();
  private readonly watch2Paths = new Map<Watcher, Set<string>>();
  private readonly watcherModeManager = new WatcherModeManager();

  /** Watches counted over the watch table (DataTree.getWatchCount adds both managers). */
  size(): number {
    let n = 0;
    for (const ws of this.watchTable.values()) n += ws.size;
    return n;
  }

  /** Returns whether the (watcher, path) pair is new; a stale watcher is ignored (false). */
  addWatch(path: string, watcher: Watcher, mode: WatcherMode = WatcherMode.STANDARD): boolean {
    if (watcher.isStale?.() === true) return false;
    let list = this.watchTable.get(path);
    if (list === undefined) this.watchTable.set(path, (list = new Set()));
    list.add(watcher);
    let paths = this.watch2Paths.get(watcher);
    if (paths === undefined) this.watch2Paths.set(watcher, (paths = new Set()));
    this.watcherModeManager.setWatcherMode(watcher, path, mode);
    const isNew = !paths.has(path);
    paths.add(path);
    return isNew;
  }

  /** A connection closed: drop all its watches. */
  removeWatcher(watcher: Watcher): void;
  /** removeWatches for one path: true if the watcher had a watch there. */
  removeWatcher(path: string, watcher: Watcher): boolean;
  removeWatcher(a: string | Watcher, b?: Watcher): boolean | undefined {
    if (typeof a !== 'string') {
      this.removeConnection(a);
      return undefined;
    }
    const path = a;
    const watcher = b!;
    const paths = this.watch2Paths.get(watcher);
    if (paths === undefined || !paths.delete(path)) return false;
    const list = this.watchTable.get(path);
    if (list === undefined || !list.delete(watcher)) return false;
    if (list.size === 0) this.watchTable.delete(path);
    this.watcherModeManager.removeWatcher(watcher, path);
    return true;
  }

  private removeConnection(watcher: Watcher): void {
    const paths = this.watch2Paths.get(watcher);
    if (paths === undefined) return;
    this.watch2Paths.delete(watcher);
    for (const p of paths) {
      const list = this.watchTable.get(p);
      if (list !== undefined) {
        list.delete(watcher);
        if (list.size === 0) this.watchTable.delete(p);
      }
      this.watcherModeManager.removeWatcher(watcher, p);
    }
  }

  /**
   * Fire the watches an event on `path` triggers. Returns every watcher collected (the
   * suppressed ones too, as 3.8's WatcherOrBitSet does); watchers in `suppress` are not
   * notified (deleteNode passes the data watchers so a child watcher is told once).
   */
  triggerWatch(
    path: string,
    type: EventType,
    zxid: number,
    acl: readonly ACL[] | null = null,
    suppress: ReadonlySet<Watcher> | null = null,
  ): Set<Watcher> {
    const event: WatchedEvent = { type, state: KeeperState.SyncConnected, path, zxid };
    const watchers = new Set<Watcher>();
    const all = this.watcherModeManager.getRecursiveQty() > 0;
    for (const { localPath, atParentPath } of pathAndParents(path, all)) {
      const these = this.watchTable.get(localPath);
      if (these === undefined || these.size === 0) continue;
      for (const watcher of these) {
        const mode = this.watcherModeManager.getWatcherMode(watcher, localPath);
        if (isRecursive(mode)) {
          if (type !== EventType.NodeChildrenChanged) watchers.add(watcher);
        } else if (!atParentPath) {
          watchers.add(watcher);
          if (!isPersistent(mode)) {
            these.delete(watcher);
            this.watch2Paths.get(watcher)?.delete(localPath);
          }
        }
      }
      if (these.size === 0) this.watchTable.delete(localPath);
    }
    for (const w of watchers) {
      if (suppress?.has(w) === true) continue;
      w.process(event, acl);
    }
    return watchers;
  }

  /** 3.8.0's containsWatcher: true when the path has any watch (see the header). */
  containsWatcher(path: string, watcher: Watcher): boolean {
    const mode = this.watcherModeManager.getWatcherMode(watcher, path);
    const all = this.watcherModeManager.getRecursiveQty() > 0;
    for (const { localPath, atParentPath } of pathAndParents(path, all)) {
      if (!atParentPath && this.watchTable.has(localPath)) return true;
      if (isRecursive(mode)) return true;
    }
    return false;
  }

  getRecursiveWatchQty(): number {
    return this.watcherModeManager.getRecursiveQty();
  }

  /** The mode of a (watcher, path) pair; STANDARD when it has none recorded. */
  getWatcherMode(watcher: Watcher, path: string): WatcherMode {
    return this.watcherModeManager.getWatcherMode(watcher, path);
  }

  /** WatchManager.toString: the wchs lines. */
  toString(): string {
    const s = this.getWatchesSummary();
    return `${s.numConnections} connections watching ${s.numPaths} paths\nTotal watches:${s.totalWatches}`;
  }

  /** wchp (byPath) / wchc dump text, as WatchManager.dumpWatches prints it. */
  dumpWatches(byPath: boolean): string {
    let out = '';
    if (byPath) {
      for (const [path, ws] of this.watchTable) {
        out += `${path}\n`;
        for (const w of ws) out += `\t${hex(w.sessionId ?? 0n)}\n`;
      }
    } else {
      for (const [w, paths] of this.watch2Paths) {
        out += `${hex(w.sessionId ?? 0n)}\n`;
        for (const p of paths) out += `\t${p}\n`;
      }
    }
    return out;
  }

  /** WatchesReport (wchc): session id → watched paths. */
  getWatches(): Map<bigint, string[]> {
    const r = new Map<bigint, string[]>();
    for (const [w, paths] of this.watch2Paths) r.set(w.sessionId ?? 0n, [...paths]);
    return r;
  }

  /** WatchesPathReport (wchp): path → session ids. */
  getWatchesByPath(): Map<string, bigint[]> {
    const r = new Map<string, bigint[]>();
    for (const [path, ws] of this.watchTable) r.set(path, [...new Set([...ws].map((w) => w.sessionId ?? 0n))]);
    return r;
  }

  getWatchesSummary(): WatchesSummary {
    let totalWatches = 0;
    for (const paths of this.watch2Paths.values()) totalWatches += paths.size;
    return { numConnections: this.watch2Paths.size, numPaths: this.watchTable.size, totalWatches };
  }
}
