// A test double of ZooKeeperClient: one in-memory tree behaving like a 3.8 standalone server
// as far as the zkCli shell can tell (zxids, versions, sequential names, ephemerals, ACLs with
// world/ip/digest/auth, one-shot and persistent watches, quota stats, multi). Not the client.
import { createHash } from 'node:crypto';
import type { ClientInfo, ClientState, Op, OpResult, WatchListener, ZooKeeperClient } from '../../protocol/client/api.ts';
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
  stat: Stat;
  children: Set<string>;
  /** Table size of the Java HashSet holding the children (8, doubled past 3/4 full, never shrunk). */
  capacity: number;
}

/** String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Iteration order of a java.util.HashSet with this table size: by bucket, then insertion. */
export function javaHashSetOrder(items: Iterable<string>, capacity: number): string[] {
  const bucket = (k: string) => {
    const h = javaHash(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return [...items].map((k, i) => ({ k, i, b: bucket(k) })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.k);
}

/** The table size a HashSet of initial capacity `initial` has after holding `size` elements. */
function grow(capacity: number, size: number): number {
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** Tue Aug 20 05:29:52 UTC 2019: the fake clock's start; each write moves it one second. */
export const FAKE_EPOCH = 1566278992000;
/** EphemeralType.CONTAINER's ephemeralOwner (Long.MIN_VALUE). */
const CONTAINER_OWNER = -(2n ** 63n);

export interface FakeOptions {
  sessionId?: bigint;
  connectString?: string;
  /** zookeeper.extendedTypesEnabled: TTL nodes allowed (else the server answers Unimplemented). */
  extendedTypes?: boolean;
  /** Data of /zookeeper/config (standalone: empty). */
  config?: string;
  /** Make multi reject with the first failing op's KeeperException instead of returning error results. */
  multiRejects?: boolean;
}

/** DataTree.copyStat: clients see 0 as the ephemeralOwner of containers and TTL nodes. */
function view(n: Node): Stat {
  return { ...n.stat, ephemeralOwner: n.stat.ephemeralOwner > 0n ? n.stat.ephemeralOwner : 0n };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.substring(0, i);
}

function digest(idPassword: string): string {
  const [user] = idPassword.split(':');
  return `${user}:${createHash('sha1').update(idPassword).digest('base64')}`;
}

/** The tree and clocks a set of fake sessions share (one standalone server). */
export class FakeServer {
  readonly nodes = new Map<string, Node>();
  zxid = 0;
  now = FAKE_EPOCH;
  nextSession = 0x100000abcd0000n;
}

export class FakeZooKeeper implements ZooKeeperClient {
  readonly connectString: string;
  readonly server: FakeServer;
  private st: ClientState = 'CONNECTED';
  private readonly sid: bigint;
  private readonly listeners: WatchListener[] = [];
  private readonly auth: Id[] = [{ scheme: 'ip', id: '127.0.0.1' }];
  private readonly dataWatches = new Set<string>();
  private readonly childWatches = new Set<string>();
  private readonly persistent = new Map<string, AddWatchMode>();
  /** Every call the shell made, as "method path". */
  readonly calls: string[] = [];

  constructor(
    private readonly opts: FakeOptions = {},
    server?: FakeServer,
  ) {
    this.server = server ?? new FakeServer();
    this.sid = opts.sessionId ?? this.server.nextSession++;
    this.connectString = opts.connectString ?? '127.0.0.1:2181';
    if (server !== undefined) {
      this.tick(); // createSession is a txn
      return;
    }
    const root = this.newNode(null, [], 0n, 0, 0);
    root.stat.cversion = -1;
    this.nodes.set('/', root);
    this.attach('/zookeeper', this.newNode(null, [], 0n, 0, 0));
    this.attach('/zookeeper/quota', this.newNode(null, [], 0n, 0, 0));
    const config = this.newNode(opts.config ?? '', [], 0n, 0, 0);
    config.stat.aversion = -1;
    this.attach('/zookeeper/config', config);
    this.nodes.get('/')!.stat.numChildren = 1;
    this.tick(); // createSession is a txn
  }

  private newNode(data: string | null, acl: ACL[], owner: bigint, zxid: number, time: number): Node {
    return {
      data,
      acl: acl.length > 0 ? acl : [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }],
      children: new Set(),
      capacity: 8,
      stat: { czxid: zxid, mzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, aversion: 0, ephemeralOwner: owner, dataLength: dataLength(data), numChildren: 0, pzxid: zxid },
    };
  }

  private attach(path: string, node: Node): void {
    this.nodes.set(path, node);
    const parent = this.nodes.get(parentOf(path))!;
    parent.children.add(path.substring(path.lastIndexOf('/') + 1));
    parent.stat.numChildren = parent.children.size;
    parent.capacity = grow(parent.capacity, parent.children.size);
  }

  get nodes(): Map<string, Node> {
    return this.server.nodes;
  }
  private get zxid(): number {
    return this.server.zxid;
  }
  private set zxid(v: number) {
    this.server.zxid = v;
  }
  private get now(): number {
    return this.server.now;
  }
  private set now(v: number) {
    this.server.now = v;
  }

  /** A new session on the same server (what `connect` opens). */
  newSession(connectString: string): FakeZooKeeper {
    return new FakeZooKeeper({ ...this.opts, sessionId: undefined, connectString }, this.server);
  }

  /** Deliver the connection event, as the client does once the session is up. */
  connected(): void {
    this.emit({ type: EventType.None, state: KeeperState.SyncConnected, path: null, zxid: -1 });
  }

  private emit(e: { type: number; state: number; path: string | null; zxid: number }): void {
    for (const l of this.listeners) l(e as Parameters<WatchListener>[0]);
  }

  private get(path: string): Node {
    const n = this.nodes.get(path);
    if (n === undefined) throw new KeeperException(Code.NONODE, path);
    return n;
  }

  private check(node: Node, perm: number, path: string): void {
    const ok = node.acl.some(
      (a) => (a.perms & perm) !== 0 && ((a.id.scheme === 'world' && a.id.id === 'anyone') || this.auth.some((id) => id.scheme === a.id.scheme && id.id === a.id.id)),
    );
    if (!ok) throw new KeeperException(Code.NOAUTH, path);
  }

  private alive(): void {
    if (this.st === 'CLOSED') throw new KeeperException(Code.SESSIONEXPIRED);
  }

  private tick(): number {
    this.now += 1000;
    return ++this.zxid;
  }

  private fire(path: string, type: number): void {
    let watched = false;
    if (type === EventType.NodeChildrenChanged) watched = this.childWatches.delete(path);
    else {
      watched = this.dataWatches.delete(path);
      if (type === EventType.NodeDeleted) watched = this.childWatches.delete(path) || watched;
    }
    for (const [p, mode] of this.persistent) {
      if (mode === 0 && p === path) watched = true;
      if (mode === 1 && type !== EventType.NodeChildrenChanged && (p === path || p === '/' || path.startsWith(`${p}/`))) watched = true;
    }
    if (watched) this.emit({ type, state: KeeperState.SyncConnected, path, zxid: this.zxid });
  }

  /** The server keeps zookeeper_stats of every quota root up to date. */
  private updateQuotaStats(): void {
    for (const [path, node] of this.nodes) {
      if (!path.startsWith('/zookeeper/quota/') || !path.endsWith('/zookeeper_stats')) continue;
      const root = path.substring('/zookeeper/quota'.length, path.length - '/zookeeper_stats'.length);
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

  private fixupAcl(acl: ACL[], path: string): ACL[] {
    if (acl.length === 0) throw new KeeperException(Code.INVALIDACL, path);
    const out: ACL[] = [];
    for (const a of acl) {
      if (a.id.scheme === 'auth') {
        const ids = this.auth.filter((id) => id.scheme !== 'ip');
        if (ids.length === 0) throw new KeeperException(Code.INVALIDACL, path);
        for (const id of ids) out.push({ perms: a.perms, id });
      } else if (a.id.scheme === 'digest' && a.id.id.split(':').length !== 2) {
        throw new KeeperException(Code.INVALIDACL, path);
      } else out.push(a);
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

  async create(path: string, data: string | null, acl: ACL[], mode: CreateMode, ttl?: number): Promise<{ path: string; stat: Stat }> {
    this.calls.push(`create ${path}`);
    this.alive();
    const zxid = this.tick(); // every write gets a zxid, even one that fails
    if (isTTL(mode) && !this.opts.extendedTypes) throw new KeeperException(Code.UNIMPLEMENTED, path);
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) throw new KeeperException(Code.NONODE, path);
    this.check(parent, Perms.CREATE, path);
    const fixed = this.fixupAcl(acl, path);
    if (parent.stat.ephemeralOwner > 0n) throw new KeeperException(Code.NOCHILDRENFOREPHEMERALS, path);
    let actual = path;
    if (isSequential(mode)) actual = `${path}${String(parent.stat.cversion).padStart(10, '0')}`;
    if (this.nodes.has(actual)) throw new KeeperException(Code.NODEEXISTS, actual);
    const owner = isEphemeral(mode) ? this.sid : mode === CreateMode.CONTAINER ? CONTAINER_OWNER : isTTL(mode) ? -(2n ** 56n) + BigInt(ttl ?? 0) : 0n;
    const node = this.newNode(data, fixed, owner, zxid, this.now);
    this.attach(actual, node);
    parent.stat.cversion++;
    parent.stat.pzxid = zxid;
    this.updateQuotaStats();
    this.fire(actual, EventType.NodeCreated);
    this.fire(parentPath, EventType.NodeChildrenChanged);
    return { path: actual, stat: view(node) };
  }

  async delete(path: string, version: number): Promise<void> {
    this.calls.push(`delete ${path}`);
    this.alive();
    const zxid = this.tick();
    if (['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config'].includes(path)) throw new KeeperException(Code.BADARGUMENTS, path);
    this.deleteNow(path, version, zxid);
  }

  private deleteNow(path: string, version: number, zxid: number, checkAcl = true): void {
    const node = this.get(path);
    const parentPath = parentOf(path);
    const parent = this.get(parentPath);
    if (checkAcl) this.check(parent, Perms.DELETE, path);
    if (version !== -1 && node.stat.version !== version) throw new KeeperException(Code.BADVERSION, path);
    if (node.children.size > 0) throw new KeeperException(Code.NOTEMPTY, path);
    this.nodes.delete(path);
    parent.children.delete(path.substring(path.lastIndexOf('/') + 1));
    parent.stat.numChildren = parent.children.size;
    parent.stat.cversion++;
    parent.stat.pzxid = zxid;
    this.updateQuotaStats();
    this.fire(path, EventType.NodeDeleted);
    this.fire(parentPath, EventType.NodeChildrenChanged);
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
    const zxid = this.tick();
    const n = this.get(path);
    this.check(n, Perms.WRITE, path);
    if (version !== -1 && n.stat.version !== version) throw new KeeperException(Code.BADVERSION, path);
    n.data = data;
    n.stat.version++;
    n.stat.mzxid = zxid;
    n.stat.mtime = this.now;
    n.stat.dataLength = dataLength(data);
    this.updateQuotaStats();
    this.fire(path, EventType.NodeDataChanged);
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
    const redact = (id: Id): Id => (admin || id.scheme !== 'digest' ? { ...id } : { scheme: id.scheme, id: id.id.replace(/:.*/, ':x') });
    return { acl: n.acl.map((a) => ({ perms: a.perms, id: redact(a.id) })), stat: view(n) };
  }

  async setACL(path: string, acl: ACL[], version: number): Promise<Stat> {
    this.calls.push(`setACL ${path}`);
    this.alive();
    this.tick();
    const n = this.get(path);
    this.check(n, Perms.ADMIN, path);
    if (version !== -1 && n.stat.aversion !== version) throw new KeeperException(Code.BADVERSION, path);
    n.acl = this.fixupAcl(acl, path);
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
    return { children: javaHashSetOrder(n.children, n.capacity), stat: view(n) };
  }

  async getAllChildrenNumber(path: string): Promise<number> {
    this.alive();
    this.get(path);
    return [...this.nodes.keys()].filter((p) => p !== path && p.startsWith(path === '/' ? '/' : `${path}/`)).length;
  }

  async getEphemerals(prefixPath: string): Promise<string[]> {
    this.alive();
    // the session's ephemerals are a HashSet (of 16 buckets while small), in creation order
    const mine = [...this.nodes].filter(([, n]) => n.stat.ephemeralOwner === this.sid).map(([p]) => p);
    const all = javaHashSetOrder(mine, grow(16, mine.length));
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
    for (const t of removed) this.emit({ type: t, state: KeeperState.SyncConnected, path, zxid: -1 });
  }

  async multi(ops: Op[]): Promise<OpResult[]> {
    this.calls.push(`multi ${ops.length}`);
    this.alive();
    const zxid = this.tick();
    const saved = new Map([...this.nodes].map(([p, n]) => [p, { ...n, stat: { ...n.stat }, children: new Set(n.children) }]));
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
        if (this.opts.multiRejects) throw e;
        return ops.map((_, i) => ({ type: 'error', err: i === results.length ? e.code : Code.OK }) as OpResult);
      }
    }
    return results;
  }

  async addAuthInfo(scheme: string, auth: string): Promise<void> {
    if (scheme === 'digest' && auth.includes(':')) {
      this.auth.push({ scheme: 'digest', id: digest(auth) });
      return;
    }
    this.st = 'AUTH_FAILED';
    this.emit({ type: EventType.None, state: KeeperState.AuthFailed, path: null, zxid: -1 });
  }

  async whoAmI(): Promise<ClientInfo[]> {
    this.alive();
    return this.auth.map((id) => ({ authScheme: id.scheme, user: id.scheme === 'digest' ? id.id.split(':')[0]! : id.id }));
  }

  async getConfig(watch: boolean): Promise<{ data: string | null; stat: Stat }> {
    return this.getData('/zookeeper/config', watch);
  }

  async close(): Promise<void> {
    if (this.st === 'CLOSED') return;
    const mine = [...this.nodes].filter(([, n]) => n.stat.ephemeralOwner === this.sid).map(([p]) => p);
    const zxid = this.tick(); // closeSession is a txn, and takes the session's ephemerals with it
    for (const p of mine.reverse()) this.deleteNow(p, -1, zxid, false);
    this.st = 'CLOSED';
    this.emit({ type: EventType.None, state: KeeperState.Closed, path: null, zxid: -1 });
  }

  onEvent(listener: WatchListener): void {
    this.listeners.push(listener);
  }

  /** Test hook: put a node in place without going through the API (and without a txn). */
  put(path: string, data: string | null, acl: ACL[] = []): void {
    this.attach(path, this.newNode(data, acl, 0n, this.zxid, this.now));
  }
}
