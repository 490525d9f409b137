// A client process: hosts ZooKeeper handles and routes the world's connection events to the
// handle that owns the connection (each handle's timers call it back directly). What runs on it (a shell, a recipe, a workload) creates
// handles through it.
import type { Actor, ConnId, Context, Message } from '../actor.ts';
import type { ClientWatcher } from './ZKWatchManager.ts';
import { ZooKeeper, type ZooKeeperOptions } from './ZooKeeper.ts';

export class ClientNode implements Actor {
  readonly handles: ZooKeeper[] = [];
  private started = false;

  constructor(
    readonly ctx: Context,
    private readonly onStart?: (node: ClientNode) => void,
  ) {}

  start(): void {
    this.started = true;
    this.onStart?.(this);
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** new ZooKeeper(connectString, sessionTimeout, watcher) on this process. */
  connect(
    connectString: string,
    sessionTimeout: number,
    watcher: ClientWatcher,
    opts: ZooKeeperOptions = {},
  ): ZooKeeper {
    const zk = new ZooKeeper(this.ctx, connectString, sessionTimeout, watcher, {
      name: String(this.handles.length),
      ...opts,
    });
    this.handles.push(zk);
    return zk;
  }

  private owner(conn: ConnId): ZooKeeper | undefined {
    return this.handles.find((h) => h.owns(conn));
  }

  onConnect(conn: ConnId): void {
    this.owner(conn)?.onConnect(conn);
  }
  onConnectFailed(conn: ConnId): void {
    this.owner(conn)?.onConnectFailed(conn);
  }
  onMessage(conn: ConnId, msg: Message): void {
    this.owner(conn)?.onMessage(conn, msg);
  }
  onClose(conn: ConnId): void {
    this.owner(conn)?.onClose(conn);
  }
}
