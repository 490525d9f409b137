// Fault plans as data: a list of faults, validated with zod, applied to a world. A fault
// happens either at a simulated time (`at`, ms) or on a step of the run (`on`: the nth trace
// event of a kind, on a node of a role, see sim/faults/triggers.ts). It hits servers by id
// (server N is node sN) or by role (`target`), resolved when it fires. The same plans are what
// fuzzing generates and replay files carry.
import { z } from 'zod';
import { parseJsonWith } from '../engine/json-input.ts';
import type { RoleTracker } from './roles.ts';
import { TRACE_KINDS } from '../engine/trace-events.ts';
import type { World } from '../engine/world.ts';

const at = z.number().min(0, 'must be >= 0').max(86_400_000, 'must be at most one simulated day');
const sid = z.number().int().min(1).max(255);
const servers = z.array(sid).min(1, 'needs at least one server');
const forMs = z.number().min(0).max(3_600_000);

/** Roles a trigger's node or a fault's target can name. */
export const ROLES = ['leader', 'follower', 'syncing-follower', 'observer'] as const;
export type RoleName = (typeof ROLES)[number];

const nodeSel = z
  .string()
  .refine(
    (v) => (ROLES as readonly string[]).includes(v) || /^s[1-9]\d*$/.test(v),
    'expected leader, follower, syncing-follower, observer or a server like s2',
  );

/**
 * "When the nth trace event of kind `event` happens on a node matching `node` (a role at that
 * moment, or a server sN), with every `where` field equal (dotted paths: "msg.type"), apply the
 * fault delayMs later." The fault runs as its own step, after the one that traced the event.
 */
export const Trigger = z.strictObject({
  event: z
    .string()
    .refine(
      (k) => TRACE_KINDS.has(k),
      'unknown trace event kind (zksim list shows none; see sim/engine/trace-events.ts and protocol/trace.ts)',
    ),
  node: nodeSel.optional(),
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  nth: z.number().int().min(1).max(1_000_000).optional(),
  delayMs: z.number().min(0).max(3_600_000).optional(),
});
export type Trigger = z.infer<typeof Trigger>;

/** Whom a fault hits, when not by server id: a role then, or the node the trigger event was on. */
export const Target = z.enum([...ROLES, 'trigger-node']);
export type Target = z.infer<typeof Target>;

const when = { at: at.optional(), on: Trigger.optional() };
const who = { servers: servers.optional(), target: Target.optional() };

const FaultUnion = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), ...when, ...who }),
  /** Crash; with forMs, restart forMs later. */
  z.strictObject({ type: z.literal('crash'), ...when, ...who, forMs: forMs.optional() }),
  z.strictObject({ type: z.literal('restart'), ...when, ...who }),
  /** Pause (SIGSTOP); with forMs, resume forMs later. */
  z.strictObject({ type: z.literal('pause'), ...when, ...who, forMs: forMs.optional() }),
  z.strictObject({ type: z.literal('resume'), ...when, ...who }),
  /** Symmetric partition between groups: connections across them break. With forMs, heal later. */
  z.strictObject({
    type: z.literal('partition'),
    ...when,
    groups: z.array(servers).min(2, 'needs at least two groups'),
    forMs: forMs.optional(),
  }),
  /** One-way partition: traffic from → to is held (TCP keeps retrying); to → from flows. */
  z.strictObject({ type: z.literal('one-way'), ...when, from: servers, to: servers, forMs: forMs.optional() }),
  z.strictObject({ type: z.literal('heal'), ...when }),
  /** Set a server's clock: a jump of offsetMs, and a drift in parts per million from now on. */
  z.strictObject({
    type: z.literal('clock'),
    ...when,
    server: sid.optional(),
    target: Target.optional(),
    offsetMs: z.number().default(0),
    driftPpm: z.number().min(-100_000).max(100_000).default(0),
  }),
  /** Link latency between two servers (or every link, without servers). */
  z.strictObject({
    type: z.literal('latency'),
    ...when,
    servers: z.tuple([z.number().int(), z.number().int()]).optional(),
    latencyMs: z.number().min(0).max(60_000),
    jitterMs: z.number().min(0).max(60_000).default(0),
  }),
  /** Crash whichever server leads at that moment; restart it forMs later. */
  z.strictObject({ type: z.literal('crash-leader'), ...when, forMs }),
  /** Cut whichever server leads at that moment off from every other server; heal forMs later. */
  z.strictObject({ type: z.literal('isolate-leader'), ...when, forMs }),
  /** Cut these servers (or the target) off from every other server; heal forMs later. */
  z.strictObject({ type: z.literal('isolate'), ...when, ...who, forMs }),
  /** Disk fsyncs on these servers stall until forMs from then. */
  z.strictObject({ type: z.literal('disk-stall'), ...when, ...who, forMs }),
]);

