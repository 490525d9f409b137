// A ZooKeeper handle talking to real servers over TCP (a `zksim serve` ensemble, or real
// ZooKeeper): the same client code as in the simulation (protocol/client/ZooKeeper.ts, on a
// ClientNode), in a TcpClientContext; each call of the promise API resolves when the server's
// answer has come back over the socket.
import { ClientNode } from '../../../protocol/client/ClientNode.ts';
import { type CallStart, HandleClient } from '../../../protocol/client/HandleClient.ts';
import type { ZooKeeper } from '../../../protocol/client/ZooKeeper.ts';
import { Code, KeeperException } from '../../../protocol/errors.ts';
import { TcpClientContext } from './context.ts';

/** One client process: its context and the ClientNode every handle of it lives on. */
export class TcpClientProcess {
  readonly ctx = new TcpClientContext();
  readonly node: ClientNode;

  constructor() {
    this.node = new ClientNode(this.ctx);
    this.ctx.actor = this.node;
    this.node.start();
  }

  /** new ZooKeeper(connectString, sessionTimeout, watcher) in this process. */
  connect(connectString: string, sessionTimeout = 30_000): TcpClient {
    return new TcpClient(this.node, connectString, sessionTimeout);
  }

  /** The process ends: timers stop, sockets close (sessions not closed are left to expire). */
  exit(): void {
    this.ctx.close();
  }
}

export class TcpClient extends HandleClient {
  readonly zk: ZooKeeper;

  constructor(
    node: ClientNode,
    readonly connectString: string,
    readonly requestedTimeout: number,
  ) {
    super();
    this.zk = node.connect(connectString, requestedTimeout, (e) => this.dispatch(e));
  }

  protected call<T>(start: CallStart<T>, path?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A sync ZooKeeper call waits for its packet to finish: the answer, or ConnectionLoss /
      // SessionExpired when ClientCnxn's cleanup fails it.
      start((rc, v) => (rc === Code.OK ? resolve(v as T) : reject(new KeeperException(rc, path))));
    });
  }
}
