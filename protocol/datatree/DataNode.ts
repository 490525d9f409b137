// org.apache.zookeeper.server.DataNode (3.8): a znode's data, ACL, persisted stat and the
// names of its children. What a client sees (Stat) is derived by copyStat, as 3.8 does:
//   - dataLength and numChildren are computed, not stored;
//   - the persisted cversion counts child creations only, and the client sees
//     cversion * 2 - numChildren (creations + deletions: "v3 semantics");
//   - ephemeralOwner is shown only for real ephemerals: containers and TTL nodes show 0.
import { dataLength, type ACL, type Stat } from '../data.ts';
import { EphemeralType, ephemeralTypeOf } from './EphemeralType.ts';
import { JavaHashSet } from './JavaHashSet.ts';

/** org.apache.zookeeper.data.StatPersisted: the stat as the tree and snapshots keep it. */
export interface StatPersisted {
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  version: number;
  /** Child creations under this node (see copyStat). */
  cversion: number;
  aversion: number;
  /** Session id, CONTAINER_EPHEMERAL_OWNER, a TTL encoding, or 0n (see EphemeralType). */
  ephemeralOwner: bigint;
  pzxid: number;
}

/** DataTree.createStat(zxid, time, ephemeralOwner). */
export function createStat(zxid: number, time: number, ephemeralOwner: bigint): StatPersisted {
  return {
    czxid: zxid,
    mzxid: zxid,
    ctime: time,
    mtime: time,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner,
    pzxid: zxid,
  };
}

/** new StatPersisted(): all zero (the special nodes /, /zookeeper, /zookeeper/quota, /zookeeper/config). */
export function emptyStatPersisted(): StatPersisted {
  return createStat(0, 0, 0n);
}

export class DataNode {
  /** null = no data (a null byte[] in Java); dataLength is its UTF-8 length. */
  data: string | null;
  acl: ACL[];
  stat: StatPersisted;
  /** DataNode.digest / digestCached: this node's DigestCalculator digest, -1 until computed. */
  digest = -1;
  /** Created on the first addChild as new HashSet<>(8), as in 3.8. */
  private children: JavaHashSet | null = null;

  constructor(data: string | null, acl: ACL[], stat: StatPersisted) {
    this.data = data;
    this.acl = acl;
    this.stat = stat;
  }

  /**
   * This node as a node of its own: data, ACL (replaced, never changed in place), a copy of the
   * stat, the cached digest and an exact copy of the children set. What a tree changes instead
   * of a node it shares with other trees (NodeHashMap.mutable).
   */
  copy(): DataNode {
    const c = new DataNode(this.data, this.acl, { ...this.stat });
    c.digest = this.digest;
    c.children = this.children === null ? null : this.children.copy();
    return c;
  }

  addChild(child: string): boolean {
    if (this.children === null) this.children = new JavaHashSet(8);
    return this.children.add(child);
  }

  removeChild(child: string): boolean {
    return this.children?.delete(child) ?? false;
  }

  hasChild(child: string): boolean {
    return this.children?.has(child) ?? false;
  }

  /** The child names in the order 3.8's HashSet iterates them. */
  getChildren(): readonly string[] {
    return this.children === null ? [] : this.children.values();
  }

  get numChildren(): number {
    return this.children === null ? 0 : this.children.size;
  }

  /** DataNode.copyStat: the Stat a client sees. */
  copyStat(extendedTypesEnabled: boolean): Stat {
    const numChildren = this.numChildren;
    const owner = this.stat.ephemeralOwner;
    return {
      czxid: this.stat.czxid,
      mzxid: this.stat.mzxid,
      ctime: this.stat.ctime,
      mtime: this.stat.mtime,
      version: this.stat.version,
      cversion: (this.stat.cversion * 2 - numChildren) | 0, // Java int arithmetic
      aversion: this.stat.aversion,
      ephemeralOwner: ephemeralTypeOf(owner, extendedTypesEnabled) === EphemeralType.NORMAL ? owner : 0n,
      dataLength: dataLength(this.data),
      numChildren,
      pzxid: this.stat.pzxid,
    };
  }
}
