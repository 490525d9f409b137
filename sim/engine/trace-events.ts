// The schema of every trace event: the world's own kinds (send, recv, conn, timer, disk, proc,
// fault: their fields here) and the protocol's (protocol/trace.ts). A TraceEvent is a union
// discriminated by `k`, so `switch (ev.k)` narrows to that kind's fields; conn, disk and proc
// events are unions again, on their `what` (disk: `op`). A fault event's fields are its fault
// kind's (sim/faults/kinds/), read through sim/faults/registry.ts's firedFault.
// Every event is { i, t, k, n, ...fields }: keys in that order, the fields in the order the
// emitter gives them (the trace hash follows key order, sim/engine/hash.ts).
import type { CloseReason, ConnId, ConnectFailure, Message } from '../../protocol/actor.ts';
import type { FsyncToken } from './disk.ts';
import type { DataRecipeFields } from './data-recipe-events.ts';
import { PROTOCOL_TRACE_KINDS, type ProtocolTraceEvents, type ProtocolTraceKind } from '../../protocol/trace.ts';

// ---- the network (sim/engine/network.ts, world.ts) -----------------------------------------

/** What happened to a connection, on node n. */
export type ConnFields =
  /** n opened a connection to addr, which `to` listens on ('?': nobody does). */
  | { what: 'connect'; conn: ConnId; addr: string; to: string }
  /** A send on a connection that is broken (gone already) or not open (not established, or closed by n): lost. */
  | { what: 'drop'; conn: ConnId; to?: string; m: string; why: 'broken' | 'not-open' }
  /**
   * n closed the connection itself (Net.close: no peer, no why), or heard it closed by `peer`:
   * why 'closed' (a FIN after the data), 'reset' (a partition or crash broke it), 'crash'.
   */
  | { what: 'close'; conn: ConnId; peer?: string; why?: CloseReason }
  /** n's connect to addr failed. */
  | { what: 'fail'; conn: ConnId; addr: string; why: ConnectFailure }
  /** n, listening on addr, accepted a connection from peer ... */
  | { what: 'accept'; conn: ConnId; peer: string; addr: string }
  /** ... and the connecting node n sees it open. */
  | { what: 'open'; conn: ConnId; peer: string; addr: string };

// ---- the disk (sim/engine/disk.ts) ---------------------------------------------------------

/** The disk operations a node's disk traces as it is asked for them. */
export type DiskOp = 'append' | 'write' | 'fsync' | 'rename' | 'truncate' | 'delete';

export type DiskFields =
  /** An operation on file (rename: "from>to"), bytes: what it wrote, kept or synced. */
  | { op: DiskOp; file: string; bytes: number }
  /** fsync `token` completed: what it covered is durable. */
  | { op: 'fsync-done'; token: FsyncToken };

// ---- processes (world.ts) ------------------------------------------------------------------

export type ProcFields =
  /** Node n started, incarnation inc (1 for its first start). */
  | { what: 'start'; inc: number }
  /** Paused (SIGSTOP, a long GC), resumed. */
  | { what: 'pause' | 'resume' }
  /** Crashed (memory and unsynced writes lost); cause 'power-off': its host lost power too (no kernel reset its connections). */
  | { what: 'crash'; cause?: 'power-off' }
  /** A host whose process was down already lost power (power-off), or got it back (power-on). */
  | { what: 'power-off' | 'power-on' }
  /** The process exited by itself (Context.exit: a fatal start-up error): a crash after a flush. */
  | { what: 'exit'; code: number; reason: string };

// ---- faults (applied by sim/faults; the engine only records them) ---------------------------

/**
 * The fields of a fault event: `what` is the fault's kind (or 'target': whom a role target hit,
 * just before the fault it resolved), then the fault's own fields (its plan entry without `at`,
 * plus what its kind traces). Their shape is the kind's (sim/faults/kinds/): the engine knows no
 * kind, and sim/faults/registry.ts's firedFault reads an event as the fault of its kind.
 */
export interface FaultFields {
  what: string;
  readonly [field: string]: unknown;
}

/** A fault event. It happens on no node. */
export interface FaultEvent extends FaultFields {
  i: number;
  t: number;
  k: 'fault';
  n?: undefined;
}

