// org.apache.zookeeper.server.DataTree (3.8.0): the znodes, applied transactions, watches,
// ephemerals, containers, TTL nodes and quota bookkeeping of one server. Sans-IO: what 3.8
// logs at WARN/ERROR lands in `warnings` for the server to trace.
//
// Kept from 3.8.0 on purpose (see test/datatree for each):
//   - nodes maps both "" and "/" to the root (getNodeCount counts both, the root's children
//     have parent "" internally);
//   - the special nodes /, /zookeeper, /zookeeper/quota, /zookeeper/config have an all-zero
//     stat; /zookeeper/config is world:anyone READ with aversion -1, the others OPEN_ACL_UNSAFE;
//   - create: the parent's cversion becomes the txn's parentCVersion (-1: current + 1) and
//     its pzxid the zxid, only if that cversion is larger than the current one;
//   - delete: the parent's pzxid becomes the zxid if larger; its persisted cversion does not
//     change (the client sees cversion * 2 - numChildren, see DataNode.copyStat);
//   - errors of processTxn are KeeperException codes in the result; other failures 3.8 does
//     not catch (a RuntimeException, e.g. a zookeeper_limits node right under
//     /zookeeper/quota) are thrown, as they would take the Java server down.
import {
  dataLength,
  EventType,
  hex,
  Ids,
  KeeperState,
  WatcherType,
  type AddWatchMode,
  type ACL,
  type Stat,
} from '../data.ts';
import { Code, KeeperException } from '../errors.ts';
import { OpCode, type CloseSessionTxn, type CreateTxn, type Txn, type TxnHeader } from '../server/txn.ts';
import { calculateDigest } from './DigestCalculator.ts';
import { createStat, DataNode, emptyStatPersisted, type StatPersisted } from './DataNode.ts';
import { CONTAINER_EPHEMERAL_OWNER, EphemeralType, ephemeralTypeOf, ttlToEphemeralOwner } from './EphemeralType.ts';
import { JavaHashSet } from './JavaHashSet.ts';
import { NodeHashMap } from './NodeHashMap.ts';
import { getChildName } from './PathUtils.ts';
import {
  limitNode,
  PathTrie,
  procZookeeper,
  quotaZookeeper,
  statNode,
  statPath,
  StatsTrack,
  trimQuotaPath,
  type QuotaView,
} from './Quotas.ts';
import { WatcherMode, WatchManager, watcherModeFromZooDef, type Watcher } from './WatchManager.ts';

export const rootZookeeper = '/';
export const configZookeeper = '/zookeeper/config';

/** DataTree.ProcessTxnResult. */
export interface ProcessTxnResult {
  clientId: bigint;
  cxid: number;
  zxid: number;
  /** A Code (0 = OK). */
  err: number;
  /** The OpCode the txn was applied as (OpCode.error for the sub-txns of a failed multi). */
  type: number;
  path?: string;
  stat?: Stat;
  multiResult?: ProcessTxnResult[];
}

export interface DataTreeOptions {
  /** zookeeper.extendedTypesEnabled (default false, as in 3.8): TTL nodes exist only with it. */
  extendedTypesEnabled?: boolean;
}

/** A node of a snapshot, in the order DataTree.serializeNode writes them (root is ""). */
export interface SnapshotNode {
  path: string;
  data: string | null;
  acl: ACL[];
  stat: {
    czxid: number;
    mzxid: number;
    ctime: number;
    mtime: number;
    version: number;
    cversion: number;
    aversion: number;
    /** Hex, as Long.toHexString prints it ("0", "8000000000000000"). */
    ephemeralOwner: string;
    pzxid: number;
  };
}

/** DataTree.serialize: plain, JSON-able. */
export interface DataTreeSnapshot {
  nodes: SnapshotNode[];
}

function copyAcl(acl: readonly ACL[]): ACL[] {
  return acl.map((a) => ({ perms: a.perms, id: { scheme: a.id.scheme, id: a.id.id } }));
}

/** DataTree.getNodeSize: path length (UTF-16 units, String.length) plus data bytes. */
function nodeSize(path: string, data: string | null): number {
  return path.length + dataLength(data);
}

/** Where 3.8 splits a path: parentName is "" for a child of the root. */
function splitPath(path: string): { parentName: string; childName: string } {
  const lastSlash = path.lastIndexOf('/');
  return { parentName: path.substring(0, lastSlash), childName: path.substring(lastSlash + 1) };
}

/** Where DataTree reports ServerMetrics (mntr): bytes per top-level znode, watchers per trigger. */
export interface TreeMetrics {
  read(namespace: string, bytes: number): void;
  write(namespace: string, bytes: number): void;
  /** node_created/deleted/changed/children_watch_count: the watchers one trigger collected. */
  watchers(summary: string, n: number): void;
}

/** PathUtils.getTopNamespace: the first name of the path (null for "/"). */
function topNamespace(path: string): string | null {
  const parts = path.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length > 1 ? parts[1]! : null;
}

const WATCH_SUMMARY: Partial<Record<EventType, string>> = {
  [EventType.NodeCreated]: 'node_created_watch_count',
  [EventType.NodeDeleted]: 'node_deleted_watch_count',
  [EventType.NodeDataChanged]: 'node_changed_watch_count',
  [EventType.NodeChildrenChanged]: 'node_children_watch_count',
};

