// Driving a simulated client from outside the event loop: each call starts an operation on a
// ZooKeeper handle that lives on a client node, then runs the world until the operation's
// callback fires, and resolves (or rejects with KeeperException). This is how the zkCli
// shell and tests use the ZooKeeperClient promise API against simulated servers.
import type {
  ClientInfo,
  ClientState,
  Op,
  OpResult,
  WatchListener,
  ZooKeeperClient,
} from '../../protocol/client/api.ts';
import { ClientNode } from '../../protocol/client/ClientNode.ts';
import type { ZooKeeper, ZooKeeperOptions } from '../../protocol/client/ZooKeeper.ts';
import {
  type ACL,
  type CreateMode,
  type Stat,
  type WatchedEvent,
  AddWatchMode,
  WatcherType,
} from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import type { MultiOp, MultiOpResult } from '../../protocol/proto.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import type { World } from '../engine/world.ts';

/** How long (simulated ms) a call may take before it fails with ConnectionLoss. */
const CALL_LIMIT_MS = 120_000;

export class SimClient implements ZooKeeperClient {
  private readonly listeners: WatchListener[] = [];
  readonly zk: ZooKeeper;
  /**
   * create() as ZooKeeper.create(path, data, acl, mode, stat): a create2, answered with the
   * stat. zkCli's CreateCommand calls create(path, data, acl, mode) instead (a plain create,
   * answered with the path only) unless given -t: zkCli sessions set this false.
   */
  createWithStat = true;

  /** new ZooKeeper(connectString, ...) on the client process `nodeName` (started if need be). */
  constructor(
    private readonly world: World,
    readonly nodeName: string,
    readonly connectString: string,
    readonly requestedTimeout = 30_000,
    opts: ZooKeeperOptions = {},
  ) {
    if (!world.nodes.has(nodeName)) world.addNode(nodeName, (ctx) => new ClientNode(ctx));
    const host = world.node(nodeName);
    if (!host.up) world.start(nodeName);
    const node = host.actor as ClientNode;
    this.zk = node.connect(connectString, requestedTimeout, (e) => this.dispatch(e), opts);
  }

  /** Run the world until the session is connected (or the attempt ends). */
  async open(): Promise<void> {
    this.world.run({ stopWhen: () => this.zk.state !== 'CONNECTING', untilMs: this.world.nowMs + CALL_LIMIT_MS });
  }

  private dispatch(e: WatchedEvent): void {
    for (const l of this.listeners) l(e);
  }

  onEvent(listener: WatchListener): void {
    this.listeners.push(listener);
  }

  /** Run the world for `ms` of simulated time (let things happen between commands). */
  advance(ms: number): void {
    this.world.run({ untilMs: this.world.nowMs + ms });
  }

  state(): ClientState {
    return this.zk.state;
  }
  currentServer(): string {
    return this.zk.hostProvider.current();
  }
  sessionId(): bigint {
    return this.zk.sessionId;
  }
  sessionTimeout(): number {
    return this.zk.negotiatedSessionTimeout;
  }

  /** Start an op; run the world until its callback; resolve with what it gave. */
  private call<T>(start: (done: (rc: number, value?: T) => void) => void, path?: string): Promise<T> {
    let settled = false;
    let rc: number = Code.OK;
    let value: T | undefined;
    try {
      start((r, v) => {
        settled = true;
        rc = r;
        value = v;
      });
    } catch (e) {
      return Promise.reject(e);
    }
    if (!settled) this.world.run({ stopWhen: () => settled, untilMs: this.world.nowMs + CALL_LIMIT_MS });
    if (!settled) return Promise.reject(new KeeperException(Code.CONNECTIONLOSS, path));
    if (rc !== Code.OK) return Promise.reject(new KeeperException(rc, path));
    return Promise.resolve(value as T);
  }

