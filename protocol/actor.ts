// The actor contract: the only way protocol code touches the world.
// The simulator implements Context; the same actors could sit behind real sockets.
// Inputs arrive as calls (start, accept/connect/message/close, timer, disk-done);
// outputs leave through the context. Nothing else survives a crash but the disk.
import type { ProtocolTraceEvents, ProtocolTraceKind } from './trace.ts';

export type ConnId = number;
export type TimerId = number;
export type DiskToken = number;

/** A message on a connection. Messages are values: never mutate one after sending it. */
export interface Message {
  readonly type: string;
}

export type ConnectFailure = 'refused' | 'timeout';
export type CloseReason = 'closed' | 'reset' | 'crash';

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
}

/** One node's disk. Reads see the page cache (unsynced writes too); only fsync makes them durable. */
export interface Disk {
  read(file: string): string | undefined;
  exists(file: string): boolean;
  list(prefix?: string): string[];
  append(file: string, data: string): void;
  /** Replace the whole content (not durable until fsync). */
  write(file: string, data: string): void;
  /** Make everything written to `file` so far durable; onDiskDone(token) when it is. */
  fsync(file: string): DiskToken;
  /** Atomic rename; replaces `to`. Durable once it returns (as with a synced directory). */
  rename(from: string, to: string): void;
  truncate(file: string, length: number): void;
  delete(file: string): void;
}

export interface Context {
  /** This node's name ("s1", "c1"). */
  readonly id: string;
  /** This node's own clock, in milliseconds (offset and drift are the node's). */
  now(): number;
  readonly net: Net;
  readonly disk: Disk;
  setTimer(ms: number, tag: string): TimerId;
  cancelTimer(id: TimerId): void;
  /** This node's own seeded stream, in [0, 1). */
  random(): number;
  /** A protocol event for the trace, checkers and reports: its kind and fields (protocol/trace.ts). */
  trace<K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]): void;
  /** The process exits (a fatal start-up error, System.exit): no more inputs arrive. */
  exit(code: number, reason: string): void;
}

export interface Actor {
  start(): void;
  /** A connection to one of our listening addresses; remoteAddr is the peer's "host:port". */
  onAccept?(conn: ConnId, localAddr: string, remoteAddr: string): void;
  onConnect?(conn: ConnId): void;
  onConnectFailed?(conn: ConnId, reason: ConnectFailure): void;
  onMessage(conn: ConnId, msg: Message): void;
  onClose?(conn: ConnId, reason: CloseReason): void;
  onTimer(id: TimerId, tag: string): void;
  onDiskDone?(token: DiskToken): void;
}
