// Driving a simulated client from outside the event loop: each call starts an operation on a
// ZooKeeper handle that lives on a client node, then runs the world until the operation's
// callback fires, and resolves (or rejects with KeeperException). This is how the zkCli
// shell and tests use the ZooKeeperClient promise API against simulated servers; the
// operations themselves are protocol/client/HandleClient.ts's.
import { ClientNode } from '../../protocol/client/ClientNode.ts';
import { type CallStart, HandleClient } from '../../protocol/client/HandleClient.ts';
import type { ZooKeeper, ZooKeeperOptions } from '../../protocol/client/ZooKeeper.ts';
import { AddWatchMode, WatcherType } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import type { World } from '../engine/world.ts';

/** How long (simulated ms) a call may take before it fails with ConnectionLoss. */
const CALL_LIMIT_MS = 120_000;

export class SimClient extends HandleClient {
  readonly zk: ZooKeeper;

  /** new ZooKeeper(connectString, ...) on the client process `nodeName` (started if need be). */
  constructor(
    private readonly world: World,
    readonly nodeName: string,
    readonly connectString: string,
    readonly requestedTimeout = 30_000,
    opts: ZooKeeperOptions = {},
  ) {
    super();
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

  /** Run the world for `ms` of simulated time (let things happen between commands). */
  advance(ms: number): void {
    this.world.run({ untilMs: this.world.nowMs + ms });
  }

  /** Start an op; run the world until its callback; resolve with what it gave. */
  protected call<T>(start: CallStart<T>, path?: string): Promise<T> {
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
}

export { AddWatchMode, WatcherType };
