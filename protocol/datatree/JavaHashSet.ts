// The iteration order of java.util.HashSet<String>, which 3.8 shows to clients: DataNode's
// children (getChildren returns new ArrayList<>(children)), a session's ephemerals
// (getEphemerals, the paths of a CloseSessionTxn) and the snapshot's node order all come out
// of a HashSet. String.hashCode is specified, so that order is deterministic and we reproduce
// it: a HashMap visits its buckets 0..cap-1 and each bucket's chain in insertion order (a
// resize splits a chain in two without reordering it), so the order is "by bucket index
// (spread hash & (cap-1)), then by insertion". What we track is the capacity, which grows as
// HashMap.resize grows it (load factor 0.75, and a chain reaching 9 entries in a table smaller
// than 64 doubles it instead of treeifying).
//
// Not reproduced: a chain of 9+ colliding names in a table of 64+ buckets, which Java turns
// into a red-black tree bin whose root moves to the front; such a bin keeps insertion order here.

const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;
const DEFAULT_INITIAL_CAPACITY = 16;

/** java.lang.String.hashCode (over UTF-16 code units, int overflow). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.hash: the high half folded into the low half. */
function spread(h: number): number {
  return (h ^ (h >>> 16)) | 0;
}

/** HashMap.tableSizeFor: the smallest power of two >= cap (at least 1). */
function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap) n *= 2;
  return n;
}

interface Entry {
  seq: number;
  hash: number;
}

export class JavaHashSet implements Iterable<string> {
  private readonly entries = new Map<string, Entry>();
  /** Table length; 0 until the first insertion allocates it. */
  private cap = 0;
  /** HashMap.threshold: the initial capacity until the table exists, then cap * 0.75. */
  private threshold: number;
  private nextSeq = 0;
  private readonly chainLengths = new Map<number, number>();
  private ordered: string[] | null = null;

  /** new HashSet<>() or new HashSet<>(initialCapacity). */
  constructor(initialCapacity?: number) {
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  /** HashSet.clone(): a table sized for the current size, filled in iteration order. */
  clone(): JavaHashSet {
    const copy = new JavaHashSet();
    const s = this.entries.size;
    if (s > 0) copy.threshold = tableSizeFor(Math.trunc(Math.fround(Math.fround(s / 0.75) + 1)));
    for (const e of this) copy.add(e);
    return copy;
  }

  /**
   * An exact duplicate — the same table length, threshold, insertion sequence and chains, so
   * it iterates as this set does and grows as it would (unlike clone(), which re-sizes): a
   * shared node's children, copied on its first change (NodeHashMap.mutable).
   */
  copy(): JavaHashSet {
    const c = new JavaHashSet();
    for (const [e, entry] of this.entries) c.entries.set(e, entry);
    for (const [b, n] of this.chainLengths) c.chainLengths.set(b, n);
    c.cap = this.cap;
    c.threshold = this.threshold;
    c.nextSeq = this.nextSeq;
    c.ordered = this.ordered;
    return c;
  }

  /** new HashSet<>(collection): capacity max(size / .75 + 1, 16), filled in the given order. */
  static from(items: Iterable<string>): JavaHashSet {
    const list = [...items];
    const set = new JavaHashSet(Math.max(Math.trunc(Math.fround(list.length / 0.75)) + 1, DEFAULT_INITIAL_CAPACITY));
    for (const e of list) set.add(e);
    return set;
  }

  get size(): number {
    return this.entries.size;
  }

  has(e: string): boolean {
    return this.entries.has(e);
  }

  add(e: string): boolean {
    if (this.entries.has(e)) return false;
    if (this.cap === 0) this.resize();
    const hash = spread(javaStringHash(e));
    this.entries.set(e, { seq: this.nextSeq++, hash });
    const bucket = hash & (this.cap - 1);
    const chain = (this.chainLengths.get(bucket) ?? 0) + 1;
    this.chainLengths.set(bucket, chain);
    // putVal: appending the 9th node of a chain calls treeifyBin, which resizes small tables.
    if (chain > TREEIFY_THRESHOLD && this.cap < MIN_TREEIFY_CAPACITY) this.resize();
    if (this.entries.size > this.threshold) this.resize();
    this.ordered = null;
    return true;
  }

  delete(e: string): boolean {
    const entry = this.entries.get(e);
    if (entry === undefined) return false;
    this.entries.delete(e);
    const bucket = entry.hash & (this.cap - 1);
    const chain = (this.chainLengths.get(bucket) ?? 1) - 1;
    if (chain === 0) this.chainLengths.delete(bucket);
    else this.chainLengths.set(bucket, chain);
    this.ordered = null;
    return true;
  }

  clear(): void {
    // HashMap.clear keeps the table.
    this.entries.clear();
    this.chainLengths.clear();
    this.ordered = null;
  }

  /** The elements in Java's iteration order. */
  values(): readonly string[] {
    if (this.ordered === null) {
      const mask = this.cap - 1;
      this.ordered = [...this.entries.entries()]
        .sort(([, a], [, b]) => (a.hash & mask) - (b.hash & mask) || a.seq - b.seq)
        .map(([e]) => e);
    }
    return this.ordered;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values()[Symbol.iterator]();
  }

  /** The table length (for tests). */
  get capacity(): number {
    return this.cap;
  }

  private resize(): void {
    const oldCap = this.cap;
    const oldThr = this.threshold;
    let newCap: number;
    let newThr = 0;
    if (oldCap > 0) {
      newCap = oldCap * 2;
      if (oldCap >= DEFAULT_INITIAL_CAPACITY) newThr = oldThr * 2;
    } else if (oldThr > 0) {
      newCap = oldThr;
    } else {
      newCap = DEFAULT_INITIAL_CAPACITY;
      newThr = Math.trunc(DEFAULT_INITIAL_CAPACITY * 0.75);
    }
    if (newThr === 0) newThr = Math.trunc(Math.fround(newCap * 0.75));
    this.cap = newCap;
    this.threshold = newThr;
    this.chainLengths.clear();
    for (const { hash } of this.entries.values()) {
      const bucket = hash & (newCap - 1);
      this.chainLengths.set(bucket, (this.chainLengths.get(bucket) ?? 0) + 1);
    }
    this.ordered = null;
  }
}
