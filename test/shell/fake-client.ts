// A test double of ZooKeeperClient: an in-memory standalone "server" (FakeServer) with any number
// of sessions, behaving like ZooKeeper 3.8 as far as zkCli can tell: zxids (one per write, failed
// writes included), stored-vs-reported cversion, sequential names, ephemerals, containers and TTL
// nodes with a reaper, ACLs (world, ip with CIDR, digest, auth), one-shot and persistent watches,
// quota stats and hard-quota enforcement, multi, Java HashSet orders where the server leaks them.
// It is not the client library and not the data tree: only what the shell tests need.
import { createHash } from 'node:crypto';
import type {
  ClientInfo,
  ClientState,
  Op,
  OpResult,
  WatchListener,
  ZooKeeperClient,
} from '../../protocol/client/api.ts';
import {
  type ACL,
  type AddWatchMode,
  CreateMode,
  EventType,
  type Id,
  KeeperState,
  Perms,
  type Stat,
  type WatcherType,
  dataLength,
  isEphemeral,
  isSequential,
  isTTL,
} from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';

interface Node {
  data: string | null;
  acl: ACL[];
  /** cversion here is the stored one: a count of child creations. */
  stat: Stat;
  children: Set<string>;
  /** Table size of the Java HashSet holding the children (8, doubled past 3/4 full, never shrunk). */
  capacity: number;
}

/** Tue Aug 20 05:29:52 UTC 2019: the fake clock's start (it moves only when told to: advance()). */
export const FAKE_EPOCH = 1566278992000;
const CONTAINER_OWNER = -(2n ** 63n); // EphemeralType.CONTAINER
const TTL_BASE = -(2n ** 56n); // 0xff00000000000000: EphemeralType.TTL

export interface FakeOptions {
  connectString?: string;
  /** zookeeper.extendedTypesEnabled: TTL nodes allowed (else the server answers Unimplemented). */
  extendedTypes?: boolean;
  /** zookeeper.enforceQuota: hard quotas (-N/-B) refuse writes. */
  enforceQuota?: boolean;
  /** Data of /zookeeper/config (standalone: empty). */
  config?: string;
  /** multi rejects with the failing op's KeeperException instead of resolving with error results. */
  multiRejects?: boolean;
}

