// The client of a workload given as data (sim/faults/workload.ts): a process with one session (connect
// string of every server) issuing its list of ops one after another — each thinkMs after the
// previous one was issued, once the session is connected and the previous op answered (until
// then it looks again every thinkMs, at least 20 ms). `close` ends the session; the next op opens a new one.
import type { Actor, ConnId, Context, Message } from '../protocol/actor.ts';
import { CreateMode, Ids } from '../protocol/data.ts';
import { ZooKeeper } from '../protocol/client/ZooKeeper.ts';
import type { MultiOp } from '../protocol/proto.ts';
import { OpCode } from '../protocol/server/txn.ts';
import type { CreateModeName, SubOp, WorkloadClientSpec, WorkloadOp } from '../sim/faults/workload.ts';

export interface WorkloadOptions {
  connectString: string;
  spec: WorkloadClientSpec;
  /** Stop issuing ops after this local time (ms since start). */
  stopAfterMs?: number;
}

const MODES: Record<CreateModeName, CreateMode> = {
  persistent: CreateMode.PERSISTENT,
  ephemeral: CreateMode.EPHEMERAL,
  'persistent-sequential': CreateMode.PERSISTENT_SEQUENTIAL,
  'ephemeral-sequential': CreateMode.EPHEMERAL_SEQUENTIAL,
};

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
  private next = 0;
  private startedAt = 0;
  private busy = false;

  constructor(
    private readonly ctx: Context,
    private readonly opts: WorkloadOptions,
  ) {}

  start(): void {
    this.startedAt = this.ctx.currentElapsedTime();
    this.open();
    this.schedule();
  }

  private open(): void {
    this.zk = new ZooKeeper(this.ctx, this.opts.connectString, this.opts.spec.sessionTimeoutMs, () => {});
  }

  /** Wait the next op's think time; looking again while not ready waits at least RETRY_MS (a 0 ms op must not spin). */
  private schedule(retry = false): void {
    const op = this.opts.spec.ops[this.next];
    if (op) this.ctx.setTimer(retry ? Math.max(op.thinkMs, RETRY_MS) : op.thinkMs, 'wl.op', () => this.nextOp());
  }

  private nextOp(): void {
    if (this.opts.stopAfterMs !== undefined && this.ctx.currentElapsedTime() - this.startedAt > this.opts.stopAfterMs)
      return;
    const ready = !this.busy && this.zk?.state === 'CONNECTED';
    if (ready) this.issue(this.opts.spec.ops[this.next++]!);
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
