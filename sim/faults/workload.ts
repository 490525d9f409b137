// Client workloads as data: client sessions, each a list of ZooKeeper operations to issue one
// after another, with the think time before each. Validated with zod; the faults scenario
// generates one from the seed (scenarios/workload-gen.ts) or takes one given, replay files
// carry it, and the shrinker (sim/harness/shrink.ts) makes it smaller. scenarios/workload.ts runs it.
import { z } from 'zod';
import { isValidPath } from '../../protocol/datatree/PathUtils.ts';

const path = z.string().refine((p) => isValidPath(p), 'not a valid ZooKeeper path');
/** A create path may end in a sequential prefix ("/q-", even "/"). */
const createPath = z.string().refine((p) => isValidPath(p, true), 'not a valid ZooKeeper path');
const data = z.string().max(4096);
const version = z.number().int().min(-1);
const thinkMs = z.number().min(0).max(3_600_000);
/** A TTL node's ttl, ms (EphemeralType.TTL: 1 .. 2^40 - 1; the faults scenario enables extended types when a workload has one). */
const ttl = z.number().int().min(1).max(1_099_511_627_775);

/** The ACLs a workload's setACL may set (protocol/data.ts Ids): open, creator-all (auth), world read+admin. */
export const ACL_NAMES = ['open', 'creator', 'read-admin'] as const;
/** removeWatches' WatcherType of 3.8 (Children 1, Data 2, Any 3: Any also removes persistent watches). */
export const WATCHER_TYPES = ['children', 'data', 'any'] as const;

export const CREATE_MODES = [
  'persistent',
  'ephemeral',
  'persistent-sequential',
  'ephemeral-sequential',
  'container',
  'persistent-ttl',
  'persistent-sequential-ttl',
] as const;
export const CreateModeName = z.enum(CREATE_MODES);
export type CreateModeName = z.infer<typeof CreateModeName>;

/** One operation of a multi. */
export const SubOp = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('create'), path: createPath, data: data.optional(), mode: CreateModeName.optional() }),
  z.strictObject({ op: z.literal('setData'), path, data: data.optional(), version: version.optional() }),
  z.strictObject({ op: z.literal('delete'), path, version: version.optional() }),
  z.strictObject({ op: z.literal('check'), path, version: version.optional() }),
]);
export type SubOp = z.infer<typeof SubOp>;

/**
 * One operation, issued thinkMs after the previous one was issued, once the session is
 * connected and the previous one answered (until then the client looks again every thinkMs).
 * `sync` is sync then getData; `close` ends the session and the next op opens a new one.
 */
export const WorkloadOp = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('create'),
    path: createPath,
    data: data.optional(),
    mode: CreateModeName.optional(),
    ttl: ttl.optional(),
    thinkMs,
  }),
  z.strictObject({ op: z.literal('setData'), path, data: data.optional(), version: version.optional(), thinkMs }),
  z.strictObject({ op: z.literal('delete'), path, version: version.optional(), thinkMs }),
  z.strictObject({ op: z.literal('getData'), path, watch: z.boolean().optional(), thinkMs }),
  z.strictObject({ op: z.literal('exists'), path, watch: z.boolean().optional(), thinkMs }),
  z.strictObject({ op: z.literal('getChildren'), path, watch: z.boolean().optional(), thinkMs }),
  z.strictObject({ op: z.literal('multi'), ops: z.array(SubOp).min(1, 'needs at least one op'), thinkMs }),
  z.strictObject({ op: z.literal('sync'), path, thinkMs }),
  z.strictObject({ op: z.literal('close'), thinkMs }),
  // Generator v4's ops (older workloads have none of them: they replay as before).
  z.strictObject({ op: z.literal('reconnect'), thinkMs }),
  z.strictObject({
    op: z.literal('addWatch'),
    path,
    mode: z.enum(['persistent', 'persistent-recursive']),
    thinkMs,
  }),
  z.strictObject({ op: z.literal('removeWatches'), path, type: z.enum(WATCHER_TYPES), thinkMs }),
  z.strictObject({ op: z.literal('setACL'), path, acl: z.enum(ACL_NAMES), thinkMs }),
  z.strictObject({ op: z.literal('addAuth'), user: z.string().min(1).max(64), thinkMs }),
  z.strictObject({
    op: z.literal('multiRead'),
    ops: z.array(z.strictObject({ op: z.enum(['getData', 'getChildren']), path })).min(1, 'needs at least one op'),
    thinkMs,
  }),
]);
export type WorkloadOp = z.infer<typeof WorkloadOp>;

export const WorkloadClientSpec = z.strictObject({
  /** When the client process starts (global ms). */
  startMs: z.number().min(0).max(86_400_000),
  sessionTimeoutMs: z.number().int().min(1).max(3_600_000),
  ops: z.array(WorkloadOp),
  /**
   * What happens to the client's process, at atMs after it started (generator v4): `crash` (its
   * kernel resets its connections), `vanish` (its host goes silent: power off) — up again after
   * ms, as a new process with a new session that goes on with the ops —, or `pause` for ms (a
   * GC pause / SIGSTOP: sockets kept, timers late), or `partition`: cut off (silence, both ways)
   * from the servers listed (all of them without a list) for ms — the recipe scenarios draw it.
   */
  events: z
    .array(
      z.strictObject({
        atMs: z.number().min(0).max(86_400_000),
        what: z.enum(['crash', 'vanish', 'pause', 'partition']),
        ms: z.number().min(0).max(3_600_000),
        servers: z.array(z.number().int().min(1)).min(1).optional(),
      }),
    )
    .optional(),
  /** When the session expires, open a new one, as applications do (without: the client stops, as before v4). */
  reopen: z.boolean().optional(),
});
export type WorkloadClientSpec = z.infer<typeof WorkloadClientSpec>;

export const Workload = z.strictObject({
  clients: z.array(WorkloadClientSpec).max(26, 'at most 26 clients'),
  /** No op is issued after this much local time since the client started. */
  stopAfterMs: z.number().min(0).max(86_400_000).optional(),
});
export type Workload = z.infer<typeof Workload>;

/** How many ops a workload has (multis count once). */
export function workloadSize(w: Workload | null | undefined): number {
  return w ? w.clients.reduce((n, c) => n + c.ops.length, 0) : 0;
}
