// The client of a workload given as data (sim/faults/workload.ts): a process with one session (connect
// string of every server) issuing its list of ops one after another — each thinkMs after the
// previous one was issued, once the session is connected and the previous op answered (until
// then it looks again every thinkMs, at least 20 ms). `close` ends the session; the next op opens a new one.
// A spec with `reopen` opens a new session when its session expired, as applications do. A
// client process that crashed or vanished (the spec's `events`, scheduled by the scenario) comes
// back as a new process with a new session and goes on with the ops where the old one was
// (WorkloadProgress: the application's script, not the process's memory).
import type { Actor, ConnId, Context, Message } from '../protocol/actor.ts';
import { type ACL, CreateMode, Ids, Perms, WatcherType } from '../protocol/data.ts';
import { ZooKeeper } from '../protocol/client/ZooKeeper.ts';
import type { MultiOp } from '../protocol/proto.ts';
import { OpCode } from '../protocol/server/txn.ts';
import type { CreateModeName, SubOp, WorkloadClientSpec, WorkloadOp } from '../sim/faults/workload.ts';

/** Where the client's script is: survives a crash of its process (the next process goes on from here). */
export interface WorkloadProgress {
  next: number;
  /** Local time the first process started, or undefined before it did. */
  startedAt: number | undefined;
}

export interface WorkloadOptions {
  connectString: string;
  spec: WorkloadClientSpec;
  /** Stop issuing ops after this local time (ms since start). */
  stopAfterMs?: number;
  /** Shared by the processes of one client (crash and start again): without, each starts at op 0. */
  progress?: WorkloadProgress;
}

const MODES: Record<CreateModeName, CreateMode> = {
  persistent: CreateMode.PERSISTENT,
  ephemeral: CreateMode.EPHEMERAL,
  'persistent-sequential': CreateMode.PERSISTENT_SEQUENTIAL,
  'ephemeral-sequential': CreateMode.EPHEMERAL_SEQUENTIAL,
  container: CreateMode.CONTAINER,
  'persistent-ttl': CreateMode.PERSISTENT_WITH_TTL,
  'persistent-sequential-ttl': CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
};

const ACLS: Record<'open' | 'creator' | 'read-admin', () => ACL[]> = {
  open: () => Ids.OPEN_ACL_UNSAFE,
  creator: () => Ids.CREATOR_ALL_ACL,
  'read-admin': () => [{ perms: Perms.READ | Perms.ADMIN, id: Ids.ANYONE_ID_UNSAFE }],
};

const WATCHER_TYPE = { children: WatcherType.Children, data: WatcherType.Data, any: WatcherType.Any } as const;

function subOp(s: SubOp): MultiOp {
  switch (s.op) {
    case 'create':
      return {
        op: OpCode.create,
        path: s.path,
        data: s.data ?? null,
        acl: Ids.OPEN_ACL_UNSAFE,
        flags: MODES[s.mode ?? 'persistent'],
      };
    case 'setData':
      return { op: OpCode.setData, path: s.path, data: s.data ?? null, version: s.version ?? -1 };
    case 'delete':
      return { op: OpCode.delete, path: s.path, version: s.version ?? -1 };
    case 'check':
      return { op: OpCode.check, path: s.path, version: s.version ?? -1 };
  }
}

/** The least wait before looking again when the session is not ready for the next op. */
const RETRY_MS = 20;

export class WorkloadClient implements Actor {
  zk: ZooKeeper | undefined;
  /** Ops issued and answered so far. */
  ops = 0;
  completed = 0;
  private readonly progress: WorkloadProgress;
  private busy = false;
  /** The ops' auth (addAuth), given again to every new session of this process. */
  private readonly auth: string[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly opts: WorkloadOptions,
  ) {
    this.progress = opts.progress ?? { next: 0, startedAt: undefined };
  }

  private get startedAt(): number {
    return this.progress.startedAt ?? 0;
  }

  start(): void {
    this.progress.startedAt ??= this.ctx.currentElapsedTime();
    this.open();
    this.schedule();
  }

  private open(): void {
    this.zk = new ZooKeeper(this.ctx, this.opts.connectString, this.opts.spec.sessionTimeoutMs, () => {});
    for (const user of this.auth) this.zk.addAuthInfo('digest', `${user}:pw`);
  }

  /** Wait the next op's think time; looking again while not ready waits at least RETRY_MS (a 0 ms op must not spin). */
  private schedule(retry = false): void {
    const op = this.opts.spec.ops[this.progress.next];
    if (op) this.ctx.setTimer(retry ? Math.max(op.thinkMs, RETRY_MS) : op.thinkMs, 'wl.op', () => this.nextOp());
  }

  private nextOp(): void {
    if (this.opts.stopAfterMs !== undefined && this.ctx.currentElapsedTime() - this.startedAt > this.opts.stopAfterMs)
      return;
    // An application whose session expired opens a new one (the handle is closed for good).
    if (this.opts.spec.reopen && !this.busy && this.zk?.state === 'CLOSED') this.open();
    const ready = !this.busy && this.zk?.state === 'CONNECTED';
    if (ready) this.issue(this.opts.spec.ops[this.progress.next++]!);
    this.schedule(!ready);
  }

  private issue(op: WorkloadOp): void {
    const zk = this.zk!;
    this.busy = true;
    this.ops++;
    const done = () => {
      this.busy = false;
      this.completed++;
    };
    switch (op.op) {
      case 'create':
        if (op.ttl !== undefined)
          return zk.create(op.path, op.data ?? null, Ids.OPEN_ACL_UNSAFE, MODES[op.mode ?? 'persistent'], done, op.ttl);
        return zk.create(op.path, op.data ?? null, Ids.OPEN_ACL_UNSAFE, MODES[op.mode ?? 'persistent'], done);
      case 'setData':
        return zk.setData(op.path, op.data ?? null, op.version ?? -1, done);
      case 'delete':
        return zk.delete(op.path, op.version ?? -1, done);
      case 'getData':
        return zk.getData(op.path, op.watch ?? false, done);
      case 'exists':
        return zk.exists(op.path, op.watch ?? false, done);
      case 'getChildren':
        return zk.getChildren(op.path, op.watch ?? false, done);
      case 'multi':
        return zk.multi(op.ops.map(subOp), done);
      case 'sync':
        return zk.sync(op.path, () => zk.getData(op.path, false, done));
      case 'close':
        return zk.close(() => {
          done();
          this.open();
        });
      case 'reconnect':
        zk.testableCloseSocket();
        return done();
      case 'addWatch':
        return zk.addWatch(op.path, null, op.mode === 'persistent-recursive' ? 1 : 0, done);
      case 'removeWatches':
        return zk.removeWatches(op.path, null, WATCHER_TYPE[op.type], false, done);
      case 'setACL':
        return zk.setACL(op.path, ACLS[op.acl](), -1, done);
      case 'addAuth':
        this.auth.push(op.user);
        zk.addAuthInfo('digest', `${op.user}:pw`);
        return done();
      case 'multiRead':
        return zk.multiRead(
          op.ops.map((r) => ({ op: r.op === 'getData' ? OpCode.getData : OpCode.getChildren, path: r.path })),
          done,
        );
    }
  }

  onConnect(conn: ConnId): void {
    this.zk?.onConnect(conn);
  }
  onConnectFailed(conn: ConnId): void {
    this.zk?.onConnectFailed(conn);
  }
  onMessage(conn: ConnId, msg: Message): void {
    this.zk?.onMessage(conn, msg);
  }
  onClose(conn: ConnId): void {
    this.zk?.onClose(conn);
  }
}
