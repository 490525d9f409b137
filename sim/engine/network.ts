// Connections, as ZooKeeper's TCP sockets see them. Each connection delivers FIFO per
// direction with seeded per-message latency. A crash or a symmetric partition breaks it: both
// live ends learn of it and in-flight messages are lost. A one-way partition holds the blocked
// direction's data (TCP keeps retransmitting) until it heals or the connection is closed;
// only the head of each direction's queue has an event scheduled, so order is structural;
// new connections across any partition time out. Connecting to an address nobody listens on
// is refused.
import type { CloseReason, ConnId, ConnectFailure, Message } from '../../protocol/actor.ts';
import type { Rng } from './random.ts';
import type { ConnFields } from './trace-events.ts';

export interface LinkOptions {
  /** One-way latency: base + uniform jitter, in ms. */
  latencyMs: number;
  jitterMs: number;
  /** Connection setup time (the handshake), in ms. */
  setupMs: number;
}

export const defaultLink: LinkOptions = { latencyMs: 0.5, jitterMs: 0.5, setupMs: 1 };

export interface Conn {
  readonly id: ConnId;
  /** ends[0] initiated, ends[1] accepted. */
  readonly ends: [string, string];
  readonly addr: string;
  /** When the connect started, and its timeout (µs). */
  readonly startedUs: number;
  readonly timeoutUs: number;
  /** Each end still has its socket open. */
  readonly open: [boolean, boolean];
  /** Established (handshake done). */
  established: boolean;
  /** Last scheduled delivery time per direction (0: ends[0]→ends[1]), for FIFO. */
  readonly last: [number, number];
  /** Data sent and not yet delivered, per direction, in order; only the head has an event. */
  readonly queue: [InFlight[], InFlight[]];
  /** The head of that direction's queue has a delivery event scheduled. */
  readonly scheduled: [boolean, boolean];
}

/** The end of a direction's data: the peer closed its socket (TCP's FIN), in order after the data. */
export const FIN: Message = Object.freeze({ type: '<fin>' });

export interface InFlight {
  msg: Message;
  at: number;
}

/** What the network needs from the world. */
export interface NetWorld {
  nowUs(): number;
  isUp(node: string): boolean;
  /** Schedule the arrival of the head of conn.queue[dir] at atUs; then call arrive(). */
  deliverLater(conn: Conn, dir: 0 | 1, atUs: number): void;
  notifyConnected(conn: Conn, atUs: number): void;
  notifyConnectFailed(conn: Conn, reason: ConnectFailure, atUs: number): void;
  notifyClosed(conn: Conn, end: 0 | 1, reason: CloseReason, atUs: number): void;
  /** A `conn` event on node: what happened and its fields. */
  traceNet(node: string, fields: ConnFields): void;
}

export class Network {
  private conns = new Map<ConnId, Conn>();
  private nextId = 1;
  private listeners = new Map<string, string>();
  private blocked = new Set<string>();
  private links = new Map<string, LinkOptions>();

  constructor(
    private readonly world: NetWorld,
    private readonly rng: Rng,
    public defaults: LinkOptions = defaultLink,
  ) {}

  link(a: string, b: string): LinkOptions {
    if (this.links.size === 0) return this.defaults;
    return this.links.get(a < b ? `${a}|${b}` : `${b}|${a}`) ?? this.defaults;
  }
  setLink(a: string, b: string, opts: LinkOptions): void {
    this.links.set(a < b ? `${a}|${b}` : `${b}|${a}`, opts);
  }

  latencyUs(a: string, b: string): number {
    const l = this.link(a, b);
    return Math.round((l.latencyMs + this.rng.next() * l.jitterMs) * 1000);
  }

  listen(node: string, addr: string): void {
    const owner = this.listeners.get(addr);
    if (owner !== undefined && owner !== node) throw new Error(`address ${addr} is already in use by ${owner}`);
    this.listeners.set(addr, node);
  }

