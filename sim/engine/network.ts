// Connections, as ZooKeeper's TCP sockets see them. Each connection delivers FIFO per
// direction with seeded per-message latency; only the head of each direction's queue has an
// event scheduled, so order is structural.
// - A partition (any blocked direction, symmetric, one-way or per pair) is silence, as a dead
//   switch or `iptables -j DROP` is: nobody is told, sockets stay open, the blocked direction's
//   data waits in order (TCP's retransmission queue) and flows after the heal — unless the
//   sender's TCP gives up first: Linux's tcp_retries2 (15 by default, ~924.6 s with the RTO
//   doubling from 200 ms to at most 120 s; `tcpRetries2`), after which that end's socket fails
//   (ETIMEDOUT) and the other end hears nothing until its own data reaches a kernel that no
//   longer knows the connection (then RST). Keepalive (Net.setKeepAlive) probes an idle
//   connection after Linux's defaults (7200 s, then 9 probes 75 s apart). A connect across a
//   partition waits for its own timeout (SYN retries: tcp_syn_retries = 6, ~127 s, caps it).
// - `resetBlock` is the other partition: a firewall answering with RST — both ends of every
//   crossing connection hear a reset at once, in-flight data is lost, new connects time out.
// - A process crash: its live kernel resets its connections (the RST crosses any link that is
//   not blocked; across a blocked one the peer hears nothing until it sends). Connecting to an
//   address nobody listens on (on a host that is up) is refused.
// - A host power-off: silence, like a partition around the host; its kernel's connections are
//   gone, so once the host is back, data reaching them from a peer is answered with RST.
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

/** Linux's TCP_RTO_MIN and TCP_RTO_MAX, ms. */
const RTO_MIN_MS = 200;
const RTO_MAX_MS = 120_000;

/**
 * How long a sender retransmits unacknowledged data before its TCP gives up (Linux
 * retransmits_timed_out with the default RTO: the RTO doubles from TCP_RTO_MIN until it
 * reaches TCP_RTO_MAX, then stays): 15 retries (tcp_retries2's default) = 924.6 s.
 */
export function tcpGiveUpMs(retries2: number): number {
  const thresh = Math.floor(Math.log2(RTO_MAX_MS / RTO_MIN_MS)); // 9
  if (retries2 <= thresh) return RTO_MIN_MS * (2 ** (retries2 + 1) - 1);
  return RTO_MIN_MS * (2 ** (thresh + 1) - 1) + (retries2 - thresh) * RTO_MAX_MS;
}

/** A connect's SYN retries (tcp_syn_retries = 6: 1 + 2 + ... + 32 s, then 64 s for the last): 127 s. */
export const SYN_GIVE_UP_MS = 127_000;

/** Keepalive's give-up on an idle connection (tcp_keepalive_time 7200 s + 9 probes × 75 s). */
export const KEEPALIVE_PROBE_MS = 75_000;
export const KEEPALIVE_GIVE_UP_MS = 7200_000 + 9 * KEEPALIVE_PROBE_MS;

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
  /**
   * That end's kernel no longer knows the connection (its TCP gave up, or its host lost power):
   * data reaching it is answered with RST.
   */
  readonly forgotten: [boolean, boolean];
  /** SO_KEEPALIVE on that end's socket. */
  readonly keepAlive: [boolean, boolean];
  /** When data last arrived at that end (µs): keepalive measures idleness from it. */
  readonly lastHeard: [number, number];
}

/** The end of a direction's data: the peer closed its socket (TCP's FIN), in order after the data. */
export const FIN: Message = Object.freeze({ type: '<fin>' });

export interface InFlight {
  msg: Message;
  at: number;
  /** When it was sent (µs): the sender's TCP gives up retransmitting it tcpGiveUpMs later. */
  sent: number;
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
  /** Run fn at atUs (a TCP give-up check). */
  later(atUs: number, fn: () => void): void;
  /** A `conn` event on node: what happened and its fields. */
  traceNet(node: string, fields: ConnFields): void;
}

