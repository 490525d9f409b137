// The world of a client process on a real machine: the Context (protocol/actor.ts) the
// ZooKeeper handle runs in when it talks to real servers (a `zksim serve` ensemble, or real
// ZooKeeper) over TCP. Connections are real sockets, carrying jute frames (protocol/jute/
// client-wire.ts) in place of the message objects of the simulated network; timers are Node's,
// clocks the machine's. This is the stateright idea of the actor contract: the same client
// code behind a simulated network or a real one. Only sim/cli may read the wall clock, and this
// is the only place a client's sockets live.
import { type Socket, createConnection } from 'node:net';
import type { Actor, ConnId, Context, Disk, Message, Net, TimerId } from '../../../protocol/actor.ts';
import { ClientWire } from '../../../protocol/jute/client-wire.ts';
import { JuteIOException } from '../../../protocol/jute/archive.ts';
import type { ClientMessage } from '../../../protocol/proto.ts';
import type { ProtocolTraceEvents, ProtocolTraceKind } from '../../../protocol/trace.ts';

interface Conn {
  sock: Socket;
  wire: ClientWire;
  open: boolean;
  /** The connect timeout (ClientCnxnSocketNIO: the SendThread gives up on a connect after connectTimeout). */
  timer: NodeJS.Timeout | undefined;
}

const noDisk = (): never => {
  throw new Error('a client process over TCP has no simulated disk');
};

/** A client process whose connections are TCP sockets (one actor: a ClientNode). */
export class TcpClientContext implements Context {
  readonly id: string;
  readonly scopeName: string;
  private isClosed = false;
  /** Where connection events go (set before the first connect). */
  actor: Actor | undefined;
  private nextConn = 1;
  private nextTimer = 1;
  private readonly conns = new Map<ConnId, Conn>();
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();
  /** Why a connection ended, for whoever wants to say so (a log line of ClientCnxn). */
  onIoError: ((addr: string, message: string) => void) | undefined;

  constructor(id = 'zkcli') {
    this.id = id;
    this.scopeName = id;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  readonly net: Net = {
    listen: () => {
      throw new Error('a client process does not listen');
    },
    unlisten: () => {},
    connect: (addr, timeoutMs) => this.connect(addr, timeoutMs),
    send: (conn, msg) => this.send(conn, msg),
    close: (conn) => this.closeConn(conn),
  };

  readonly disk: Disk = {
    read: noDisk,
    exists: noDisk,
    list: noDisk,
    append: noDisk,
    write: noDisk,
    rename: noDisk,
    truncate: noDisk,
    delete: noDisk,
  };

  private connect(addr: string, timeoutMs: number): ConnId {
    const id = this.nextConn++;
    const colon = addr.lastIndexOf(':');
    const sock = createConnection({ host: addr.slice(0, colon), port: Number(addr.slice(colon + 1)) });
    sock.setNoDelay(true);
    const c: Conn = { sock, wire: new ClientWire(), open: false, timer: undefined };
    this.conns.set(id, c);
    c.timer = setTimeout(
      () => {
        if (this.conns.get(id) !== c || c.open) return;
        this.drop(id);
        this.actor?.onConnectFailed?.(id, 'timeout');
      },
      Math.max(1, timeoutMs),
    );
    sock.on('connect', () => {
      if (this.conns.get(id) !== c) return;
      clearTimeout(c.timer);
      c.open = true;
      this.actor?.onConnect?.(id);
    });
    sock.on('data', (d: Buffer) => {
      if (this.conns.get(id) !== c) return;
      try {
        c.wire.decode(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), (m) => {
          if (this.conns.get(id) === c) this.actor?.onMessage(id, m);
        });
      } catch (e) {
        if (!(e instanceof JuteIOException)) throw e;
        // SendThread.run: an IOException closes the socket; the handle connects again.
        this.onIoError?.(addr, e.message);
        this.drop(id);
        this.actor?.onClose?.(id, 'reset');
      }
    });
    sock.on('error', () => {}); // 'close' follows
    sock.on('close', () => {
      if (this.conns.get(id) !== c) return;
      this.drop(id);
      if (c.open) this.actor?.onClose?.(id, 'closed');
      else this.actor?.onConnectFailed?.(id, 'refused');
    });
    return id;
  }

  private send(conn: ConnId, msg: Message): void {
    const c = this.conns.get(conn);
    if (!c?.open || c.sock.destroyed) return;
    c.sock.write(c.wire.encode(msg as ClientMessage));
  }

  /** Forget a connection (no more events from it): its socket, or undefined if it was gone. */
  private forget(conn: ConnId): Socket | undefined {
    const c = this.conns.get(conn);
    if (!c) return undefined;
    this.conns.delete(conn);
    clearTimeout(c.timer);
    return c.sock;
  }

  /** Forget a connection and close its socket at once. */
  private drop(conn: ConnId): void {
    this.forget(conn)?.destroy();
  }

  /** Close gracefully: data already written still goes out, then the FIN (Socket.end). */
  private closeConn(conn: ConnId): void {
    const sock = this.forget(conn);
    sock?.end(() => sock.destroy());
  }

  setTimer(ms: number, _tag: string, onFire: () => void): TimerId {
    const id = this.nextTimer++;
    if (this.isClosed) return id;
    this.timers.set(
      id,
      setTimeout(
        () => {
          this.timers.delete(id);
          if (!this.isClosed) onFire();
        },
        Math.max(0, ms),
      ),
    );
    return id;
  }

  cancelTimer(id: TimerId): void {
    const t = this.timers.get(id);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(id);
  }

  fsync(): void {
    noDisk();
  }

  scope(): Context {
    return this;
  }

  /**
   * The process ends (the JVM exits): every timer stops, every socket is closed by the kernel
   * (a FIN; the server keeps the session until it expires, unless it was closed).
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const id of [...this.conns.keys()]) this.drop(id);
  }

  /** Time.currentWallTime(). */
  currentWallTime(): number {
    return Date.now();
  }

  /** Time.currentElapsedTime(). */
  currentElapsedTime(): number {
    return performance.now();
  }

  random(): number {
    return Math.random();
  }

  trace<K extends ProtocolTraceKind>(_kind: K, _fields: ProtocolTraceEvents[K]): void {}

  exit(): void {
    this.close();
  }
}
