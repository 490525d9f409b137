// Fault plans as data: a list of timed faults, validated with zod, applied to a world by
// scheduling each one. The same plans are what fuzzing generates and replay files carry.
// Server ids refer to the ensemble (server N is node sN).
import { z } from 'zod';
import { parseJsonWith } from './json-input.ts';
import type { World } from './world.ts';

const at = z.number().min(0, 'must be >= 0').max(86_400_000, 'must be at most one simulated day');
const servers = z.array(z.number().int().min(1).max(255)).min(1, 'needs at least one server');

export const Fault = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), at, servers }),
  z.strictObject({ type: z.literal('crash'), at, servers }),
  z.strictObject({ type: z.literal('restart'), at, servers }),
  z.strictObject({ type: z.literal('pause'), at, servers }),
  z.strictObject({ type: z.literal('resume'), at, servers }),
  /** Symmetric partition between groups: connections across them break. */
  z.strictObject({ type: z.literal('partition'), at, groups: z.array(servers).min(2, 'needs at least two groups') }),
  /** One-way partition: traffic from → to is held (TCP keeps retrying); to → from flows. */
  z.strictObject({ type: z.literal('one-way'), at, from: servers, to: servers }),
  z.strictObject({ type: z.literal('heal'), at }),
  /** Set a server's clock: a jump of offsetMs, and a drift in parts per million from now on. */
  z.strictObject({ type: z.literal('clock'), at, server: z.number().int().min(1).max(255), offsetMs: z.number().default(0), driftPpm: z.number().min(-100_000).max(100_000).default(0) }),
  /** Link latency between two servers (or every link, without servers). */
  z.strictObject({
    type: z.literal('latency'),
    at,
    servers: z.tuple([z.number().int(), z.number().int()]).optional(),
    latencyMs: z.number().min(0).max(60_000),
    jitterMs: z.number().min(0).max(60_000).default(0),
  }),
  /** Crash whichever server leads at that moment; restart it forMs later. */
  z.strictObject({ type: z.literal('crash-leader'), at, forMs: z.number().min(0).max(3_600_000) }),
  /** Cut whichever server leads at that moment off from every other server; heal forMs later. */
  z.strictObject({ type: z.literal('isolate-leader'), at, forMs: z.number().min(0).max(3_600_000) }),
  /** Disk fsyncs on these servers stall until at + forMs. */
  z.strictObject({ type: z.literal('disk-stall'), at, servers, forMs: z.number().min(0).max(3_600_000) }),
]);

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
  switch (f.type) {
    case 'partition':
      return f.groups.flat();
    case 'one-way':
      return [...f.from, ...f.to];
    case 'clock':
      return [f.server];
    case 'latency':
      return f.servers ?? [];
    case 'heal':
    case 'crash-leader':
    case 'isolate-leader':
      return [];
    default:
      return f.servers;
  }
}

export function checkServers(plan: FaultPlan, known: readonly number[]): void {
  plan.faults.forEach((f, i) => {
    for (const sid of serversOf(f)) {
      if (!known.includes(sid)) throw new FaultPlanError(`fault plan faults[${i}]: server ${sid} is not in the ensemble (${known.join(',')})`);
    }
  });
}

const node = (sid: number) => `s${sid}`;

/** Who leads now (for role-targeted faults), if anyone. */
export type LeaderResolver = () => number | undefined;

/** Apply one fault now. */
export function applyFault(world: World, f: Fault, leader?: LeaderResolver): void {
  const { at: _at, ...fields } = f;
  if (f.type === 'crash-leader' || f.type === 'isolate-leader') {
    const sid = leader?.();
    world.fault(f.type, { ...fields, leader: sid ?? null });
    if (sid === undefined) return;
    const all = [...world.nodes.keys()].filter((n) => /^s\d+$/.test(n)).map((n) => Number(n.slice(1)));
    if (f.type === 'crash-leader') {
      world.crash(node(sid));
      world.at(world.nowMs + f.forMs, 'restart leader', () => applyFault(world, { type: 'restart', at: 0, servers: [sid] }));
    } else {
      applyFault(world, { type: 'partition', at: 0, groups: [[sid], all.filter((x) => x !== sid)] });
      world.at(world.nowMs + f.forMs, 'heal leader', () => applyFault(world, { type: 'heal', at: 0 }));
    }
    return;
  }
  world.fault(f.type, fields);
  switch (f.type) {
    case 'start':
      return f.servers.forEach((s) => world.start(node(s)));
    case 'crash':
      return f.servers.forEach((s) => world.crash(node(s)));
    case 'restart':
      return f.servers.forEach((s) => world.restart(node(s)));
    case 'pause':
      return f.servers.forEach((s) => world.pause(node(s)));
    case 'resume':
      return f.servers.forEach((s) => world.resume(node(s)));
    case 'partition':
      for (let g = 0; g < f.groups.length; g++)
        for (let h = 0; h < f.groups.length; h++)
          if (g !== h) for (const a of f.groups[g]!) for (const b of f.groups[h]!) world.net.block(node(a), node(b));
      return;
    case 'one-way':
      for (const a of f.from) for (const b of f.to) world.net.block(node(a), node(b));
      return;
    case 'heal':
      world.net.healAll();
      return;
    case 'clock': {
      const c = world.node(node(f.server)).clock;
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
      for (const s of f.servers) world.node(node(s)).stallUntilUs = world.now + Math.round(f.forMs * 1000);
      return;
  }
}

/** Schedule every fault of the plan (role-targeted faults ask `leader` who leads then). */
export function schedulePlan(world: World, plan: FaultPlan, leader?: LeaderResolver): void {
  for (const f of plan.faults) world.at(f.at, f.type, () => applyFault(world, f, leader));
}