// ---- recipes (scenarios/recipes: what an application on ZooKeeper did) ------------------------

/**
 * What a recipe's client did as its application sees it (scenarios/recipes/), on its node n.
 * `role` is what it holds: the lock of a lock recipe, the mastership of an election. `token` is
 * the czxid of the znode that gave it the role (the fencing token), `session` its session.
 * - acquired: it now believes it holds the role;
 * - released: it no longer does (why: it let go, its session expired, it heard its connection
 *   drop and stepped down until it knows more — Curator's SUSPENDED —, the run's end stopped it;
 *   a crash of its process ends its belief too, as the proc event says);
 * - write: it wrote to the protected resource (scenarios/recipes/resource.ts) while believing it
 *   holds: accepted, or rejected by fencing (a token below the highest the resource has seen).
 * The data recipes' own (config, membership, registry, queue, barrier): data-recipe-events.ts.
 */
export type RecipeFields =
  | { what: 'acquired'; role: 'lock' | 'master'; session: bigint; token: number; node: string }
  | {
      what: 'released';
      role: 'lock' | 'master';
      session: bigint;
      token: number;
      why: 'done' | 'expired' | 'suspended' | 'stopped';
    }
  | { what: 'write'; role: 'lock' | 'master'; token: number; seq: number; accepted: boolean; highest: number }
  | DataRecipeFields;

// ---- every event -----------------------------------------------------------------------------

/** The world's own kinds, with their fields (all but fault happen on a node). */
export interface WorldTraceEvents {
  /** n sent msg on conn (Net.send while n runs; the network may still drop it: a conn drop follows). */
  send: { conn: ConnId; msg: Message };
  /** A message of type m arrived at n on conn from node `from`. */
  recv: { conn: ConnId; from: string; m: string };
  conn: ConnFields;
  /** Timer `tag` of n fired. */
  timer: { tag: string };
  disk: DiskFields;
  proc: ProcFields;
  recipe: RecipeFields;
}

/** Index, time and node: what every event has before its fields. */
interface Head<K extends string> {
  /** Index of the event in the run, from 0. */
  i: number;
  /** Simulated global time, microseconds. */
  t: number;
  /** Kind. */
  k: K;
  /** The node it happened on. */
  n: string;
}

/** The world's events on a node, and the protocol's, one per kind: its head and its fields. */
type WorldEventMap = { [K in keyof WorldTraceEvents]: Head<K> & WorldTraceEvents[K] };
type ProtocolEventMap = { [K in ProtocolTraceKind]: Head<K> & ProtocolTraceEvents[K] };

export type TraceKind = keyof WorldTraceEvents | 'fault' | ProtocolTraceKind;

/** The event of kind K (`EventOf<'zab.deliver'>`: a delivery, with its fields); of each, for a union K. */
export type EventOf<K extends TraceKind> = K extends ProtocolTraceKind
  ? ProtocolEventMap[K]
  : K extends keyof WorldTraceEvents
    ? WorldEventMap[K]
    : FaultEvent;

/** The fields of an event of kind K (what follows i, t, k, n); a fault's start with its `what`. */
export type TraceFieldsOf<K extends TraceKind> = K extends ProtocolTraceKind
  ? ProtocolTraceEvents[K]
  : K extends keyof WorldTraceEvents
    ? WorldTraceEvents[K]
    : FaultFields;

/** One trace event: discriminated by `k`. */
export type TraceEvent = WorldEventMap[keyof WorldTraceEvents] | FaultEvent | ProtocolEventMap[ProtocolTraceKind];

/** The world's own kinds, at run time. */
export const WORLD_TRACE_KINDS = {
  send: true,
  recv: true,
  conn: true,
  timer: true,
  disk: true,
  proc: true,
  recipe: true,
  fault: true,
} as const satisfies Record<keyof WorldTraceEvents | 'fault', true>;

/** Every kind (`k`) of trace event a run can produce: what a step trigger may name. */
export const TRACE_KINDS: ReadonlySet<string> = new Set<string>([
  ...Object.keys(WORLD_TRACE_KINDS),
  ...Object.keys(PROTOCOL_TRACE_KINDS),
]);