  unlisten(node: string, addr: string): void {
    if (this.listeners.get(addr) === node) this.listeners.delete(addr);
  }

  /** The node listening on addr, if any. */
  owner(addr: string): string | undefined {
    return this.listeners.get(addr);
  }

  isBlocked(from: string, to: string): boolean {
    return this.blocked.size > 0 && this.blocked.has(`${from}>${to}`);
  }

  connect(from: string, addr: string, timeoutMs: number): ConnId {
    const id = this.nextId++;
    const to = this.listeners.get(addr) ?? '?';
    const conn: Conn = {
      id,
      ends: [from, to],
      addr,
      startedUs: this.world.nowUs(),
      timeoutUs: Math.round(timeoutMs * 1000),
      open: [true, true],
      established: false,
      last: [0, 0],
      queue: [[], []],
      scheduled: [false, false],
    };
    this.conns.set(id, conn);
    const now = this.world.nowUs();
    this.world.traceNet(from, { what: 'connect', conn: id, addr, to });
    if (to === '?' || !this.world.isUp(to)) {
      conn.open[0] = conn.open[1] = false;
      this.world.notifyConnectFailed(conn, 'refused', now + this.latencyUs(from, to) * 2);
    } else if (this.isBlocked(from, to) || this.isBlocked(to, from)) {
      conn.open[0] = conn.open[1] = false;
      this.world.notifyConnectFailed(conn, 'timeout', now + Math.round(timeoutMs * 1000));
    } else {
      const setup = Math.round(this.link(from, to).setupMs * 1000);
      conn.last[0] = conn.last[1] = now + setup;
      this.world.notifyConnected(conn, now + setup);
    }
    return id;
  }

  get(id: ConnId): Conn | undefined {
    return this.conns.get(id);
  }

  endOf(conn: Conn, node: string): 0 | 1 {
    return conn.ends[0] === node ? 0 : 1;
  }

  send(node: string, id: ConnId, msg: Message): void {
    const conn = this.conns.get(id);
    if (!conn) {
      // Broken already (the actor hears onClose soon): the write goes nowhere.
      this.world.traceNet(node, { what: 'drop', conn: id, m: msg.type, why: 'broken' });
      return;
    }
    const end = this.endOf(conn, node);
    const peer = conn.ends[1 - end]!;
    if (!conn.open[end] || !conn.established) {
      this.world.traceNet(node, { what: 'drop', conn: id, to: peer, m: msg.type, why: 'not-open' });
      return;
    }
    this.enqueue(conn, end, msg);
  }

  private enqueue(conn: Conn, dir: 0 | 1, msg: Message): void {
    const from = conn.ends[dir];
    const to = conn.ends[1 - dir]!;
    const at = Math.max(this.world.nowUs() + this.latencyUs(from, to), conn.last[dir]);
    conn.last[dir] = at;
    conn.queue[dir].push({ msg, at });
    if (!conn.scheduled[dir] && !this.isBlocked(from, to)) {
      conn.scheduled[dir] = true;
      this.world.deliverLater(conn, dir, at);
    }
  }

  /**
   * The head of direction `dir` is due. Returns the message the receiving end gets now (FIN:
   * the sender closed, the receiving socket is now closed too), or undefined (held by a
   * one-way partition, or the receiving socket is closed: then dropped).
   */
  arrive(conn: Conn, dir: 0 | 1): Message | undefined {
    conn.scheduled[dir] = false;
    const q = conn.queue[dir];
    const to = 1 - dir;
    if (!conn.open[to]) {
      q.length = 0;
      return undefined;
    }
    if (this.isBlocked(conn.ends[dir], conn.ends[to])) return undefined;
    const head = q.shift();
    if (!head) return undefined;
    if (q.length > 0) {
      conn.scheduled[dir] = true;
      this.world.deliverLater(conn, dir, Math.max(q[0]!.at, this.world.nowUs()));
    }
    if (head.msg === FIN) {
      conn.open[to] = false;
      q.length = 0;
      if (!conn.open[dir]) this.conns.delete(conn.id);
    }
    return head.msg;
  }