/** String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Iteration order of a java.util.HashMap/HashSet/ConcurrentHashMap of this table size: by bucket, then insertion. */
export function javaHashOrder<T>(items: Iterable<T>, capacity: number, hash: (t: T) => number): T[] {
  const bucket = (t: T) => {
    const h = hash(t);
    return (h ^ (h >>> 16)) & 0x7fffffff & (capacity - 1);
  };
  return [...items]
    .map((t, i) => ({ t, i, b: bucket(t) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.t);
}

function grow(capacity: number, size: number): number {
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** jute Id.hashCode. */
function idHash(id: Id): number {
  return (Math.imul(37, (Math.imul(37, 17) + javaHash(id.scheme)) | 0) + javaHash(id.id)) | 0;
}

/**
 * DataNode.copyStat: clients see 0 as the ephemeralOwner of containers and TTL nodes, and the
 * stored cversion as 2 * cversion - numChildren ("for every create there is a delete except for
 * the children still present"): -1 for a fresh root.
 */
function view(n: Node): Stat {
  return {
    ...n.stat,
    cversion: n.stat.cversion * 2 - n.children.size,
    ephemeralOwner: n.stat.ephemeralOwner > 0n ? n.stat.ephemeralOwner : 0n,
  };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.substring(0, i);
}

function ipMatches(ip: string, pattern: string): boolean {
  const [net, bitsText] = pattern.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const toInt = (a: string) => a.split('.').reduce((acc, o) => (acc << 8) | Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) >>> 0 === (toInt(net!) & mask) >>> 0;
}

/** IPAuthenticationProvider.isValid: a dotted quad, optionally /bits. */
function validIp(text: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (m === null) return false;
  return m.slice(1, 5).every((o) => Number(o) <= 255) && (m[5] === undefined || Number(m[5]) <= 32);
}

export class FakeServer {
  readonly nodes = new Map<string, Node>();
  readonly sessions: FakeZooKeeper[] = [];
  /** DataTree.pTrie: the paths that have a zookeeper_limits node. */
  private readonly quotaRoots = new Set<string>();
  zxid = 0;
  now = FAKE_EPOCH;
  private nextSession = 0x100000abcd0000n;

  constructor(readonly opts: FakeOptions = {}) {
    this.nodes.set('/', this.newNode('', [], 0n, 0, 0));
    this.attach('/zookeeper', this.newNode('', [], 0n, 0, 0));
    this.attach('/zookeeper/quota', this.newNode('', [], 0n, 0, 0));
    const config = this.newNode(
      opts.config ?? '',
      [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }],
      0n,
      0,
      0,
    );
    config.stat.aversion = -1;
    this.attach('/zookeeper/config', config);
    for (const n of this.nodes.values()) n.stat.cversion = 0;
  }

  /** A new session (a createSession txn). */
  open(connectString = this.opts.connectString ?? '127.0.0.1:2181'): FakeZooKeeper {
    this.tick();
    const s = new FakeZooKeeper(this, this.nextSession++, connectString);
    this.sessions.push(s);
    return s;
  }

  tick(): number {
    return ++this.zxid;
  }

  newNode(data: string | null, acl: ACL[], owner: bigint, zxid: number, time: number): Node {
    return {
      data,
      acl: acl.length > 0 ? acl : [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }],
      children: new Set(),
      capacity: 8,
      stat: {
        czxid: zxid,
        mzxid: zxid,
        ctime: time,
        mtime: time,
        version: 0,
        cversion: 0,
        aversion: 0,
        ephemeralOwner: owner,
        dataLength: dataLength(data),
        numChildren: 0,
        pzxid: zxid,
      },
    };
  }

  attach(path: string, node: Node): void {
    this.nodes.set(path, node);
    const parent = this.nodes.get(parentOf(path))!;
    parent.children.add(path.substring(path.lastIndexOf('/') + 1));
    parent.stat.numChildren = parent.children.size;
    parent.stat.cversion++;
    parent.capacity = grow(parent.capacity, parent.children.size);
  }

  detachNode(path: string, zxid: number): void {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath)!;
    const node = this.nodes.get(path)!;
    if (parentPath.startsWith('/zookeeper') && path.endsWith('/zookeeper_limits'))
      this.quotaRoots.delete(parentPath.substring('/zookeeper/quota'.length));
    this.updateQuotaStat(path, -node.stat.dataLength, -1);
    this.nodes.delete(path);
    parent.children.delete(path.substring(path.lastIndexOf('/') + 1));
    parent.stat.numChildren = parent.children.size;
    parent.stat.pzxid = zxid;
    this.fire(path, EventType.NodeDeleted);
    this.fire(parentPath, EventType.NodeChildrenChanged);
  }

  fire(path: string, type: number): void {
    for (const s of this.sessions) s.trigger(path, type, this.zxid);
  }

  /** DataTree.getMaxPrefixWithQuota: the deepest quota root at or above `path` (never "/"). */
  maxPrefixWithQuota(path: string): string | undefined {
    let best: string | undefined;
    for (const root of this.quotaRoots) {
      if (
        root !== '/' &&
        (path === root || path.startsWith(`${root}/`)) &&
        (best === undefined || root.length > best.length)
      )
        best = root;
    }
    return best;
  }

  private readStats(
    path: string,
  ): { count: number; bytes: number; countHardLimit: number; byteHardLimit: number } | undefined {
    const data = this.nodes.get(path)?.data;
    if (data === undefined) return undefined;
    const value = (k: string) => Number(new RegExp(`(?:^|[,;])${k}=(-?\\d+)`).exec(data ?? '')?.[1] ?? -1);
    return {
      count: value('count'),
      bytes: value('bytes'),
      countHardLimit: value('countHardLimit'),
      byteHardLimit: value('byteHardLimit'),
    };
  }

  /** ZooKeeperServer.checkQuota with zookeeper.enforceQuota: hard limits against the stats node. */
  checkQuota(path: string, bytesDiff: number, countDiff: number): void {
    if (!this.opts.enforceQuota) return;
    const root = this.maxPrefixWithQuota(path);
    if (root === undefined) return;
    const limits = this.readStats(`/zookeeper/quota${root}/zookeeper_limits`);
    const current = this.readStats(`/zookeeper/quota${root}/zookeeper_stats`);
    if (limits === undefined || current === undefined) return;
    if (
      (limits.countHardLimit > -1 && current.count + countDiff > limits.countHardLimit) ||
      (limits.byteHardLimit > -1 && current.bytes + bytesDiff > limits.byteHardLimit)
    ) {
      throw new KeeperException(Code.QUOTAEXCEEDED, path);
    }
  }

  /** DataTree.updateQuotaStat: add to the stats node of the governing root, if it has one. */
  private updateQuotaStat(path: string, bytesDiff: number, countDiff: number): void {
    const root = this.maxPrefixWithQuota(path);
    if (root === undefined) return;
    const node = this.nodes.get(`/zookeeper/quota${root}/zookeeper_stats`);
    const current = this.readStats(`/zookeeper/quota${root}/zookeeper_stats`);
    if (node === undefined || current === undefined) return;
    node.data = `count=${current.count + countDiff},bytes=${current.bytes + bytesDiff}`;
    node.stat.dataLength = dataLength(node.data);
  }

  /** DataTree.createNode's quota bookkeeping (a stats node counts itself twice when under its own root: as 3.8 does). */
  created(path: string, node: Node): void {
    const parent = parentOf(path);
    const child = path.substring(path.lastIndexOf('/') + 1);
    if (parent.startsWith('/zookeeper/quota')) {
      const root = parent.substring('/zookeeper/quota'.length);
      if (child === 'zookeeper_limits') this.quotaRoots.add(root);
      if (child === 'zookeeper_stats') {
        let count = 0;
        let bytes = 0;
        for (const [p, n] of this.nodes) {
          if (p === root || p.startsWith(`${root}/`)) {
            count++;
            bytes += n.stat.dataLength;
          }
        }
        node.data = `count=${count},bytes=${bytes}`;
        node.stat.dataLength = dataLength(node.data);
      }
    }
    this.updateQuotaStat(path, node.stat.dataLength, 1);
  }

  dataChanged(path: string, bytesDiff: number): void {
    this.updateQuotaStat(path, bytesDiff, 0);
  }

  /**
   * Time passes: sessions nobody heartbeats expire (30 s, on a 2 s tick), the ContainerManager
   * deletes emptied containers and expired TTL nodes.
   */
  advance(ms: number): void {
    this.now += ms;
    for (const s of this.sessions)
      if (
        s.deadSince !== undefined &&
        s.state() !== 'CLOSED' &&
        this.now >= Math.ceil((s.deadSince + 30000) / 2000) * 2000
      )
        s.expire();
    for (const [path, n] of [...this.nodes]) {
      if (n.children.size > 0) continue;
      const owner = n.stat.ephemeralOwner;
      const emptiedContainer = owner === CONTAINER_OWNER && n.stat.cversion > 0;
      const expiredTtl = owner < 0n && owner !== CONTAINER_OWNER && this.now - n.stat.mtime > Number(owner - TTL_BASE);
      if (emptiedContainer || expiredTtl) this.detachNode(path, this.tick());
    }
  }
}

