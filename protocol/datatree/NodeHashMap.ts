// org.apache.zookeeper.server.NodeHashMapImpl (3.8): a tree's path → DataNode map. The digest
// that 3.8 keeps in it lives in DataTree (preChange/postChange); this is the map.
//
// zksim adds what a JVM per server never needs: every server of a simulated ensemble lives in
// one heap, so a large snapshot loaded by many servers would be that many copies of the same
// nodes (101 servers × 1,000,000 znodes does not fit in 4 GB). A map can therefore be made
// over a shared, never-changed base (share): its reads fall through to the base, and a node it
// is about to change is copied into the map first (mutable). What a tree serves is the same as
// with a map of its own (test/datatree/node-hash-map.test.ts runs the same txns on both).
import type { DataNode } from './DataNode.ts';

export class NodeHashMap implements Iterable<[string, DataNode]> {
  /** This map's own entries: every node it created or changed. */
  private readonly own = new Map<string, DataNode>();
  /** The shared nodes under it (never changed), or null. */
  private base: ReadonlyMap<string, DataNode> | null = null;
  /** Paths of the base removed from this map. */
  private readonly gone = new Set<string>();
  /** Visible entries, kept only over a base (without one, the own map's size is the count). */
  private count = 0;

  get size(): number {
    return this.base === null ? this.own.size : this.count;
  }

  get(path: string): DataNode | undefined {
    const n = this.own.get(path);
    if (n !== undefined || this.base === null || this.gone.has(path)) return n;
    return this.base.get(path);
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  set(path: string, node: DataNode): void {
    if (this.base !== null && !this.has(path)) this.count++;
    this.own.set(path, node);
  }

  delete(path: string): boolean {
    if (this.base === null) return this.own.delete(path);
    if (!this.has(path)) return false;
    this.count--;
    this.own.delete(path);
    if (this.base.has(path)) this.gone.add(path);
    return true;
  }

  clear(): void {
    this.own.clear();
    this.gone.clear();
    this.base = null;
    this.count = 0;
  }

  /** Start over as a view of `base`, which neither this map nor anyone else changes again. */
  share(base: ReadonlyMap<string, DataNode>): void {
    this.clear();
    this.base = base;
    this.count = base.size;
  }

  /**
   * The node at `path`, to be changed: this map's own (a shared node is copied in first), or
   * undefined when there is none. Every change to a node of the tree goes through here.
   */
  mutable(path: string): DataNode | undefined {
    const n = this.own.get(path);
    if (n !== undefined || this.base === null || this.gone.has(path)) return n;
    const shared = this.base.get(path);
    if (shared === undefined) return undefined;
    const c = shared.copy();
    this.own.set(path, c);
    return c;
  }

  /** The map's own entries, for a tree that shares them once it is done with them (DataTree.sharedBase). */
  ownEntries(): ReadonlyMap<string, DataNode> {
    if (this.base !== null) throw new Error('a map over a shared base has no whole map of its own');
    return this.own;
  }

  *keys(): IterableIterator<string> {
    for (const [path] of this) yield path;
  }

  /** Own entries first, then the shared ones still visible (the callers only sum and count). */
  [Symbol.iterator](): IterableIterator<[string, DataNode]> {
    return this.base === null ? this.own.entries() : this.overBase(this.base);
  }

  private *overBase(base: ReadonlyMap<string, DataNode>): IterableIterator<[string, DataNode]> {
    yield* this.own;
    for (const e of base) if (!this.own.has(e[0]) && !this.gone.has(e[0])) yield e;
  }
}
