// A client workload for fault runs: a client process with one session (connect string of every
// server) issuing a random mix of ZooKeeper operations one after another — creates
// (persistent, ephemeral, sequential), setData, delete, reads with watches, exists, multi,
// sync then read — on a small shared namespace, so sessions contend and watches fire.
import type { Actor, ConnId, Context, Message } from '../protocol/actor.ts';
import { CreateMode, Ids } from '../protocol/data.ts';
import { ZooKeeper } from '../protocol/client/ZooKeeper.ts';
import { OpCode } from '../protocol/server/txn.ts';

export interface WorkloadOptions {
  connectString: string;
  sessionTimeout: number;
  /** Think time between ops, ms. */
  minThinkMs: number;
  maxThinkMs: number;
  /** Stop issuing ops after this local time (ms since start). */
  stopAfterMs: number;
}

export class WorkloadClient implements Actor {
  zk: ZooKeeper | undefined;
  ops = 0;
  completed = 0;
  private startedAt = 0;
  private busy = false;

  constructor(
    private readonly ctx: Context,
    private readonly opts: WorkloadOptions,
  ) {}

  start(): void {
    this.startedAt = this.ctx.now();
    this.zk = new ZooKeeper(this.ctx, this.opts.connectString, this.opts.sessionTimeout, () => {});
    this.schedule();
  }

  private rand(n: number): number {
    return Math.floor(this.ctx.random() * n);
  }

  private schedule(): void {
    const { minThinkMs, maxThinkMs } = this.opts;
    this.ctx.setTimer(minThinkMs + this.ctx.random() * (maxThinkMs - minThinkMs), 'wl.op');
  }

  onTimer(_id: number, tag: string): void {
    if (tag === 'wl.op') {
      if (this.ctx.now() - this.startedAt > this.opts.stopAfterMs) return;
      if (!this.busy && this.zk?.state === 'CONNECTED') this.issue();
      this.schedule();
      return;
    }
    this.zk?.onTimer(tag);
  }

  private issue(): void {
    const zk = this.zk!;
    const k = this.rand(10);
    const path = `/w${this.rand(6)}`;
    const data = `v${this.rand(1000)}`;
    this.busy = true;
    this.ops++;
    const done = () => {
      this.busy = false;
      this.completed++;
    };
    switch (k) {
      case 0:
        return zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, done);
      case 1:
        return zk.create(`/e${this.rand(4)}`, data, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, done);
      case 2:
        return zk.create('/q-', data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, done);
      case 3:
        return zk.setData(path, data, -1, done);
      case 4:
        return zk.delete(path, -1, done);
      case 5:
        return zk.getData(path, true, done);
      case 6:
        return zk.exists(path, true, done);
      case 7:
        return zk.multi(
          [
            { op: OpCode.create, path: `${path}m`, data, acl: Ids.OPEN_ACL_UNSAFE, flags: CreateMode.PERSISTENT },
            { op: OpCode.setData, path, data, version: -1 },
          ],
          done,
        );
      case 8:
        return zk.sync(path, () => zk.getData(path, false, done));
      default:
        return zk.getChildren('/', true, done);
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