export class FakeZooKeeper implements ZooKeeperClient {
  private st: ClientState = 'CONNECTED';
  /** When the process holding the session went away (no more heartbeats), if it did. */
  deadSince: number | undefined;
  private pendingConnect = false;
  private readonly listeners: WatchListener[] = [];
  /** ServerCnxn.authInfo: a set backed by a ConcurrentHashMap of 16 bins. */
  private auth: Id[] = [{ scheme: 'ip', id: '127.0.0.1' }];
  private readonly dataWatches = new Set<string>();
  private readonly childWatches = new Set<string>();
  private readonly persistent = new Map<string, AddWatchMode>();
  /** Every call the shell made, as "method path". */
  readonly calls: string[] = [];

  constructor(
    readonly server: FakeServer,
    private readonly sid: bigint,
    readonly connectString: string,
  ) {}

  get nodes(): Map<string, Node> {
    return this.server.nodes;
  }

  /** A new session on the same server (what `connect` opens). */
  newSession(connectString: string): FakeZooKeeper {
    return this.server.open(connectString);
  }

  /** Deliver the connection event, as the client does once the session is up. */
  connected(): void {
    this.emit(EventType.None, KeeperState.SyncConnected, null);
  }

  /** The connection event comes with the first request (a non-interactive zkCli may never send one). */
  connectOnFirstCall(): void {
    this.pendingConnect = true;
  }

  /** The process went away without closing: the session lives on until it expires; nobody listens. */
  detach(): void {
    this.deadSince ??= this.server.now;
  }

  /** The server expires the session: a closeSession txn. */
  expire(): void {
    this.closeSession();
    this.st = 'CLOSED';
  }

  private closeSession(): void {
    const zxid = this.server.tick(); // closeSession is a txn, and takes the session's ephemerals with it
    const mine = [...this.nodes].filter(([, n]) => n.stat.ephemeralOwner === this.sid).map(([p]) => p);
    for (const p of mine.reverse()) this.server.detachNode(p, zxid);
  }