type AnyFault = z.infer<typeof FaultUnion>;

const TARGETED = new Set(['start', 'crash', 'restart', 'pause', 'resume', 'isolate', 'disk-stall']);

export const Fault = FaultUnion.superRefine((f: AnyFault, ctx) => {
  if ((f.at === undefined) === (f.on === undefined))
    ctx.addIssue({ code: 'custom', path: ['at'], message: "needs either 'at' (ms) or 'on' (a trigger), not both" });
  const has = (k: string) => (f as Record<string, unknown>)[k] !== undefined;
  if (f.type === 'clock' && has('server') === has('target'))
    ctx.addIssue({ code: 'custom', path: ['server'], message: "needs either 'server' or 'target', not both" });
  if (TARGETED.has(f.type) && has('servers') === has('target'))
    ctx.addIssue({ code: 'custom', path: ['servers'], message: "needs either 'servers' or 'target', not both" });
  if (has('target') && (f as { target?: string }).target === 'trigger-node' && f.on === undefined)
    ctx.addIssue({ code: 'custom', path: ['target'], message: "'trigger-node' needs an 'on' trigger" });
});

export const FaultPlan = z.strictObject({ faults: z.array(Fault) });

export type Fault = z.infer<typeof Fault>;
export type FaultPlan = z.infer<typeof FaultPlan>;

export class FaultPlanError extends Error {}

/** Validate plan JSON text: one-line error naming the field. */
export function parseFaultPlan(text: string, known?: readonly number[]): FaultPlan {
  const plan = parseJsonWith(text, FaultPlan, 'fault plan', (m) => new FaultPlanError(m));
  if (known) checkServers(plan, known);
  return plan;
}

function serversOf(f: Fault): number[] {
  const named: number[] = [];
  if (f.on?.node && /^s\d+$/.test(f.on.node)) named.push(Number(f.on.node.slice(1)));
  switch (f.type) {
    case 'partition':
      return [...named, ...f.groups.flat()];
    case 'one-way':
      return [...named, ...f.from, ...f.to];
    case 'clock':
      return [...named, ...(f.server !== undefined ? [f.server] : [])];
    case 'latency':
      return [...named, ...(f.servers ?? [])];
    case 'heal':
    case 'crash-leader':
    case 'isolate-leader':
      return named;
    default:
      return [...named, ...(f.servers ?? [])];
  }
}

export function checkServers(plan: FaultPlan, known: readonly number[]): void {
  plan.faults.forEach((f, i) => {
    for (const sid of serversOf(f)) {
      if (!known.includes(sid))
        throw new FaultPlanError(`fault plan faults[${i}]: server ${sid} is not in the ensemble (${known.join(',')})`);
    }
  });
}

const node = (sid: number) => `s${sid}`;
const serverIds = (world: World) =>
  [...world.nodes.keys()].filter((n) => /^s\d+$/.test(n)).map((n) => Number(n.slice(1)));

/** The servers a role names now (lowest id first); the trigger node for 'trigger-node'. */
export function serversInRole(roles: RoleTracker | undefined, role: Target, triggerNode?: string): number[] {
  if (role === 'trigger-node') return triggerNode && /^s\d+$/.test(triggerNode) ? [Number(triggerNode.slice(1))] : [];
  if (!roles) return [];
  const ids: number[] = [];
  for (const n of roles.roles.keys()) if (/^s\d+$/.test(n) && roles.is(n, role)) ids.push(Number(n.slice(1)));
  return ids.sort((a, b) => a - b);
}

/** Where a fault happens: who is what (role targets), and the node its trigger event was on. */
export interface FaultContext {
  roles?: RoleTracker;
  triggerNode?: string;
}