  create(
    path: string,
    data: string | null,
    acl: ACL[],
    mode: CreateMode,
    ttl?: number,
  ): Promise<{ path: string; stat: Stat }> {
    // zkCli's CreateCommand: create(path, data, acl, mode, new Stat(), ttl) with -t, else
    // create(path, data, acl, mode), whose answer has no stat.
    return this.call(
      (done) =>
        this.zk.create(
          path,
          data,
          acl,
          mode,
          (rc, p, stat) => done(rc, { path: p!, stat: stat! }),
          ttl ?? -1,
          this.createWithStat || ttl !== undefined,
        ),
      path,
    );
  }
  delete(path: string, version: number): Promise<void> {
    return this.call((done) => this.zk.delete(path, version, (rc) => done(rc)), path);
  }
  async exists(path: string, watch: boolean): Promise<Stat | null> {
    try {
      return await this.call<Stat>((done) => this.zk.exists(path, watch, (rc, stat) => done(rc, stat)), path);
    } catch (e) {
      if (e instanceof KeeperException && e.code === Code.NONODE) return null;
      throw e;
    }
  }
  getData(path: string, watch: boolean): Promise<{ data: string | null; stat: Stat }> {
    return this.call(
      (done) => this.zk.getData(path, watch, (rc, data, stat) => done(rc, { data: data ?? null, stat: stat! })),
      path,
    );
  }
  setData(path: string, data: string | null, version: number): Promise<Stat> {
    return this.call((done) => this.zk.setData(path, data, version, (rc, stat) => done(rc, stat)), path);
  }
  getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }> {
    return this.call((done) => this.zk.getACL(path, (rc, acl, stat) => done(rc, { acl: acl!, stat: stat! })), path);
  }
  setACL(path: string, acl: ACL[], version: number): Promise<Stat> {
    return this.call((done) => this.zk.setACL(path, acl, version, (rc, stat) => done(rc, stat)), path);
  }
  getChildren(path: string, watch: boolean): Promise<{ children: string[]; stat: Stat }> {
    return this.call(
      (done) =>
        this.zk.getChildren(path, watch, (rc, children, stat) => done(rc, { children: children!, stat: stat! })),
      path,
    );
  }
  getAllChildrenNumber(path: string): Promise<number> {
    return this.call((done) => this.zk.getAllChildrenNumber(path, (rc, n) => done(rc, n)), path);
  }
  getEphemerals(prefixPath: string): Promise<string[]> {
    return this.call((done) => this.zk.getEphemerals(prefixPath, (rc, paths) => done(rc, paths)), prefixPath);
  }
  async sync(path: string): Promise<void> {
    await this.call((done) => this.zk.sync(path, (rc) => done(rc)), path);
  }
  addWatch(path: string, mode: AddWatchMode): Promise<void> {
    return this.call((done) => this.zk.addWatch(path, null, mode, (rc) => done(rc)), path);
  }
  removeWatches(path: string, type: WatcherType, local: boolean): Promise<void> {
    return this.call((done) => this.zk.removeWatches(path, null, type, local, (rc) => done(rc)), path);
  }
  async multi(ops: Op[]): Promise<OpResult[]> {
    const wire: MultiOp[] = ops.map((op) => {
      switch (op.type) {
        case 'create':
          // Op.create: createTTL / createContainer / create by mode, as 3.8's Op.getOpcode.
          return {
            op:
              op.mode === 5 || op.mode === 6
                ? OpCode.createTTL
                : op.mode === 4
                  ? OpCode.createContainer
                  : OpCode.create,
            path: op.path,
            data: op.data,
            acl: op.acl,
            flags: op.mode,
            ...(op.ttl !== undefined ? { ttl: op.ttl } : {}),
          } as MultiOp;
        case 'delete':
          return { op: OpCode.delete, path: op.path, version: op.version };
        case 'setData':
          return { op: OpCode.setData, path: op.path, data: op.data, version: op.version };
        case 'check':
          return { op: OpCode.check, path: op.path, version: op.version };
      }
    });
    const results = await this.call<MultiOpResult[]>((done) =>
      this.zk.multi(wire, (rc, r) => done(rc, r as MultiOpResult[])),
    );
    const out: OpResult[] = results.map((r) => {
      switch (r.op) {
        case OpCode.create:
        case OpCode.create2:
          return r.stat ? { type: 'create', path: r.path, stat: r.stat } : { type: 'create', path: r.path };
        case OpCode.delete:
          return { type: 'delete' };
        case OpCode.setData:
          return { type: 'setData', stat: r.stat };
        case OpCode.check:
          return { type: 'check' };
        default:
          return { type: 'error', err: r.err };
      }
    });
    const failed = out.find((r) => r.type === 'error' && r.err !== Code.OK);
    if (failed && failed.type === 'error') {
      const e = new KeeperException(failed.err) as KeeperException & { results?: OpResult[] };
      e.results = out;
      throw e;
    }
    return out;
  }
  addAuthInfo(scheme: string, auth: string): Promise<void> {
    this.zk.addAuthInfo(scheme, auth);
    return Promise.resolve();
  }
  whoAmI(): Promise<ClientInfo[]> {
    return this.call((done) => this.zk.whoAmI((rc, info) => done(rc, info)));
  }
  getConfig(watch: boolean): Promise<{ data: string | null; stat: Stat }> {
    return this.call(
      (done) => this.zk.getConfig(watch, (rc, data, stat) => done(rc, { data: data ?? null, stat: stat! })),
      '/zookeeper/config',
    );
  }
  close(): Promise<void> {
    return this.call((done) => this.zk.close(() => done(Code.OK)));
  }
}

export { AddWatchMode, WatcherType };