  private emit(type: number, state: number, path: string | null, zxid = -1): void {
    if (this.deadSince !== undefined) return;
    for (const l of this.listeners) l({ type, state, path, zxid } as Parameters<WatchListener>[0]);
  }

  trigger(path: string, type: number, zxid: number): void {
    let watched = false;
    if (type === EventType.NodeChildrenChanged) watched = this.childWatches.delete(path);
    else {
      watched = this.dataWatches.delete(path);
      if (type === EventType.NodeDeleted) watched = this.childWatches.delete(path) || watched;
    }
    for (const [p, mode] of this.persistent) {
      if (mode === 0 && p === path) watched = true;
      if (mode === 1 && type !== EventType.NodeChildrenChanged && (p === path || p === '/' || path.startsWith(`${p}/`)))
        watched = true;
    }
    if (watched && this.st !== 'CLOSED') this.emit(type, KeeperState.SyncConnected, path, zxid);
  }

  private get(path: string, reported = path): Node {
    const n = this.nodes.get(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, reported);
    return n;
  }

  /** PrepRequestProcessor.checkACL. */
  private check(node: Node, perm: number, path: string): void {
    const ok = node.acl.some(
      (a) =>
        (a.perms & perm) !== 0 &&
        ((a.id.scheme === 'world' && a.id.id === 'anyone') ||
          this.auth.some(
            (id) => id.scheme === a.id.scheme && (id.scheme === 'ip' ? ipMatches(id.id, a.id.id) : id.id === a.id.id),
          )),
    );
    if (!ok) throw new KeeperException(Code.NOAUTH, path);
  }

  private alive(): void {
    if (this.pendingConnect) {
      this.pendingConnect = false;
      this.connected();
    }
    if (this.st === 'CLOSED' || this.st === 'AUTH_FAILED') throw new KeeperException(Code.SESSIONEXPIRED);
  }

  /** PrepRequestProcessor.fixupACL: expand auth, validate ids, drop duplicates. */
  private fixupAcl(acl: ACL[], path: string): ACL[] {
    if (acl.length === 0) throw new KeeperException(Code.INVALIDACL, path);
    const out: ACL[] = [];
    const add = (a: ACL) => {
      if (!out.some((o) => o.perms === a.perms && o.id.scheme === a.id.scheme && o.id.id === a.id.id)) out.push(a);
    };
    for (const a of acl) {
      if (a.id.scheme === 'world' && a.id.id === 'anyone') add(a);
      else if (a.id.scheme === 'auth') {
        const ids = this.auth.filter((id) => id.scheme === 'digest');
        if (ids.length === 0) throw new KeeperException(Code.INVALIDACL, path);
        for (const id of ids) add({ perms: a.perms, id });
      } else if (
        (a.id.scheme === 'digest' && a.id.id.split(':').length === 2) ||
        (a.id.scheme === 'ip' && validIp(a.id.id))
      )
        add(a);
      else throw new KeeperException(Code.INVALIDACL, path);
    }
    return out;
  }

  state(): ClientState {
    return this.st;
  }
  currentServer(): string {
    return this.connectString.split(',')[0]!;
  }
  sessionId(): bigint {
    return this.sid;
  }
  sessionTimeout(): number {
    return 30000;
  }

  async create(
    path: string,
    data: string | null,
    acl: ACL[],
    mode: CreateMode,
    ttl?: number,
  ): Promise<{ path: string; stat: Stat }> {
    this.calls.push(`create ${path}`);
    this.alive();
    const server = this.server;
    const zxid = server.tick(); // every write gets a zxid, even one that fails
    if (isTTL(mode) && !server.opts.extendedTypes) throw new KeeperException(Code.UNIMPLEMENTED, path);
    if (path === '/') throw new KeeperException(Code.NODEEXISTS, path);
    const fixed = this.fixupAcl(acl, path);
    const parentPath = parentOf(path);
    const parent = this.get(parentPath, path);
    this.check(parent, Perms.CREATE, path);
    // sequential suffix: the parent's stored cversion, %010d
    const actual = isSequential(mode) ? `${path}${String(parent.stat.cversion).padStart(10, '0')}` : path;
    if (this.nodes.has(actual)) throw new KeeperException(Code.NODEEXISTS, path);
    if (parent.stat.ephemeralOwner > 0n) throw new KeeperException(Code.NOCHILDRENFOREPHEMERALS, path);
    server.checkQuota(path, dataLength(data), 1);
    const owner = isEphemeral(mode)
      ? this.sid
      : mode === CreateMode.CONTAINER
        ? CONTAINER_OWNER
        : isTTL(mode)
          ? TTL_BASE + BigInt(ttl ?? 0)
          : 0n;
    const node = server.newNode(data, fixed, owner, zxid, server.now);
    server.attach(actual, node);
    parent.stat.pzxid = zxid;
    server.created(actual, node);
    server.fire(actual, EventType.NodeCreated);
    server.fire(parentPath, EventType.NodeChildrenChanged);
    return { path: actual, stat: view(node) };
  }