  /** Graceful close by `node`: the peer hears of it after the data already sent. */
  close(node: string, id: ConnId): void {
    const conn = this.conns.get(id);
    if (!conn) return;
    const end = this.endOf(conn, node);
    if (!conn.open[end]) return;
    conn.open[end] = false;
    this.world.traceNet(node, { what: 'close', conn: id });
    const other = (1 - end) as 0 | 1;
    if (conn.open[other] && conn.established) {
      // The FIN travels behind the data already sent, through the same ordered queue.
      this.enqueue(conn, end, FIN);
      return;
    } else if (!conn.established) {
      conn.open[other] = false;
    }
    if (!conn.open[0] && !conn.open[1]) this.conns.delete(id);
  }

  /** Break a connection: both live ends learn of it; in-flight data is lost. */
  private reset(conn: Conn, reason: CloseReason): void {
    const now = this.world.nowUs();
    const wasEstablished = conn.established;
    for (const end of [0, 1] as const) {
      if (!conn.open[end]) continue;
      conn.open[end] = false;
      const node = conn.ends[end];
      if (!this.world.isUp(node)) continue;
      if (wasEstablished) {
        this.world.notifyClosed(conn, end, reason, now + this.latencyUs(conn.ends[0], conn.ends[1]));
      } else if (end === 0) {
        // The handshake never completes: the connecting side hears a refusal (the peer's
        // process died: RST) or, across a partition, its connect timeout.
        if (reason === 'crash')
          this.world.notifyConnectFailed(conn, 'refused', now + this.latencyUs(conn.ends[0], conn.ends[1]));
        else this.world.notifyConnectFailed(conn, 'timeout', Math.max(now, conn.startedUs + conn.timeoutUs));
      }
    }
    conn.queue[0].length = conn.queue[1].length = 0;
    this.conns.delete(conn.id);
  }

  /** A node's process died: its sockets are gone, its listeners too. */
  crash(node: string): void {
    for (const [addr, owner] of [...this.listeners]) if (owner === node) this.listeners.delete(addr);
    for (const conn of [...this.conns.values()]) {
      if (conn.ends[0] !== node && conn.ends[1] !== node) continue;
      const end = this.endOf(conn, node);
      conn.open[end] = false;
      this.reset(conn, 'crash');
    }
  }

  /** Block traffic from → to. Blocking both directions breaks their connections. */
  block(from: string, to: string): void {
    this.blocked.add(`${from}>${to}`);
    if (this.blocked.has(`${to}>${from}`)) {
      for (const conn of [...this.conns.values()]) {
        const [a, b] = conn.ends;
        if ((a === from && b === to) || (a === to && b === from)) this.reset(conn, 'reset');
      }
    }
  }

  /** Unblock from → to; held data flows again, in order. */
  unblock(from: string, to: string): void {
    if (!this.blocked.delete(`${from}>${to}`)) return;
    const now = this.world.nowUs();
    for (const conn of this.conns.values()) {
      for (const dir of [0, 1] as const) {
        if (conn.ends[dir] !== from || conn.ends[1 - dir] !== to) continue;
        const q = conn.queue[dir];
        if (q.length === 0 || conn.scheduled[dir]) continue;
        // TCP retransmits the held data: it arrives one latency after the heal, in order.
        const at = Math.max(q[0]!.at, now + this.latencyUs(from, to));
        if (at > conn.last[dir]) conn.last[dir] = at;
        conn.scheduled[dir] = true;
        this.world.deliverLater(conn, dir, at);
      }
    }
  }

  healAll(): void {
    for (const key of [...this.blocked]) {
      const [from, to] = key.split('>') as [string, string];
      this.unblock(from, to);
    }
  }

  partitions(): string[] {
    return [...this.blocked].sort();
  }
}