/** Apply one fault now. A role target picks the lowest-numbered server in that role then. */
export function applyFault(world: World, f: Fault, ctx: FaultContext = {}): void {
  if (f.type === 'crash-leader' || f.type === 'isolate-leader') {
    const { at: _at, ...fields } = f;
    const sid = serversInRole(ctx.roles, 'leader')[0];
    world.fault(f.type, { ...fields, leader: sid ?? null });
    if (sid === undefined) return;
    if (f.type === 'crash-leader') {
      world.crash(node(sid));
      world.at(world.nowMs + f.forMs, 'restart leader', () =>
        applyFault(world, { type: 'restart', at: 0, servers: [sid] }, ctx),
      );
    } else {
      applyFault(world, { type: 'partition', at: 0, groups: [[sid], serverIds(world).filter((x) => x !== sid)] }, ctx);
      world.at(world.nowMs + f.forMs, 'heal leader', () => applyFault(world, { type: 'heal', at: 0 }, ctx));
    }
    return;
  }
  if ('target' in f && f.target !== undefined) {
    const hit = serversInRole(ctx.roles, f.target, ctx.triggerNode).slice(0, 1);
    const { target: _t, ...rest } = f;
    if (hit.length === 0) {
      const { at: _at, ...fields } = f;
      world.fault(f.type, { ...fields, servers: [] }); // nobody in that role now: nothing happens
      return;
    }
    world.fault('target', { target: f.target, servers: hit });
    applyFault(world, (f.type === 'clock' ? { ...rest, server: hit[0]! } : { ...rest, servers: hit }) as Fault, ctx);
    return;
  }
  const { at: _at, ...fields } = f;
  world.fault(f.type, fields);
  const later = (ms: number | undefined, label: string, undo: Fault) => {
    if (ms !== undefined) world.at(world.nowMs + ms, label, () => applyFault(world, undo, ctx));
  };
  switch (f.type) {
    case 'start':
      return f.servers!.forEach((s) => world.start(node(s)));
    case 'crash':
      f.servers!.forEach((s) => world.crash(node(s)));
      return later(f.forMs, 'restart', { type: 'restart', at: 0, servers: f.servers! });
    case 'restart':
      return f.servers!.forEach((s) => world.restart(node(s)));
    case 'pause':
      f.servers!.forEach((s) => world.pause(node(s)));
      return later(f.forMs, 'resume', { type: 'resume', at: 0, servers: f.servers! });
    case 'resume':
      return f.servers!.forEach((s) => world.resume(node(s)));
    case 'partition':
      for (let g = 0; g < f.groups.length; g++)
        for (let h = 0; h < f.groups.length; h++)
          if (g !== h) for (const a of f.groups[g]!) for (const b of f.groups[h]!) world.net.block(node(a), node(b));
      return later(f.forMs, 'heal', { type: 'heal', at: 0 });
    case 'one-way':
      for (const a of f.from) for (const b of f.to) world.net.block(node(a), node(b));
      return later(f.forMs, 'heal', { type: 'heal', at: 0 });
    case 'isolate': {
      const cut = f.servers!;
      const rest = serverIds(world).filter((x) => !cut.includes(x));
      if (rest.length > 0) applyFault(world, { type: 'partition', at: 0, groups: [cut, rest] }, ctx);
      return later(f.forMs, 'heal', { type: 'heal', at: 0 });
    }
    case 'heal':
      world.net.healAll();
      return;
    case 'clock': {
      const c = world.node(node(f.server!)).clock;
      c.setDrift(world.now, f.driftPpm / 1e6);
      c.offsetUs += Math.round(f.offsetMs * 1000);
      return;
    }
    case 'latency': {
      const opts = { latencyMs: f.latencyMs, jitterMs: f.jitterMs, setupMs: 2 * f.latencyMs };
      if (f.servers) world.net.setLink(node(f.servers[0]), node(f.servers[1]), opts);
      else world.net.defaults = opts;
      return;
    }
    case 'disk-stall':
      for (const s of f.servers!) world.node(node(s)).stallUntilUs = world.now + Math.round(f.forMs * 1000);
      return;
  }
}