  async delete(path: string, version: number): Promise<void> {
    this.calls.push(`delete ${path}`);
    this.alive();
    this.deleteNow(path, version, this.server.tick());
  }

  private deleteNow(path: string, version: number, zxid: number): void {
    if (['/', '/zookeeper', '/zookeeper/quota'].includes(path)) throw new KeeperException(Code.BADARGUMENTS, path);
    const parent = this.get(parentOf(path), path);
    this.check(parent, Perms.DELETE, path);
    const node = this.get(path);
    if (version !== -1 && node.stat.version !== version) throw new KeeperException(Code.BADVERSION, path);
    if (node.children.size > 0) throw new KeeperException(Code.NOTEMPTY, path);
    this.server.detachNode(path, zxid);
  }

  async exists(path: string, watch: boolean): Promise<Stat | null> {
    this.calls.push(`exists ${path}`);
    this.alive();
    if (watch) this.dataWatches.add(path);
    const n = this.nodes.get(path);
    return n === undefined ? null : view(n);
  }

  async getData(path: string, watch: boolean): Promise<{ data: string | null; stat: Stat }> {
    this.calls.push(`getData ${path}`);
    this.alive();
    const n = this.get(path);
    this.check(n, Perms.READ, path);
    if (watch) this.dataWatches.add(path);
    return { data: n.data, stat: view(n) };
  }

  async setData(path: string, data: string | null, version: number): Promise<Stat> {
    this.calls.push(`setData ${path}`);
    this.alive();
    const zxid = this.server.tick();
    const n = this.get(path);
    this.check(n, Perms.WRITE, path);
    if (version !== -1 && n.stat.version !== version) throw new KeeperException(Code.BADVERSION, path);
    this.server.checkQuota(path, dataLength(data) - n.stat.dataLength, 0);
    this.server.dataChanged(path, dataLength(data) - n.stat.dataLength);
    n.data = data;
    n.stat.version++;
    n.stat.mzxid = zxid;
    n.stat.mtime = this.server.now;
    n.stat.dataLength = dataLength(data);
    this.server.fire(path, EventType.NodeDataChanged);
    return view(n);
  }