export class DataTree implements QuotaView {
  /** Set by the server that serves this tree. */
  metrics: TreeMetrics | undefined;
  private readonly nodes = new NodeHashMap();
  private readonly dataWatches = new WatchManager();
  private readonly childWatches = new WatchManager();
  private nodeDataSize = 0;
  private readonly pTrie = new PathTrie();
  private readonly ephemerals = new Map<bigint, JavaHashSet>();
  private readonly containers = new Set<string>();
  private readonly ttls = new Set<string>();
  private root: DataNode;
  readonly extendedTypesEnabled: boolean;
  /**
   * The tree's digest (3.8's NodeHashMapImpl AdHash, ZOOKEEPER-3114): the sum of every node's
   * DigestCalculator digest, kept up to date as nodes are added, changed and removed.
   */
  digest = 0;
  /** The highest zxid applied (processTxn of a whole txn, never a sub-txn). */
  lastProcessedZxid = 0;
  /** What 3.8 logs at WARN/ERROR while applying txns; the server drains and traces it. */
  readonly warnings: string[] = [];

  constructor(options: DataTreeOptions = {}) {
    this.extendedTypesEnabled = options.extendedTypesEnabled ?? false;
    this.root = new DataNode('', Ids.OPEN_ACL_UNSAFE, emptyStatPersisted());
    const procDataNode = new DataNode('', Ids.OPEN_ACL_UNSAFE, emptyStatPersisted());
    const quotaDataNode = new DataNode('', Ids.OPEN_ACL_UNSAFE, emptyStatPersisted());
    this.nodes.set('', this.root);
    this.nodes.set(rootZookeeper, this.root); // putWithoutDigest: one node, counted once as ""
    this.root.addChild(getChildName(procZookeeper));
    this.nodes.set(procZookeeper, procDataNode);
    procDataNode.addChild(getChildName(quotaZookeeper));
    this.nodes.set(quotaZookeeper, quotaDataNode);
    this.addConfigNode();
    this.digest = this.nodeDigest('', this.root) + this.nodeDigest(procZookeeper, procDataNode);
    this.nodeDataSize = this.approximateDataSize();
  }

  /** DataTree.addConfigNode: /zookeeper/config, world:anyone READ, aversion -1 (ZOOKEEPER-2014). */
  private addConfigNode(): void {
    this.nodes.get(procZookeeper)!.addChild(getChildName(configZookeeper));
    this.nodes.set(configZookeeper, new DataNode('', [], emptyStatPersisted()));
    this.setACL(configZookeeper, Ids.READ_ACL_UNSAFE, -1);
  }

  // ---- digest (NodeHashMapImpl.put/remove/preChange/postChange) -----------------------

  private nodeDigest(path: string, node: DataNode): number {
    if (node.digest < 0) node.digest = calculateDigest(path, node.data, node.stat);
    return node.digest;
  }

  /** NodeHashMapImpl.preChange: take the node's digest out before its data or stat changes. */
  private preChange(path: string, node: DataNode): void {
    this.digest -= this.nodeDigest(path, node);
  }

  /** NodeHashMapImpl.postChange: put its new digest in. */
  private postChange(path: string, node: DataNode): void {
    node.digest = -1;
    this.digest += this.nodeDigest(path, node);
  }

  /** DataTree.getTreeDigest. */
  getTreeDigest(): number {
    return this.digest;
  }

  /** The digest of one node (DigestCalculator.calculateDigest), for reports; undefined if absent. */
  getNodeDigest(path: string): number | undefined {
    const n = this.nodes.get(path);
    return n === undefined ? undefined : this.nodeDigest(path, n);
  }

  isSpecialPath(path: string): boolean {
    return path === rootZookeeper || path === procZookeeper || path === quotaZookeeper || path === configZookeeper;
  }

  /**
   * The node at path, to be changed (NodeHashMap.mutable: a node shared with other trees is
   * copied first). The root is both "" and "/": a copy of it takes both names.
   */
  private mutable(path: string): DataNode | undefined {
    const n = this.nodes.mutable(path);
    if (n !== undefined && n !== this.root && (path === '' || path === rootZookeeper)) {
      this.root = n;
      this.nodes.set('', n);
      this.nodes.set(rootZookeeper, n);
    }
    return n;
  }

  // ---- lookups and counters --------------------------------------------------------

  getNode(path: string): DataNode | undefined {
    return this.nodes.get(path);
  }

  /** A node's data, undefined when there is no such node (Quotas.checkQuota reads through this). */
  getNodeData(path: string): string | null | undefined {
    return this.nodes.get(path)?.data;
  }

  /** nodes.size(): the root counts twice ("" and "/"), as in 3.8 (the stat/mntr node count). */
  getNodeCount(): number {
    return this.nodes.size;
  }

  getWatchCount(): number {
    return this.dataWatches.size() + this.childWatches.size();
  }

  getEphemeralsCount(): number {
    let n = 0;
    for (const set of this.ephemerals.values()) n += set.size;
    return n;
  }

  /** Sum over nodes of path length + data bytes (the "" alias and "/" both counted). */
  approximateDataSize(): number {
    let n = 0;
    for (const [path, node] of this.nodes) n += nodeSize(path, node.data);
    return n;
  }

  /** The incrementally kept size (3.8 does not count quota stats rewrites in it). */
  cachedApproximateDataSize(): number {
    return this.nodeDataSize;
  }

  /** A session's ephemerals in the order 3.8's getEphemerals returns them (a HashSet clone). */
  getEphemerals(sessionId: bigint): string[] {
    return [...this.getEphemeralsSet(sessionId)];
  }

  /** The clone itself, for Prep's closeSession (it adds/removes outstanding changes to it). */
  getEphemeralsSet(sessionId: bigint): JavaHashSet {
    return this.ephemerals.get(sessionId)?.clone() ?? new JavaHashSet();
  }

  /** Sessions that own ephemerals (ConcurrentHashMap order in 3.8; insertion order here). */
  getSessions(): bigint[] {
    return [...this.ephemerals.keys()];
  }

  /** DataTree.getEphemerals(): session → its ephemerals (each as new HashSet<>(set)). */
  getEphemeralsMap(): Map<bigint, string[]> {
    const m = new Map<bigint, string[]>();
    for (const [session, set] of this.ephemerals) m.set(session, [...JavaHashSet.from(set)]);
    return m;
  }

