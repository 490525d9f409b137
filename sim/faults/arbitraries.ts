// fast-check arbitraries for fault plans (timed and step-triggered faults, server and role
// targets) and client workloads, for property tests and for the shrinker (sim/harness/shrink.ts).
// Every plan and workload the faults scenario generates from a seed lies in their space
// (canShrinkWithoutContext holds: test/sim/arbitraries.test.ts), so fast-check can shrink a
// failing run's data without the context of a generation. Composite values are built with
// fc.tuple(...).map(merge, split): the split (unmapper) is what makes shrinking without
// context possible.
import fc from 'fast-check';
import type { Fault, FaultPlan, Trigger } from './plan.ts';
import { CREATE_MODES, type SubOp, type Workload, type WorkloadClientSpec, type WorkloadOp } from './workload.ts';

export interface PlanArbOptions {
  /** Server ids of the ensemble. */
  servers: number[];
  /** Timed faults happen in 0..horizonMs. */
  horizonMs: number;
  /** Most faults in a plan (shrinking accepts up to maxFaults; generation stays smaller). */
  maxFaults?: number;
  /**
   * Every fault undoes itself: crash, pause, partition and one-way always have forMs (so a plan
   * plus a final heal-and-start leaves a healthy ensemble; for "no checker fires" properties).
   */
  healing?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * An object made of parts, each part an arbitrary of objects with its own keys (`keys[i]`):
 * generated as the parts merged, split back by key for shrinking without context.
 */
function merged<T>(parts: fc.Arbitrary<Obj>[], keys: string[][]): fc.Arbitrary<T> {
  return fc.tuple(...parts).map(
    (ps) => Object.assign({}, ...ps) as T,
    (v) => {
      if (!isObj(v)) throw new Error('not an object');
      const out: Obj[] = keys.map(() => ({}));
      for (const [k, x] of Object.entries(v)) {
        const i = keys.findIndex((ks) => ks.includes(k));
        if (i < 0) throw new Error(`unexpected key ${k}`);
        out[i]![k] = x;
      }
      return out;
    },
  );
}

/** Trace kinds worth triggering on, with the fields that tell their instances apart. */
const MSG_TYPES = [
  'PROPOSAL',
  'ACK',
  'COMMIT',
  'NEWLEADER',
  'UPTODATE',
  'SNAP',
  'DIFF',
  'TRUNC',
  'INFORM',
  'PING',
] as const;
const PLAIN_EVENTS = [
  'zab.propose',
  'zab.ack',
  'zab.commit',
  'zab.logged',
  'zab.deliver',
  'zab.newepoch',
  'zab.established',
  'zab.sync',
  'zab.sync-learner',
  'zab.connected',
  'zab.uptodate',
  'zab.snap',
  'zab.truncate',
  'zab.leader-shutdown',
  'zab.learner-shutdown',
  'fle.decide',
  'state',
  'disk',
  'client.call',
] as const;

export function triggerArb(servers: number[]): fc.Arbitrary<Trigger> {
  const node = fc.constantFrom('leader', 'follower', 'syncing-follower', 'observer', ...servers.map((s) => `s${s}`));
  const common = { node, nth: fc.integer({ min: 1, max: 20 }), delayMs: fc.integer({ min: 0, max: 2000 }) };
  return fc.oneof(
    fc.record({ event: fc.constantFrom(...PLAIN_EVENTS), ...common }, { requiredKeys: ['event'] }),
    fc.record(
      { event: fc.constant('send'), where: fc.record({ 'msg.type': fc.constantFrom(...MSG_TYPES) }), ...common },
      { requiredKeys: ['event', 'where'] },
    ),
    fc.record(
      { event: fc.constant('recv'), where: fc.record({ m: fc.constantFrom(...MSG_TYPES) }), ...common },
      { requiredKeys: ['event', 'where'] },
    ),
    fc.record(
      {
        event: fc.constant('zab.sync'),
        where: fc.record({ mode: fc.constantFrom('DIFF', 'TRUNC', 'SNAP', 'TRUNC+DIFF') }),
        ...common,
      },
      { requiredKeys: ['event', 'where'] },
    ),
    // The learner's side of a sync, and its epoch-file writes (swarm's protocol-step episodes hit these).
    fc.record(
      {
        event: fc.constant('zab.sync-learner'),
        where: fc.record({ mode: fc.constantFrom('DIFF', 'TRUNC', 'SNAP') }),
        ...common,
      },
      { requiredKeys: ['event', 'where'] },
    ),
    fc.record(
      {
        event: fc.constant('zab.epoch'),
        where: fc.record({ file: fc.constantFrom('currentEpoch', 'acceptedEpoch') }),
        ...common,
      },
      { requiredKeys: ['event', 'where'] },
    ),
  ) as fc.Arbitrary<Trigger>;
}

export function faultArb(o: PlanArbOptions): fc.Arbitrary<Fault> {
  const sid = fc.constantFrom(...o.servers);
  const servers = fc.array(sid, { minLength: 1, maxLength: o.servers.length });
  const forMs = fc.integer({ min: 0, max: 20_000 });
  const when = fc.oneof(
    fc.record({ at: fc.integer({ min: 0, max: o.horizonMs }) }),
    fc.record({ on: triggerArb(o.servers) }),
  );
  const who = fc.oneof(
    fc.record({ servers }),
    fc.record({ target: fc.constantFrom('leader', 'follower', 'syncing-follower', 'observer', 'trigger-node') }),
  );
  const WHEN = ['at', 'on'];
  const WHO = ['servers', 'target'];
  const kind = (
    type: string,
    body: Record<string, fc.Arbitrary<unknown>> = {},
    required: string[] = Object.keys(body),
    targeted = false,
  ): fc.Arbitrary<Fault> => {
    const model: Record<string, fc.Arbitrary<unknown>> = { type: fc.constant(type), ...body };
    const b = fc.record(model, { requiredKeys: ['type', ...required] }) as fc.Arbitrary<Obj>;
    const parts = targeted ? [b, when, who] : [b, when];
    const keys = targeted ? [['type', ...Object.keys(body)], WHEN, WHO] : [['type', ...Object.keys(body)], WHEN];
    return merged<Fault>(parts as fc.Arbitrary<Obj>[], keys);
  };
  return fc
    .oneof(
      kind('crash', { forMs }, o.healing ? ['forMs'] : [], true),
      kind('restart', {}, [], true),
      kind('start', {}, [], true),
      kind('pause', { forMs }, o.healing ? ['forMs'] : [], true),
      kind('resume', {}, [], true),
      kind('isolate', { forMs }, ['forMs'], true),
      kind('disk-stall', { forMs }, ['forMs'], true),
      kind(
        'partition',
        { groups: fc.array(servers, { minLength: 2, maxLength: 3 }), forMs },
        o.healing ? ['groups', 'forMs'] : ['groups'],
      ),
      kind('one-way', { from: servers, to: servers, forMs }, o.healing ? ['from', 'to', 'forMs'] : ['from', 'to']),
      kind('heal'),
      kind('crash-leader', { forMs }),
      kind('isolate-leader', { forMs }),
      kind('latency', {
        latencyMs: fc.double({ min: 0, max: 200, noNaN: true }),
        jitterMs: fc.double({ min: 0, max: 100, noNaN: true }),
      }),
      kind('clock', {
        server: sid,
        offsetMs: fc.integer({ min: -1000, max: 1000 }),
        driftPpm: fc.integer({ min: -1000, max: 1000 }),
      }),
    )
    .filter((f) => !('target' in f && f.target === 'trigger-node' && f.at !== undefined));
}

export function planArb(o: PlanArbOptions): fc.Arbitrary<FaultPlan> {
  return fc.record({ faults: fc.array(faultArb(o), { maxLength: o.maxFaults ?? 100, size: 'small' }) });
}

// ---- workloads ------------------------------------------------------------------------------

/** The small namespace the generated workloads use (scenarios/workload-gen.ts), and the root. */
const PATHS = [
  '/',
  '/w0',
  '/w1',
  '/w2',
  '/w3',
  '/w4',
  '/w5',
  '/e0',
  '/e1',
  '/e2',
  '/e3',
  '/w0m',
  '/w1m',
  '/w2m',
  '/w3m',
  '/w4m',
  '/w5m',
];
const CREATE_PATHS = [...PATHS.slice(1), '/q-'];

/** Data "v0".."v999" (shrinks towards "v0"). */
const dataArb = fc.integer({ min: 0, max: 999 }).map(
  (n) => `v${n}`,
  (v) => {
    const m = typeof v === 'string' ? /^v(\d{1,3})$/.exec(v) : null;
    if (!m || String(Number(m[1])) !== m[1]) throw new Error('not data of the generator');
    return Number(m[1]);
  },
);

export function subOpArb(): fc.Arbitrary<SubOp> {
  const path = fc.constantFrom(...PATHS.slice(1));
  const version = fc.integer({ min: -1, max: 5 });
  return fc.oneof(
    fc.record(
      {
        op: fc.constant('create' as const),
        path: fc.constantFrom(...CREATE_PATHS),
        data: dataArb,
        mode: fc.constantFrom(...CREATE_MODES),
      },
      { requiredKeys: ['op', 'path'] },
    ),
    fc.record({ op: fc.constant('setData' as const), path, data: dataArb, version }, { requiredKeys: ['op', 'path'] }),
    fc.record({ op: fc.constant('delete' as const), path, version }, { requiredKeys: ['op', 'path'] }),
    fc.record({ op: fc.constant('check' as const), path, version }, { requiredKeys: ['op', 'path'] }),
  ) as fc.Arbitrary<SubOp>;
}

export function opArb(): fc.Arbitrary<WorkloadOp> {
  const thinkMs = fc.integer({ min: 0, max: 1000 });
  const path = fc.constantFrom(...PATHS);
  const version = fc.integer({ min: -1, max: 5 });
  const watch = fc.boolean();
  const rec = <T>(model: Record<string, fc.Arbitrary<unknown>>, required: string[]) =>
    fc.record(model, { requiredKeys: required }) as unknown as fc.Arbitrary<T>;
  return fc.oneof(
    rec<WorkloadOp>(
      {
        op: fc.constant('create'),
        path: fc.constantFrom(...CREATE_PATHS),
        data: dataArb,
        mode: fc.constantFrom(...CREATE_MODES),
        thinkMs,
      },
      ['op', 'path', 'thinkMs'],
    ),
    rec<WorkloadOp>({ op: fc.constant('setData'), path, data: dataArb, version, thinkMs }, ['op', 'path', 'thinkMs']),
    rec<WorkloadOp>({ op: fc.constant('delete'), path, version, thinkMs }, ['op', 'path', 'thinkMs']),
    rec<WorkloadOp>({ op: fc.constant('getData'), path, watch, thinkMs }, ['op', 'path', 'thinkMs']),
    rec<WorkloadOp>({ op: fc.constant('exists'), path, watch, thinkMs }, ['op', 'path', 'thinkMs']),
    rec<WorkloadOp>({ op: fc.constant('getChildren'), path, watch, thinkMs }, ['op', 'path', 'thinkMs']),
    rec<WorkloadOp>({ op: fc.constant('multi'), ops: fc.array(subOpArb(), { minLength: 1, maxLength: 4 }), thinkMs }, [
      'op',
      'ops',
      'thinkMs',
    ]),
    rec<WorkloadOp>({ op: fc.constant('sync'), path, thinkMs }, ['op', 'path', 'thinkMs']),
    rec<WorkloadOp>({ op: fc.constant('close'), thinkMs }, ['op', 'thinkMs']),
  );
}

export interface WorkloadArbOptions {
  maxClients?: number;
  /** Most ops of a client (shrinking accepts up to this; generation stays small). */
  maxOps?: number;
}

export function workloadArb(o: WorkloadArbOptions = {}): fc.Arbitrary<Workload> {
  const client = fc.record({
    startMs: fc.integer({ min: 0, max: 10_000 }),
    sessionTimeoutMs: fc.integer({ min: 4000, max: 30_000 }),
    ops: fc.array(opArb(), { maxLength: o.maxOps ?? 2000, size: 'small' }),
  }) as fc.Arbitrary<WorkloadClientSpec>;
  return fc.record(
    {
      clients: fc.array(client, { maxLength: o.maxClients ?? 3 }),
      stopAfterMs: fc.integer({ min: 20_000, max: 100_000 }),
    },
    { requiredKeys: ['clients'] },
  ) as fc.Arbitrary<Workload>;
}

/** A run's data: its fault plan and its workload. */
export interface RunData {
  plan: FaultPlan;
  workload: Workload;
}

export function runDataArb(plan: PlanArbOptions, workload: WorkloadArbOptions = {}): fc.Arbitrary<RunData> {
  // The workload first: fast-check shrinks a record's fields in order, and dropping clients and ops
  // makes every later candidate run shorter.
  return fc.record({ workload: workloadArb(workload), plan: planArb(plan) });
}
