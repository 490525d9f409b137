// The actor contract: the only way protocol code touches the world.
// The simulator implements Context; the same actors could sit behind real sockets.
// Inputs arrive as calls: start and the connection events of Actor, and the callbacks a piece
// of code bound to its own timers and fsyncs (setTimer's onFire, fsync's onDurable). Outputs
// leave through the context. Nothing else survives a crash but the disk.
import type { ProtocolTraceEvents, ProtocolTraceKind } from './trace.ts';

export type ConnId = number;
export type TimerId = number;

/** A message on a connection. Messages are values: never mutate one after sending it. */
export interface Message {
  readonly type: string;
}

export type ConnectFailure = 'refused' | 'timeout';
/**
 * Why a connection ended: the peer closed it (FIN after its data), a reset (RST: a `reset`
 * partition, a kernel that no longer knows the connection), the peer's process crashed (its
 * kernel's RST), or our own TCP gave up (ETIMEDOUT: retransmission or keepalive unanswered).
 */
export type CloseReason = 'closed' | 'reset' | 'crash' | 'timeout';

/** Connections, as TCP gives them: FIFO per connection, broken by crashes and partitions. */
export interface Net {
  /** Accept connections on `addr` ("host:port"). */
  listen(addr: string): void;
  /** Stop accepting on `addr` (connections already accepted stay). */
  unlisten(addr: string): void;
  /** Start a connection; the actor hears onConnect or onConnectFailed later. */
  connect(addr: string, timeoutMs: number): ConnId;
  send(conn: ConnId, msg: Message): void;
  /** Close gracefully: data already sent is still delivered, then the peer hears onClose. */
  close(conn: ConnId): void;
  /**
   * SO_KEEPALIVE (Socket.setKeepAlive): an idle connection is probed, and fails (onClose
   * 'timeout') when the probes go unanswered (Linux's defaults: 7200 s idle, 9 probes 75 s apart).
   */
  setKeepAlive(conn: ConnId, on: boolean): void;
}

/**
 * One node's disk, as the page cache shows it: every call takes effect at once for reads
 * (unsynced writes too), and nothing is durable until an fsync of the file completes
 * (Scope.fsync: the completion is a callback, so it lives on the scope, not here).
 */
export interface Disk {
  read(file: string): string | undefined;
  exists(file: string): boolean;
  list(prefix?: string): string[];
  append(file: string, data: string): void;
  /** Replace the whole content (not durable until fsync). */
  write(file: string, data: string): void;
  /** Atomic rename; replaces `to`. Durable once it returns (as with a synced directory). */
  rename(from: string, to: string): void;
  truncate(file: string, length: number): void;
  delete(file: string): void;
}

/**
 * A scope: the timers and fsync completions of one owner (an election round, a role, a
 * server, its session tracker, ...), each callback bound to the code that asked for it.
 * A scope is opened by its owner's owner (`scope(name)`) and closed in the owner's shutdown,
 * the way 3.8's shutdown paths stop a component's threads and timers:
 * - close() cancels every pending timer of the scope (its onFire never runs);
 * - it drops every pending fsync callback (onDurable never runs) — the data still becomes
 *   durable when the disk completes the fsync, as the kernel finishes a write whoever waits;
 * - it closes every child scope, and the scope stops taking work: a timer set on a closed
 *   scope never fires, an fsync issued on it is made durable with no callback.
 * Every incarnation of a process has a root scope (its Context), which the world closes when
 * the incarnation ends (crash, exit): no callback of a dead process ever runs.
 */
export interface Scope {
  /** The scope's path: the node's name, then the name of each scope down to this one ("s1/leader"). */
  readonly scopeName: string;
  /** True once closed (by its owner, an ancestor, or the end of the incarnation). */
  readonly closed: boolean;
  /**
   * Call onFire after `ms` of this node's monotonic clock (currentElapsedTime: what
   * Thread.sleep, Object.wait and socket timeouts wait out; a wall-clock step does not move
   * it, a rate drift does), unless cancelled or the scope closes first. `tag` names the timer
   * in the trace (a `timer` event with that tag when it fires).
   */
  setTimer(ms: number, tag: string, onFire: () => void): TimerId;
  /** Cancel a pending timer of this scope (a fired, cancelled or unknown id: nothing happens). */
  cancelTimer(id: TimerId): void;
  /** Make everything written to `file` so far durable; then call onDurable (if the scope is still open). */
  fsync(file: string, onDurable: () => void): void;
  /** A child scope: closed with this one, or on its own by close(). */
  scope(name: string): Context;
  /** Cancel, drop and close as described above. Closing twice does nothing. */
  close(): void;
}

/** What protocol code is given: the node's world, and a scope for the callbacks it binds. */
export interface Context extends Scope {
  /** This node's name ("s1", "c1"). */
  readonly id: string;
  /**
   * This node's wall clock, ms since 1970 (µs precision): ZooKeeper's Time.currentWallTime(),
   * System.currentTimeMillis(). It can step, forward or back (NTP, an operator), and its rate
   * drifts with the node's oscillator. 3.8 reads it for what is a date: a txn's time (a znode's
   * ctime and mtime), the config node's mtime, a connection's `established`.
   */
  currentWallTime(): number;
  /**
   * This node's monotonic clock, ms from an arbitrary origin (µs precision): ZooKeeper's
   * Time.currentElapsedTime(), System.nanoTime() / 1e6. It never steps; only its rate drifts
   * (the same oscillator as the wall clock). 3.8 reads it for every deadline and duration:
   * session and connection expiry (ExpiryQueue), the learner's connect deadline, latencies,
   * uptime. Timers run by it.
   */
  currentElapsedTime(): number;
  readonly net: Net;
  readonly disk: Disk;
  /** This node's own seeded stream, in [0, 1). */
  random(): number;
  /** A protocol event for the trace, checkers and reports: its kind and fields (protocol/trace.ts). */
  trace<K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]): void;
  /** The process exits (a fatal start-up error, System.exit): no more inputs arrive. */
  exit(code: number, reason: string): void;
}

/**
 * A process. Connection events are routed by the world to the actor by connection id (a
 * connection is the process's, not one component's: the actor hands it on to the component
 * that owns it); timers and fsyncs need no routing, they call back the code that set them.
 */
export interface Actor {
  start(): void;
  /** A connection to one of our listening addresses; remoteAddr is the peer's "host:port". */
  onAccept?(conn: ConnId, localAddr: string, remoteAddr: string): void;
  onConnect?(conn: ConnId): void;
  onConnectFailed?(conn: ConnId, reason: ConnectFailure): void;
  onMessage(conn: ConnId, msg: Message): void;
  onClose?(conn: ConnId, reason: CloseReason): void;
}