export class Network {
  private conns = new Map<ConnId, Conn>();
  private nextId = 1;
  private listeners = new Map<string, string>();
  private blocked = new Set<string>();
  private links = new Map<string, LinkOptions>();
  /** The host an address belongs to (its last listener): a SYN to it goes there. */
  private readonly addrHosts = new Map<string, string>();
  /** Blocked directions that are a `reset` partition's (a firewall answering with RST), not silence. */
  private readonly rst = new Set<string>();
  /** Hosts without power: silence to and from them. */
  private readonly hostsDown = new Set<string>();
  /** Linux's tcp_retries2 (the run option --tcp-retries2). */
  tcpRetries2 = 15;

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
    this.addrHosts.set(addr, node);
  }

  unlisten(node: string, addr: string): void {
    if (this.listeners.get(addr) === node) this.listeners.delete(addr);
  }

  /** The node listening on addr, if any. */
  owner(addr: string): string | undefined {
    return this.listeners.get(addr);
  }

  isBlocked(from: string, to: string): boolean {
    if (this.hostsDown.size > 0 && (this.hostsDown.has(from) || this.hostsDown.has(to))) return true;
    return this.blocked.size > 0 && this.blocked.has(`${from}>${to}`);
  }

  /** Nothing gets from a to b or back (a silent partition or a host without power): a SYN is not answered. */
  private silentBetween(a: string, b: string): boolean {
    if (this.hostsDown.has(a) || this.hostsDown.has(b)) return true;
    if (this.blocked.size === 0) return false;
    const ab = `${a}>${b}`;
    const ba = `${b}>${a}`;
    return (this.blocked.has(ab) && !this.rst.has(ab)) || (this.blocked.has(ba) && !this.rst.has(ba));
  }

  /** The host has no power (power-off): nothing reaches it, nothing leaves it. */
  isHostDown(node: string): boolean {
    return this.hostsDown.has(node);
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
      forgotten: [false, false],
      keepAlive: [false, false],
      lastHeard: [0, 0],
    };
    this.conns.set(id, conn);
    const now = this.world.nowUs();
    this.world.traceNet(from, { what: 'connect', conn: id, addr, to });
    // A SYN across a partition or to a host without power is never answered: the connect waits
    // for its own timeout (Socket.connect(addr, timeout); 0 is none), or for the SYN retries.
    const host = to !== '?' ? to : this.addrHosts.get(addr);
    if (host !== undefined && this.silentBetween(from, host)) {
      conn.open[0] = conn.open[1] = false;
      const waitMs = timeoutMs > 0 ? Math.min(timeoutMs, SYN_GIVE_UP_MS) : SYN_GIVE_UP_MS;
      this.world.notifyConnectFailed(conn, 'timeout', now + Math.round(waitMs * 1000));
    } else if (to === '?' || !this.world.isUp(to)) {
      conn.open[0] = conn.open[1] = false;
      this.world.notifyConnectFailed(conn, 'refused', now + this.latencyUs(from, to) * 2);
    } else if (this.isBlocked(from, to) || this.isBlocked(to, from)) {
      // Across a `reset` partition (resetBetween), as zksim generator v2 had every partition.
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
    const now = this.world.nowUs();
    const at = Math.max(now + this.latencyUs(from, to), conn.last[dir]);
    conn.last[dir] = at;
    const item: InFlight = { msg, at, sent: now };
    conn.queue[dir].push(item);
    if (conn.scheduled[dir]) return;
    if (!this.isBlocked(from, to)) {
      conn.scheduled[dir] = true;
      this.world.deliverLater(conn, dir, at);
    } else if (conn.queue[dir].length === 1) this.armGiveUp(conn, dir);
  }

  /**
   * The head of direction dir is held (blocked): the sender retransmits it until its TCP gives
   * up, tcpGiveUpMs(tcpRetries2) after it was sent; then that end's socket fails (ETIMEDOUT) and
   * its kernel forgets the connection. The peer is told nothing.
   */
  private armGiveUp(conn: Conn, dir: 0 | 1): void {
    const head = conn.queue[dir][0];
    if (!head) return;
    const atUs = head.sent + Math.round(tcpGiveUpMs(this.tcpRetries2) * 1000);
    this.world.later(Math.max(atUs, this.world.nowUs()), () => {
      if (conn.queue[dir][0] !== head || conn.scheduled[dir] || !conn.open[dir]) return;
      if (this.conns.get(conn.id) !== conn) return;
      this.forget(conn, dir, 'timeout');
    });
  }

  /**
   * End `end`'s socket fails (`why`: its TCP gave up) and its kernel forgets the connection: its
   * unsent data is dropped; the peer hears nothing until its data reaches this end (then RST).
   */
  private forget(conn: Conn, end: 0 | 1, why: CloseReason): void {
    conn.open[end] = false;
    conn.forgotten[end] = true;
    conn.queue[end].length = 0;
    const node = conn.ends[end];
    if (this.world.isUp(node)) this.world.notifyClosed(conn, end, why, this.world.nowUs());
    if (!conn.open[0] && !conn.open[1]) this.conns.delete(conn.id);
  }

  /** Keepalive on one end's socket (Socket.setKeepAlive): an idle connection is probed. */
  setKeepAlive(node: string, id: ConnId, on: boolean): void {
    const conn = this.conns.get(id);
    if (!conn) return;
    const end = this.endOf(conn, node);
    if (conn.keepAlive[end] === on) return;
    conn.keepAlive[end] = on;
    if (on) this.armKeepAlive(conn, end);
  }

  /**
   * Keepalive (Linux's defaults): once the connection has been idle at `end` for 7200 s, probes go
   * out every 75 s; 9 unanswered ones fail the socket (ETIMEDOUT). A probe is answered when the
   * peer's kernel knows the connection and the path is open both ways.
   */
  private armKeepAlive(conn: Conn, end: 0 | 1, atUs = conn.lastHeard[end] + KEEPALIVE_GIVE_UP_MS * 1000): void {
    this.world.later(Math.max(atUs, this.world.nowUs()), () => {
      if (this.conns.get(conn.id) !== conn || !conn.open[end] || !conn.keepAlive[end]) return;
      const me = conn.ends[end];
      const peer = conn.ends[1 - end]!;
      const nowUs = this.world.nowUs();
      const answered = !conn.forgotten[1 - end] && !this.isBlocked(me, peer) && !this.isBlocked(peer, me);
      if (answered) {
        conn.lastHeard[end] = nowUs;
        this.armKeepAlive(conn, end);
      } else if (nowUs - conn.lastHeard[end] < KEEPALIVE_GIVE_UP_MS * 1000) {
        // Heard from since this was armed: idle again from then.
        this.armKeepAlive(conn, end);
      } else if (conn.queue[end].length > 0) {
        // Data in flight: retransmission times it instead; look again a probe interval later.
        this.armKeepAlive(conn, end, nowUs + KEEPALIVE_PROBE_MS * 1000);
      } else this.forget(conn, end, 'timeout');
    });
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
    if (this.isBlocked(conn.ends[dir], conn.ends[to])) {
      this.armGiveUp(conn, dir);
      return undefined;
    }
    if (!conn.open[to]) {
      q.length = 0;
      if (conn.forgotten[to] && conn.open[dir]) {
        // Its kernel no longer knows the connection (TCP gave up, or the host lost power): RST.
        conn.open[dir] = false;
        const node = conn.ends[dir];
        if (this.world.isUp(node))
          this.world.notifyClosed(conn, dir, 'reset', this.world.nowUs() + this.latencyUs(conn.ends[0], conn.ends[1]));
        this.conns.delete(conn.id);
      }
      return undefined;
    }
    const head = q.shift();
    if (!head) return undefined;
    conn.lastHeard[to] = this.world.nowUs();
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

  /**
   * A node's process died: its sockets are gone, its listeners too. Its kernel, alive, resets
   * each connection: the peer hears the RST unless the way to it is blocked (a silent
   * partition drops the RST too: the peer hears nothing until its own data comes back, RST).
   */
  crash(node: string): void {
    for (const [addr, owner] of [...this.listeners]) if (owner === node) this.listeners.delete(addr);
    for (const conn of [...this.conns.values()]) {
      if (conn.ends[0] !== node && conn.ends[1] !== node) continue;
      const end = this.endOf(conn, node);
      const peer = conn.ends[1 - end]!;
      if (conn.established && this.isBlocked(node, peer) && !this.rst.has(`${node}>${peer}`)) {
        this.forget(conn, end, 'crash');
        continue;
      }
      conn.open[end] = false;
      this.reset(conn, 'crash');
    }
  }

  /**
   * A host lost power: its process and kernel are gone at once, nobody is told. Its connections
   * are silent from now on; once it is back (powerOn), data reaching them is answered with RST.
   */
  powerOff(node: string): void {
    this.hostsDown.add(node);
    for (const [addr, owner] of [...this.listeners]) if (owner === node) this.listeners.delete(addr);
    for (const conn of [...this.conns.values()]) {
      if (conn.ends[0] !== node && conn.ends[1] !== node) continue;
      const end = this.endOf(conn, node);
      if (conn.established) {
        this.forget(conn, end, 'crash');
        continue;
      }
      // A handshake under way: the SYN (or its answer) is lost; the connecting side times out.
      conn.open[0] = conn.open[1] = false;
      if (end === 1 && this.world.isUp(conn.ends[0]))
        this.world.notifyConnectFailed(conn, 'timeout', Math.max(this.world.nowUs(), conn.startedUs + conn.timeoutUs));
      this.conns.delete(conn.id);
    }
  }

  /** The host has power again (its process is not running yet: connects to it are refused). */
  powerOn(node: string): void {
    if (!this.hostsDown.delete(node)) return;
    for (const conn of this.conns.values())
      for (const dir of [0, 1] as const) if (conn.ends[0] === node || conn.ends[1] === node) this.flow(conn, dir);
  }

  /**
   * Blocking one direction (a silent partition): its data is held, nobody is told. A handshake
   * under way across it loses its SYN or SYN-ACK: the dialer hears its connect timeout.
   */
  block(from: string, to: string): void {
    this.blocked.add(`${from}>${to}`);
    for (const conn of [...this.conns.values()]) {
      if (conn.established) continue;
      const [a, b] = conn.ends;
      if (!((a === from && b === to) || (a === to && b === from))) continue;
      conn.open[0] = conn.open[1] = false;
      if (this.world.isUp(a))
        this.world.notifyConnectFailed(conn, 'timeout', Math.max(this.world.nowUs(), conn.startedUs + conn.timeoutUs));
      this.conns.delete(conn.id);
    }
  }

  /**
   * A firewall that answers with RST, from → to (the `reset` fault; every partition was this up
   * to zksim generator v2): the direction is blocked, and once both directions are, both ends of
   * every connection between them hear a reset at once, their in-flight data lost.
   */
  resetBlock(from: string, to: string): void {
    this.blocked.add(`${from}>${to}`);
    this.rst.add(`${from}>${to}`);
    if (this.blocked.has(`${to}>${from}`)) {
      for (const conn of [...this.conns.values()]) {
        const [a, b] = conn.ends;
        if ((a === from && b === to) || (a === to && b === from)) this.reset(conn, 'reset');
      }
    }
  }

  /** Unblock from → to; held data flows again, in order. */
  unblock(from: string, to: string): void {
    const key = `${from}>${to}`;
    this.rst.delete(key);
    if (!this.blocked.delete(key)) return;
    for (const conn of this.conns.values()) {
      for (const dir of [0, 1] as const) {
        if (conn.ends[dir] !== from || conn.ends[1 - dir] !== to) continue;
        this.flow(conn, dir);
      }
    }
  }

  /** Held data of direction dir flows again if the way is open: TCP retransmits it, one latency from now, in order. */
  private flow(conn: Conn, dir: 0 | 1): void {
    const from = conn.ends[dir];
    const to = conn.ends[1 - dir]!;
    const q = conn.queue[dir];
    if (q.length === 0 || conn.scheduled[dir] || this.isBlocked(from, to)) return;
    const at = Math.max(q[0]!.at, this.world.nowUs() + this.latencyUs(from, to));
    if (at > conn.last[dir]) conn.last[dir] = at;
    conn.scheduled[dir] = true;
    this.world.deliverLater(conn, dir, at);
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
