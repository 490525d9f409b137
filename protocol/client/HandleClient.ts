// The ZooKeeperClient promise API (api.ts) over a ZooKeeper handle (ZooKeeper.ts), which works
// with callbacks: each call starts the operation and resolves (or rejects with KeeperException)
// when its callback fires. How the caller waits for the callback is the subclass's `call`: a
// simulated world runs its event loop until then (sim/harness/client-driver.ts), a real socket
// waits for the bytes (sim/cli/tcp-client/). The mapping of each operation onto the handle —
// what zkCli's commands and a program's calls become — is written once, here.
import type { ACL, CreateMode, Stat } from '../data.ts';
import { AddWatchMode, WatcherType } from '../data.ts';
import { Code, KeeperException } from '../errors.ts';
import type { MultiOp, MultiOpResult } from '../proto.ts';
import { OpCode } from '../server/txn.ts';
import type { ClientInfo, ClientState, Op, OpResult, WatchListener, ZooKeeperClient } from './api.ts';
import type { WatchedEvent } from '../data.ts';
import type { ZooKeeper } from './ZooKeeper.ts';

/** Starts an operation on the handle; `done` is its callback (rc, and what it gave). */
export type CallStart<T> = (done: (rc: number, value?: T) => void) => void;

export abstract class HandleClient implements ZooKeeperClient {
  private readonly listeners: WatchListener[] = [];
  abstract readonly zk: ZooKeeper;
  abstract readonly connectString: string;
  /**
   * create() as ZooKeeper.create(path, data, acl, mode, stat): a create2, answered with the
   * stat. zkCli's CreateCommand calls create(path, data, acl, mode) instead (a plain create,
   * answered with the path only) unless given -t: zkCli sessions set this false.
   */
  createWithStat = true;

  /** Start an op; resolve with what its callback gave, reject with KeeperException(rc) when rc is not OK. */
  protected abstract call<T>(start: CallStart<T>, path?: string): Promise<T>;

  /** The handle's default watcher: every event to the listeners. */
  protected dispatch(e: WatchedEvent): void {
    for (const l of this.listeners) l(e);
  }

  onEvent(listener: WatchListener): void {
    this.listeners.push(listener);
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