  async getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }> {
    this.calls.push(`getACL ${path}`);
    this.alive();
    const n = this.get(path);
    this.check(n, Perms.READ | Perms.ADMIN, path);
    let admin = true;
    try {
      this.check(n, Perms.ADMIN, path);
    } catch {
      admin = false;
    }
    // without ADMIN, digest credentials come back redacted ("user:x")
    const redact = (id: Id): Id =>
      admin || id.scheme !== 'digest' ? { ...id } : { scheme: id.scheme, id: id.id.replace(/:.*/, ':x') };
    return { acl: n.acl.map((a) => ({ perms: a.perms, id: redact(a.id) })), stat: view(n) };
  }

  async setACL(path: string, acl: ACL[], version: number): Promise<Stat> {
    this.calls.push(`setACL ${path}`);
    this.alive();
    this.server.tick();
    const n = this.get(path);
    this.check(n, Perms.ADMIN, path);
    const fixed = this.fixupAcl(acl, path);
    if (version !== -1 && n.stat.aversion !== version) throw new KeeperException(Code.BADVERSION, path);
    n.acl = fixed;
    n.stat.aversion++;
    return view(n);
  }

  async getChildren(path: string, watch: boolean): Promise<{ children: string[]; stat: Stat }> {
    this.calls.push(`getChildren ${path}`);
    this.alive();
    const n = this.get(path);
    this.check(n, Perms.READ, path);
    if (watch) this.childWatches.add(path);
    // the server's children are a HashSet: they come back in its order
    return { children: javaHashOrder(n.children, n.capacity, javaHash), stat: view(n) };
  }

  async getAllChildrenNumber(path: string): Promise<number> {
    this.alive();
    this.get(path);
    return [...this.nodes.keys()].filter((p) => p !== path && p.startsWith(path === '/' ? '/' : `${path}/`)).length;
  }

  async getEphemerals(prefixPath: string): Promise<string[]> {
    this.alive();
    // The session's ephemerals are a HashSet (16 buckets while small); the server returns a
    // clone of it, whose table is sized for its element count, in that table's order.
    const mine = [...this.nodes].filter(([, n]) => n.stat.ephemeralOwner === this.sid).map(([p]) => p);
    let cloneCapacity = 1;
    while (cloneCapacity < Math.floor(mine.length / 0.75 + 1)) cloneCapacity *= 2;
    const all = javaHashOrder(javaHashOrder(mine, grow(16, mine.length), javaHash), cloneCapacity, javaHash);
    return prefixPath === '/' ? all : all.filter((p) => p.startsWith(prefixPath));
  }

  async sync(path: string): Promise<void> {
    this.calls.push(`sync ${path}`);
    this.alive();
  }

  async addWatch(path: string, mode: AddWatchMode): Promise<void> {
    this.alive();
    this.persistent.set(path, mode);
  }

  async removeWatches(path: string, type: WatcherType, _local: boolean): Promise<void> {
    this.alive();
    const removed: number[] = [];
    const any = type === 3;
    if ((type === 2 || any) && this.dataWatches.delete(path)) removed.push(EventType.DataWatchRemoved);
    if ((type === 1 || any) && this.childWatches.delete(path)) removed.push(EventType.ChildWatchRemoved);
    if (any && this.persistent.delete(path)) removed.push(EventType.PersistentWatchRemoved);
    if (removed.length === 0) throw new KeeperException(Code.NOWATCHER, path);
    for (const t of removed) this.emit(t, KeeperState.SyncConnected, path);
  }

  async multi(ops: Op[]): Promise<OpResult[]> {
    this.calls.push(`multi ${ops.length}`);
    this.alive();
    const zxid = this.server.tick();
    const saved = new Map(
      [...this.nodes].map(([p, n]) => [p, { ...n, stat: { ...n.stat }, children: new Set(n.children) }]),
    );
    const results: OpResult[] = [];
    for (const op of ops) {
      try {
        if (op.type !== 'delete') throw new KeeperException(Code.UNIMPLEMENTED, op.path);
        this.deleteNow(op.path, op.version, zxid);
        results.push({ type: 'delete' });
      } catch (e) {
        if (!(e instanceof KeeperException)) throw e;
        this.nodes.clear();
        for (const [p, n] of saved) this.nodes.set(p, n);
        if (this.server.opts.multiRejects) throw e;
        return ops.map((_, i) => ({ type: 'error', err: i === results.length ? e.code : Code.OK }) as OpResult);
      }
    }
    return results;
  }

  async addAuthInfo(scheme: string, auth: string): Promise<void> {
    let id: Id | null = null;
    if (scheme === 'digest' && auth.includes(':')) {
      id = { scheme, id: `${auth.split(':')[0]}:${createHash('sha1').update(auth).digest('base64')}` };
    } else if (scheme === 'ip') id = { scheme, id: '127.0.0.1' };
    if (id === null) {
      this.st = 'AUTH_FAILED';
      this.emit(EventType.None, KeeperState.AuthFailed, null);
      return;
    }
    const i = id;
    if (!this.auth.some((a) => a.scheme === i.scheme && a.id === i.id))
      this.auth = javaHashOrder([...this.auth, i], 16, idHash);
  }

  async whoAmI(): Promise<ClientInfo[]> {
    this.alive();
    return this.auth.map((id) => ({
      authScheme: id.scheme,
      user: id.scheme === 'digest' ? id.id.split(':')[0]! : id.id,
    }));
  }

  async getConfig(watch: boolean): Promise<{ data: string | null; stat: Stat }> {
    return this.getData('/zookeeper/config', watch);
  }

  async close(): Promise<void> {
    if (this.st === 'CLOSED') return;
    if (this.st !== 'AUTH_FAILED') this.closeSession();
    this.st = 'CLOSED';
    this.emit(EventType.None, KeeperState.Closed, null);
  }

  onEvent(listener: WatchListener): void {
    this.listeners.push(listener);
  }
}

/** One session on a fresh fake server. */
export function fakeClient(opts: FakeOptions = {}): FakeZooKeeper {
  return new FakeServer(opts).open();
}