  /**
   * Container paths as new HashSet<>(containers) iterates them (for the ContainerManager);
   * names in one hash bucket keep creation order here, ConcurrentHashMap order in 3.8.
   */
  getContainers(): string[] {
    return [...JavaHashSet.from(this.containers)];
  }

  /** TTL node paths, ordered as getContainers. */
  getTtls(): string[] {
    return [...JavaHashSet.from(this.ttls)];
  }

  /** "dump" (the 4lw): "Sessions with Ephemerals (N):", then "0x<id>:" and "\t<path>" lines. */
  dumpEphemerals(): string {
    let out = `Sessions with Ephemerals (${this.ephemerals.size}):\n`;
    for (const [session, set] of this.ephemerals) {
      out += `${hex(session)}:\n`;
      for (const path of set) out += `\t${path}\n`;
    }
    return out;
  }

  // ---- quotas ----------------------------------------------------------------------

  /** The nearest quota'd ancestor-or-self of path, or null (the root never has a quota). */
  getMaxPrefixWithQuota(path: string): string | null {
    const lastPrefix = this.pTrie.findMaxPrefix(path);
    return lastPrefix === rootZookeeper || lastPrefix === '' ? null : lastPrefix;
  }

  /** Adds to count and bytes in the prefix's zookeeper_stats node (its data only). */
  updateQuotaStat(lastPrefix: string, bytesDiff: number, countDiff: number): void {
    const statNodePath = statPath(lastPrefix);
    const node = this.mutable(statNodePath);
    if (node === undefined) {
      this.warnings.push(`Missing node for stat ${statNodePath}`);
      return;
    }
    const updated = new StatsTrack(node.data);
    updated.setCount(updated.getCount() + countDiff);
    updated.setBytes(updated.getBytes() + bytesDiff);
    node.data = updated.toString();
  }

  private getCounts(path: string, counts: { bytes: number; count: number }): void {
    const node = this.nodes.get(path);
    if (node === undefined) return;
    counts.count += 1;
    counts.bytes += dataLength(node.data);
    for (const child of node.getChildren()) this.getCounts(`${path}/${child}`, counts);
  }

  /** Recounts a quota'd subtree into its stats node ("count=N,bytes=B"). */
  private updateQuotaForPath(path: string): void {
    const c = { bytes: 0, count: 0 };
    this.getCounts(path, c);
    const track = new StatsTrack();
    track.setBytes(c.bytes);
    track.setCount(c.count);
    const sp = statPath(path);
    const node = this.mutable(sp);
    if (node === undefined) {
      this.warnings.push(`Missing quota stat node ${sp}`);
      return;
    }
    node.data = track.toString();
  }

  /** After loading a snapshot: every zookeeper_limits leaf marks the trie and is recounted. */
  private traverseNode(path: string): void {
    const node = this.nodes.get(path)!;
    const children = node.getChildren();
    if (children.length === 0) {
      const endString = `/${limitNode}`;
      if (path.endsWith(endString)) {
        const realPath = path.substring(quotaZookeeper.length, path.indexOf(endString));
        this.updateQuotaForPath(realPath);
        this.pTrie.addPath(realPath);
      }
      return;
    }
    for (const child of [...children]) this.traverseNode(`${path}/${child}`);
  }

  private setupQuota(): void {
    if (this.nodes.has(quotaZookeeper)) this.traverseNode(quotaZookeeper);
  }

  // ---- the changes -----------------------------------------------------------------

  private isEphemeralKind(owner: bigint): EphemeralType {
    return ephemeralTypeOf(owner, this.extendedTypesEnabled);
  }

  /**
   * DataTree.createNode. Throws KeeperException NONODE (no parent) or NODEEXISTS (the
   * parent already lists the name). parentCVersion -1 means "the parent's cversion + 1".
   */
  createNode(
    path: string,
    data: string | null,
    acl: readonly ACL[],
    ephemeralOwner: bigint,
    parentCVersion: number,
    zxid: number,
    time: number,
  ): Stat {
    const { parentName, childName } = splitPath(path);
    const stat = createStat(zxid, time, ephemeralOwner);
    const parent = this.mutable(parentName);
    if (parent === undefined) throw new KeeperException(Code.NONODE, path);
    const parentAcl = parent.acl;
    if (parent.hasChild(childName)) throw new KeeperException(Code.NODEEXISTS, path);
    if (parentCVersion === -1) parentCVersion = parent.stat.cversion + 1;
    // Replaying a create of a node created and deleted within a fuzzy snapshot must not
    // move cversion/pzxid backwards.
    if (parentCVersion > parent.stat.cversion) {
      this.preChange(parentName, parent);
      parent.stat.cversion = parentCVersion;
      parent.stat.pzxid = zxid;
      this.postChange(parentName, parent);
    }
    const child = new DataNode(data, copyAcl(acl), stat);
    parent.addChild(childName);
    this.nodeDataSize += nodeSize(path, child.data);
    this.nodes.set(path, child);
    this.digest += this.nodeDigest(path, child);
    const kind = this.isEphemeralKind(ephemeralOwner);
    if (kind === EphemeralType.CONTAINER) this.containers.add(path);
    else if (kind === EphemeralType.TTL) this.ttls.add(path);
    else if (ephemeralOwner !== 0n) {
      let list = this.ephemerals.get(ephemeralOwner);
      if (list === undefined) this.ephemerals.set(ephemeralOwner, (list = new JavaHashSet()));
      list.add(path);
    }
    const outputStat = child.copyStat(this.extendedTypesEnabled);

    if (parentName.startsWith(quotaZookeeper)) {
      if (childName === limitNode) this.pTrie.addPath(trimQuotaPath(parentName));
      if (childName === statNode) this.updateQuotaForPath(trimQuotaPath(parentName));
    }
    const lastPrefix = this.getMaxPrefixWithQuota(path);
    if (lastPrefix !== null) this.updateQuotaStat(lastPrefix, dataLength(data), 1);
    this.updateWriteStat(path, dataLength(data));

    this.trigger(this.dataWatches, path, EventType.NodeCreated, zxid, child.acl);
    this.trigger(
      this.childWatches,
      parentName === '' ? '/' : parentName,
      EventType.NodeChildrenChanged,
      zxid,
      parentAcl,
    );
    return outputStat;
  }

  /**
   * DataTree.deleteNode. The parent loses the name and gets pzxid = zxid (if larger) before
   * the node itself is looked up, so a NONODE for a missing child still moves pzxid.
   */
  deleteNode(path: string, zxid: number): void {
    const { parentName, childName } = splitPath(path);
    const parent = this.mutable(parentName);
    if (parent === undefined) throw new KeeperException(Code.NONODE, path);
    parent.removeChild(childName);
    if (zxid > parent.stat.pzxid) {
      this.preChange(parentName, parent);
      parent.stat.pzxid = zxid;
      this.postChange(parentName, parent);
    }

    const node = this.nodes.get(path);
    if (node === undefined) throw new KeeperException(Code.NONODE, path);
    this.nodes.delete(path);
    this.digest -= this.nodeDigest(path, node);
    const acl = node.acl;
    this.nodeDataSize -= nodeSize(path, node.data);
    const parentAcl = parent.acl;
    const owner = node.stat.ephemeralOwner;
    const kind = this.isEphemeralKind(owner);
    if (kind === EphemeralType.CONTAINER) this.containers.delete(path);
    else if (kind === EphemeralType.TTL) this.ttls.delete(path);
    else if (owner !== 0n) this.ephemerals.get(owner)?.delete(path);

    if (parentName.startsWith(procZookeeper) && childName === limitNode) {
      this.pTrie.deletePath(trimQuotaPath(parentName));
    }
    const lastPrefix = this.getMaxPrefixWithQuota(path);
    if (lastPrefix !== null) this.updateQuotaStat(lastPrefix, -dataLength(node.data), -1);
    this.updateWriteStat(path, 0);

    const processed = this.trigger(this.dataWatches, path, EventType.NodeDeleted, zxid, acl);
    this.trigger(this.childWatches, path, EventType.NodeDeleted, zxid, acl, processed);
    this.trigger(
      this.childWatches,
      parentName === '' ? '/' : parentName,
      EventType.NodeChildrenChanged,
      zxid,
      parentAcl,
    );
  }

  /** DataTree.setData: version is the new dataVersion Prep computed. */
  setData(path: string, data: string | null, version: number, zxid: number, time: number): Stat {
    const n = this.mutable(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    const lastData = n.data;
    this.preChange(path, n);
    n.data = data;
    n.stat.mtime = time;
    n.stat.mzxid = zxid;
    n.stat.version = version;
    this.postChange(path, n);
    const s = n.copyStat(this.extendedTypesEnabled);
    const lastPrefix = this.getMaxPrefixWithQuota(path);
    if (lastPrefix !== null) this.updateQuotaStat(lastPrefix, dataLength(data) - dataLength(lastData), 0);
    this.nodeDataSize += nodeSize(path, data) - nodeSize(path, lastData);
    this.updateWriteStat(path, dataLength(data));
    this.trigger(this.dataWatches, path, EventType.NodeDataChanged, zxid, n.acl);
    return s;
  }

  /** DataTree.setACL: version is the new aversion. No watch fires. */
  setACL(path: string, acl: readonly ACL[], version: number): Stat {
    const n = this.mutable(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    this.preChange(path, n);
    n.stat.aversion = version;
    n.acl = copyAcl(acl);
    this.postChange(path, n);
    return n.copyStat(this.extendedTypesEnabled);
  }

  /**
   * DataTree.setCversionPzxid: raise the cversion (-1: by one) and set pzxid, only if the
   * new cversion is larger. A trailing "/" is ignored.
   */
  setCversionPzxid(path: string, newCversion: number, zxid: number): void {
    if (path.endsWith('/')) path = path.substring(0, path.length - 1);
    const node = this.mutable(path);
    if (node === undefined) throw new KeeperException(Code.NONODE, path);
    if (newCversion === -1) newCversion = node.stat.cversion + 1;
    if (newCversion > node.stat.cversion) {
      this.preChange(path, node);
      node.stat.cversion = newCversion;
      node.stat.pzxid = zxid;
      this.postChange(path, node);
    }
  }

  /** DataTree.updateReadStat: path length + data bytes + a stat's 68. */
  private updateReadStat(path: string, bytes: number): void {
    const ns = topNamespace(path);
    if (ns !== null) this.metrics?.read(ns, path.length + bytes + 68);
  }

  /** DataTree.updateWriteStat. */
  private updateWriteStat(path: string, bytes: number): void {
    const ns = topNamespace(path);
    if (ns !== null) this.metrics?.write(ns, path.length + bytes);
  }

  /** WatchManager.triggerWatch, with its metric of the watchers it collected. */
  private trigger(
    manager: WatchManager,
    path: string,
    type: EventType,
    zxid: number,
    acl: readonly ACL[] | null,
    suppress?: ReadonlySet<Watcher> | null,
  ): Set<Watcher> {
    const w = manager.triggerWatch(path, type, zxid, acl, suppress ?? null);
    const summary = WATCH_SUMMARY[type];
    if (w.size > 0 && summary !== undefined) this.metrics?.watchers(summary, w.size);
    return w;
  }

  // ---- reads -------------------------------------------------------------------------

  /** getData: sets a data watch when a watcher is given. */
  getData(path: string, watcher?: Watcher | null): { data: string | null; stat: Stat } {
    const n = this.nodes.get(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    const stat = n.copyStat(this.extendedTypesEnabled);
    if (watcher) this.dataWatches.addWatch(path, watcher);
    this.updateReadStat(path, dataLength(n.data));
    return { data: n.data, stat };
  }

  /** exists: the data watch is set even when the node does not exist (then NONODE is thrown). */
  statNode(path: string, watcher?: Watcher | null): Stat {
    if (watcher) this.dataWatches.addWatch(path, watcher);
    const n = this.nodes.get(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    const stat = n.copyStat(this.extendedTypesEnabled);
    this.updateReadStat(path, 0);
    return stat;
  }

  /** getChildren (and getChildren2's stat): names in 3.8's HashSet order. */
  getChildren(path: string, watcher?: Watcher | null): { children: string[]; stat: Stat } {
    const n = this.nodes.get(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    const stat = n.copyStat(this.extendedTypesEnabled);
    const children = [...n.getChildren()];
    if (watcher) this.childWatches.addWatch(path, watcher);
    this.updateReadStat(
      path,
      children.reduce((b, c) => b + c.length, 0),
    );
    return { children, stat };
  }

  /** getAllChildrenNumber: all descendants ("/" counts every node but the root's two entries). */
  getAllChildrenNumber(path: string): number {
    if (path === '/') return this.nodes.size - 2;
    let n = 0;
    for (const key of this.nodes.keys()) if (key.startsWith(`${path}/`)) n++;
    return n;
  }

  getACL(path: string): { acl: ACL[]; stat: Stat } {
    const n = this.nodes.get(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    return { acl: copyAcl(n.acl), stat: n.copyStat(this.extendedTypesEnabled) };
  }

  // ---- watches -----------------------------------------------------------------------

  /** addWatch (3.8.0): the mode goes to both the data and the child watch manager. */
  addWatch(basePath: string, watcher: Watcher, mode: AddWatchMode | number): void {
    const watcherMode = watcherModeFromZooDef(mode);
    this.dataWatches.addWatch(basePath, watcher, watcherMode);
    this.childWatches.addWatch(basePath, watcher, watcherMode);
  }

  /** A connection closed: drop its watches. */
  removeCnxn(watcher: Watcher): void {
    this.dataWatches.removeWatcher(watcher);
    this.childWatches.removeWatcher(watcher);
  }

  /**
   * setWatches after a reconnect: fire at once what the client missed since relativeZxid
   * (NodeDeleted / NodeDataChanged for data watches, NodeCreated for exist watches,
   * NodeDeleted / NodeChildrenChanged for child watches), re-register the rest. These
   * events carry zxid -1 and no ACL (3.8.0 delivers them unchecked).
   */
  setWatches(
    relativeZxid: number,
    dataWatches: readonly string[],
    existWatches: readonly string[],
    childWatches: readonly string[],
    persistentWatches: readonly string[],
    persistentRecursiveWatches: readonly string[],
    watcher: Watcher,
  ): void {
    const fire = (type: EventType, path: string) =>
      watcher.process({ type, state: KeeperState.SyncConnected, path, zxid: -1 });
    for (const path of dataWatches) {
      const node = this.nodes.get(path);
      if (node === undefined) fire(EventType.NodeDeleted, path);
      else if (node.stat.mzxid > relativeZxid) fire(EventType.NodeDataChanged, path);
      else this.dataWatches.addWatch(path, watcher);
    }
    for (const path of existWatches) {
      if (this.nodes.has(path)) fire(EventType.NodeCreated, path);
      else this.dataWatches.addWatch(path, watcher);
    }
    for (const path of childWatches) {
      const node = this.nodes.get(path);
      if (node === undefined) fire(EventType.NodeDeleted, path);
      else if (node.stat.pzxid > relativeZxid) fire(EventType.NodeChildrenChanged, path);
      else this.childWatches.addWatch(path, watcher);
    }
    for (const path of persistentWatches) {
      this.childWatches.addWatch(path, watcher, WatcherMode.PERSISTENT);
      this.dataWatches.addWatch(path, watcher, WatcherMode.PERSISTENT);
    }
    for (const path of persistentRecursiveWatches) {
      this.childWatches.addWatch(path, watcher, WatcherMode.PERSISTENT_RECURSIVE);
      this.dataWatches.addWatch(path, watcher, WatcherMode.PERSISTENT_RECURSIVE);
    }
  }

  private static checkWatcherType(type: WatcherType | number): void {
    // 3.8's Watcher.WatcherType has Children(1), Data(2), Any(3) only.
    if (type !== WatcherType.Children && type !== WatcherType.Data && type !== WatcherType.Any) {
      throw new Error('Invalid integer value for conversion to WatcherType');
    }
  }

  /** checkWatches: 3.8.0's WatchManager.containsWatcher (true when the path has any watch). */
  containsWatcher(path: string, type: WatcherType | number, watcher: Watcher): boolean {
    DataTree.checkWatcherType(type);
    if (type === WatcherType.Children) return this.childWatches.containsWatcher(path, watcher);
    if (type === WatcherType.Data) return this.dataWatches.containsWatcher(path, watcher);
    return this.childWatches.containsWatcher(path, watcher) || this.dataWatches.containsWatcher(path, watcher);
  }

  /** removeWatches: whatever the mode of the watch (Any removes from both managers). */
  removeWatch(path: string, type: WatcherType | number, watcher: Watcher): boolean {
    DataTree.checkWatcherType(type);
    if (type === WatcherType.Children) return this.childWatches.removeWatcher(path, watcher);
    if (type === WatcherType.Data) return this.dataWatches.removeWatcher(path, watcher);
    const child = this.childWatches.removeWatcher(path, watcher);
    const data = this.dataWatches.removeWatcher(path, watcher);
    return child || data;
  }

  /** wchs: the data watches' summary (3.8 reports dataWatches only). */
  dumpWatchesSummary(): string {
    return this.dataWatches.toString();
  }

  /** wchp (byPath) / wchc: the data watches. */
  dumpWatches(byPath: boolean): string {
    return this.dataWatches.dumpWatches(byPath);
  }

  getWatches(): Map<bigint, string[]> {
    return this.dataWatches.getWatches();
  }

  getWatchesByPath(): Map<string, bigint[]> {
    return this.dataWatches.getWatchesByPath();
  }

  getWatchesSummary(): { numConnections: number; numPaths: number; totalWatches: number } {
    return this.dataWatches.getWatchesSummary();
  }

  /** The two managers, for tests and the four-letter words. */
  get watchManagers(): { data: WatchManager; child: WatchManager } {
    return { data: this.dataWatches, child: this.childWatches };
  }

  // ---- transactions ------------------------------------------------------------------

  /** DataTree.processTxn: applies a logged txn; failures are codes in the result. */
  processTxn(hdr: TxnHeader, txn: Txn, isSubTxn = false): ProcessTxnResult {
    const rc: ProcessTxnResult = {
      clientId: hdr.clientId,
      cxid: hdr.cxid,
      zxid: hdr.zxid,
      err: Code.OK,
      type: hdr.type,
    };
    try {
      this.apply(hdr, txn, rc);
    } catch (e) {
      if (e instanceof KeeperException) rc.err = e.code;
      else if (e instanceof InvalidMultiOpError) {
        // 3.8 catches the IOException and returns the partial result as it stands.
      } else throw e;
    }

    // A create failing with NODEEXISTS during replay (a fuzzy snapshot already holds a node
    // of the same name) still moves the parent's cversion/pzxid forward.
    if (hdr.type === OpCode.create && rc.err === Code.NODEEXISTS) {
      const path = rc.path!;
      const parentName = path.substring(0, path.lastIndexOf('/'));
      try {
        this.setCversionPzxid(parentName, (txn as CreateTxn).parentCVersion, hdr.zxid);
      } catch (e) {
        if (!(e instanceof KeeperException)) throw e;
        this.warnings.push(`Failed to set parent cversion for: ${parentName}`);
        rc.err = e.code;
      }
    }
    if (!isSubTxn && rc.zxid > this.lastProcessedZxid) this.lastProcessedZxid = rc.zxid;
    return rc;
  }

  private apply(hdr: TxnHeader, txn: Txn, rc: ProcessTxnResult): void {
    switch (hdr.type) {
      case OpCode.create:
      case OpCode.create2: {
        const t = asTxn(txn, OpCode.create, OpCode.create2);
        rc.path = t.path;
        const stat = this.createNode(
          t.path,
          t.data,
          t.acl,
          t.ephemeral ? hdr.clientId : 0n,
          t.parentCVersion,
          hdr.zxid,
          hdr.time,
        );
        if (hdr.type === OpCode.create2) rc.stat = stat;
        return;
      }
      case OpCode.createTTL: {
        const t = asTxn(txn, OpCode.createTTL);
        rc.path = t.path;
        rc.stat = this.createNode(
          t.path,
          t.data,
          t.acl,
          ttlToEphemeralOwner(t.ttl),
          t.parentCVersion,
          hdr.zxid,
          hdr.time,
        );
        return;
      }
      case OpCode.createContainer: {
        const t = asTxn(txn, OpCode.createContainer);
        rc.path = t.path;
        rc.stat = this.createNode(
          t.path,
          t.data,
          t.acl,
          CONTAINER_EPHEMERAL_OWNER,
          t.parentCVersion,
          hdr.zxid,
          hdr.time,
        );
        return;
      }
      case OpCode.delete:
      case OpCode.deleteContainer: {
        const t = asTxn(txn, OpCode.delete, OpCode.deleteContainer);
        rc.path = t.path;
        this.deleteNode(t.path, hdr.zxid);
        return;
      }
      case OpCode.reconfig:
      case OpCode.setData: {
        const t = asTxn(txn, OpCode.setData);
        rc.path = t.path;
        rc.stat = this.setData(t.path, t.data, t.version, hdr.zxid, hdr.time);
        return;
      }
      case OpCode.setACL: {
        const t = asTxn(txn, OpCode.setACL);
        rc.path = t.path;
        rc.stat = this.setACL(t.path, t.acl, t.version);
        return;
      }
      case OpCode.closeSession: {
        const t = asTxn(txn, OpCode.closeSession);
        this.killSession(hdr.clientId, hdr.zxid, t);
        return;
      }
      case OpCode.error: {
        rc.err = asTxn(txn, OpCode.error).err;
        return;
      }
      case OpCode.check: {
        rc.path = asTxn(txn, OpCode.check).path;
        return;
      }
      case OpCode.multi: {
        this.applyMulti(hdr, asTxn(txn, OpCode.multi).txns, rc);
        return;
      }
      default:
        // createSession and the rest change nothing in the tree.
        return;
    }
  }

  /**
   * A multi's sub-txns share the header's zxid and time. If any sub-txn is an ErrorTxn (Prep
   * failed the multi), none is applied: those before it become ErrorTxn(OK), those after it
   * ErrorTxn(RUNTIMEINCONSISTENCY) (Prep already wrote them so). The multi's err is the first
   * non-zero sub-err.
   */
  private applyMulti(hdr: TxnHeader, txns: readonly Txn[], rc: ProcessTxnResult): void {
    rc.multiResult = [];
    const failed = txns.some((t) => t.type === OpCode.error);
    let postFailed = false;
    for (const sub of txns) {
      if (!MULTI_SUB_TYPES.has(sub.type)) throw new InvalidMultiOpError(`Invalid type of op: ${sub.type}`);
      if (sub.type === OpCode.error) postFailed = true;
      let record: Txn = sub;
      if (failed && sub.type !== OpCode.error) {
        record = { type: OpCode.error, err: postFailed ? Code.RUNTIMEINCONSISTENCY : Code.OK };
      }
      const subHdr: TxnHeader = {
        clientId: hdr.clientId,
        cxid: hdr.cxid,
        zxid: hdr.zxid,
        time: hdr.time,
        type: record.type,
      };
      const subRc = this.processTxn(subHdr, record, true);
      rc.multiResult.push(subRc);
      if (subRc.err !== 0 && rc.err === 0) rc.err = subRc.err;
    }
  }

  /**
   * closeSession: delete the txn's paths (in txn order), then any other ephemeral the tree
   * still lists for the session (3.8 warns about those).
   */
  private killSession(session: bigint, zxid: number, txn: CloseSessionTxn): void {
    const local = this.ephemerals.get(session);
    this.ephemerals.delete(session);
    this.deleteNodes(session, zxid, txn.paths2Delete);
    if (local === undefined) return;
    for (const path of txn.paths2Delete) local.delete(path);
    if (local.size > 0) {
      this.warnings.push(
        `Unexpected extra paths under session [${[...local].join(', ')}] which are not in txn 0x${zxid.toString(16)}`,
      );
    }
    this.deleteNodes(session, zxid, [...local]);
  }

  private deleteNodes(session: bigint, zxid: number, paths: Iterable<string>): void {
    for (const path of paths) {
      try {
        this.deleteNode(path, zxid);
      } catch (e) {
        if (!(e instanceof KeeperException)) throw e;
        this.warnings.push(
          `Ignoring NoNodeException for path ${path} while removing ephemeral for dead session ${hex(session)}`,
        );
      }
    }
  }

  // ---- snapshots -------------------------------------------------------------------

  /** DataTree.serialize: a depth-first walk from the root (path ""), children in HashSet order. */
  serialize(): DataTreeSnapshot {
    const out: SnapshotNode[] = [];
    const walk = (path: string) => {
      const node = this.nodes.get(path);
      if (node === undefined) return;
      out.push({ path, data: node.data, acl: copyAcl(node.acl), stat: snapshotStat(node.stat) });
      for (const child of [...node.getChildren()]) walk(`${path}/${child}`);
    };
    walk('');
    return { nodes: out };
  }

  /**
   * One node as a snapshot holds it, with its children's paths (in HashSet order), or
   * undefined if it is gone: the step of a fuzzy snapshot that walks the tree while txns
   * keep being applied.
   */
  serializeNode(path: string): { node: SnapshotNode; children: string[] } | undefined {
    const node = this.nodes.get(path);
    if (node === undefined) return undefined;
    return {
      node: { path, data: node.data, acl: copyAcl(node.acl), stat: snapshotStat(node.stat) },
      children: node.getChildren().map((c) => `${path}/${c}`),
    };
  }

  /** DataTree.deserialize into a fresh tree; quota stats are recounted as 3.8 does on load. */
  static deserialize(snapshot: DataTreeSnapshot, options: DataTreeOptions = {}): DataTree {
    const tree = new DataTree(options);
    tree.load(snapshot);
    return tree;
  }

  private load(snapshot: DataTreeSnapshot): void {
    const shared = sharedLoad(snapshot, this.extendedTypesEnabled);
    if (shared === undefined) {
      this.loadOwn(snapshot);
      return;
    }
    // The nodes as loadOwn leaves them, shared; the small sets are this tree's own copies.
    this.nodes.share(shared.nodes);
    this.root = shared.root;
    for (const [owner, set] of shared.ephemerals) this.ephemerals.set(owner, set.copy());
    for (const p of shared.containers) this.containers.add(p);
    for (const p of shared.ttls) this.ttls.add(p);
    this.digest = shared.digest;
    this.nodeDataSize = shared.nodeDataSize;
    this.pTrie.clear();
    // The quota trie is the tree's own; the recount writes what the shared load wrote.
    this.setupQuota();
  }

  /** The base a large, frozen snapshot's trees share: a tree loaded from it by loadOwn, never changed again. */
  static sharedBase(snapshot: DataTreeSnapshot, extendedTypesEnabled: boolean): SharedTree {
    const t = new DataTree({ extendedTypesEnabled });
    t.loadOwn(snapshot);
    return {
      nodes: t.nodes.ownEntries(),
      root: t.root,
      ephemerals: t.ephemerals,
      containers: t.containers,
      ttls: t.ttls,
      digest: t.digest,
      nodeDataSize: t.nodeDataSize,
    };
  }

  private loadOwn(snapshot: DataTreeSnapshot): void {
    // DataTree.deserialize reads each node's ACL as a reference into the snapshot's
    // ReferenceCountedACLCache: nodes with equal ACLs share one list (never changed in place:
    // setACL replaces a node's list).
    const acls = new AclCache();
    this.nodes.clear();
    this.pTrie.clear();
    this.nodeDataSize = 0;
    for (const sn of snapshot.nodes) {
      const node = new DataNode(sn.data, acls.get(sn.acl), parseSnapshotStat(sn.stat));
      this.nodes.set(sn.path, node);
      const lastSlash = sn.path.lastIndexOf('/');
      if (lastSlash === -1) {
        this.root = node;
        continue;
      }
      const parentPath = sn.path.substring(0, lastSlash);
      const parent = this.nodes.get(parentPath);
      if (parent === undefined)
        throw new Error(`Invalid Datatree, unable to find parent ${parentPath} of path ${sn.path}`);
      parent.addChild(sn.path.substring(lastSlash + 1));
      const owner = node.stat.ephemeralOwner;
      const kind = this.isEphemeralKind(owner);
      if (kind === EphemeralType.CONTAINER) this.containers.add(sn.path);
      else if (kind === EphemeralType.TTL) this.ttls.add(sn.path);
      else if (owner !== 0n) {
        let list = this.ephemerals.get(owner);
        if (list === undefined) this.ephemerals.set(owner, (list = new JavaHashSet()));
        list.add(sn.path);
      }
    }
    this.nodes.set(rootZookeeper, this.root);
    // DataTree.deserialize → nodes.put: every node's digest ("/" is the root's alias: once).
    this.digest = 0;
    for (const [p, n] of this.nodes) if (p !== rootZookeeper) this.digest += this.nodeDigest(p, n);
    this.nodeDataSize = this.approximateDataSize();
    this.setupQuota();
  }

  /**
   * A canonical text of the tree for comparisons: one line per node in path order with data,
   * ACL, persisted stat and sorted children, then the ephemerals, containers and TTL nodes.
   * Two trees that serve the same reads have the same dump (child order aside, which depends
   * on the HashSet's history).
   */
  canonicalDump(): string {
    const lines: string[] = [];
    const paths = [...this.nodes.keys()].filter((p) => p !== '').sort();
    for (const path of paths) {
      const n = this.nodes.get(path)!;
      const s = n.stat;
      const acl = n.acl.map((a) => `${a.id.scheme}:${a.id.id}:${a.perms}`).join(',');
      lines.push(
        `${path} data=${JSON.stringify(n.data)} acl=[${acl}] czxid=${s.czxid} mzxid=${s.mzxid} pzxid=${s.pzxid} ctime=${s.ctime} mtime=${s.mtime} ` +
          `version=${s.version} cversion=${s.cversion} aversion=${s.aversion} owner=${hex(s.ephemeralOwner)} children=[${[...n.getChildren()].sort().join(',')}]`,
      );
    }
    const sessions = [...this.ephemerals.entries()]
      .filter(([, set]) => set.size > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [session, set] of sessions) lines.push(`ephemerals ${hex(session)} [${[...set].sort().join(',')}]`);
    lines.push(`containers [${[...this.containers].sort().join(',')}]`);
    lines.push(`ttls [${[...this.ttls].sort().join(',')}]`);
    return lines.join('\n');
  }
}

/** The lines of two trees' canonical dumps that differ (empty when the trees agree). */
export function compareTrees(a: DataTree, b: DataTree): string[] {
  const la = a.canonicalDump().split('\n');
  const lb = b.canonicalDump().split('\n');
  const sb = new Set(lb);
  const sa = new Set(la);
  return [...la.filter((l) => !sb.has(l)).map((l) => `- ${l}`), ...lb.filter((l) => !sa.has(l)).map((l) => `+ ${l}`)];
}

/** ReferenceCountedACLCache as deserialize fills it: one list per distinct ACL. */
class AclCache {
  private readonly lists = new Map<string, ACL[]>();
  get(acl: readonly ACL[]): ACL[] {
    let key = '';
    for (const a of acl) key += `${a.perms}\u0000${a.id.scheme}\u0000${a.id.id}\u0001`;
    let list = this.lists.get(key);
    if (list === undefined) this.lists.set(key, (list = copyAcl(acl)));
    return list;
  }
}

/** What the trees loaded from one large snapshot share (DataTree.sharedBase). */
interface SharedTree {
  readonly nodes: ReadonlyMap<string, DataNode>;
  readonly root: DataNode;
  readonly ephemerals: ReadonlyMap<bigint, JavaHashSet>;
  readonly containers: ReadonlySet<string>;
  readonly ttls: ReadonlySet<string>;
  readonly digest: number;
  readonly nodeDataSize: number;
}

/**
 * Snapshots of at least this many nodes share their loaded nodes between the trees that load
 * them, when the snapshot is frozen (as FileSnap.read and the record cache hand them out: one
 * value for every reader of the same bytes). Tests lower it to run small trees shared.
 */
export const SHARED_LOAD = { minNodes: 10_000 };

const sharedBases = new WeakMap<DataTreeSnapshot, SharedTree[]>();

/** The shared base of a snapshot, or undefined when it is loaded by each tree on its own. */
function sharedLoad(snapshot: DataTreeSnapshot, extendedTypesEnabled: boolean): SharedTree | undefined {
  if (snapshot.nodes.length < SHARED_LOAD.minNodes || !Object.isFrozen(snapshot)) return undefined;
  let bases = sharedBases.get(snapshot);
  if (bases === undefined) sharedBases.set(snapshot, (bases = []));
  const i = extendedTypesEnabled ? 1 : 0;
  return (bases[i] ??= DataTree.sharedBase(snapshot, extendedTypesEnabled));
}

/** The IOException of processTxn's multi branch ("Invalid type of op"). */
class InvalidMultiOpError extends Error {}

const MULTI_SUB_TYPES = new Set<number>([
  OpCode.create,
  OpCode.createTTL,
  OpCode.createContainer,
  OpCode.delete,
  OpCode.deleteContainer,
  OpCode.setData,
  OpCode.error,
  OpCode.check,
]);

function asTxn<T extends Txn['type']>(txn: Txn, ...types: T[]): Extract<Txn, { type: T }> {
  if (!(types as number[]).includes(txn.type)) {
    throw new Error(`ClassCastException: txn of type ${txn.type} applied as ${types.join('/')}`);
  }
  return txn as Extract<Txn, { type: T }>;
}

function snapshotStat(s: StatPersisted): SnapshotNode['stat'] {
  return { ...s, ephemeralOwner: s.ephemeralOwner.toString(16) };
}

function parseSnapshotStat(s: SnapshotNode['stat']): StatPersisted {
  return { ...s, ephemeralOwner: BigInt(`0x${s.ephemeralOwner}`) };
}
