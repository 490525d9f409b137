// fast-check arbitraries for fault plans (each kind's own, sim/faults/kinds/: timed and
// step-triggered faults, server and role targets) and client workloads, for property tests and
// for the shrinker (sim/harness/shrink.ts). Every plan and workload the faults scenario
// generates from a seed lies in their space (canShrinkWithoutContext holds:
// test/sim/arbitraries.test.ts), so fast-check can shrink a failing run's data without the
// context of a generation. Composite values are built with fc.tuple(...).map(merge, split)
// (sim/faults/kind-arb.ts): the split (unmapper) is what makes shrinking without context possible.
import fc from 'fast-check';
import { type PlanArbOptions, triggerArb } from './kind-arb.ts';
import type { Fault, FaultPlan } from './plan.ts';
import { FAULT_KINDS } from './registry.ts';
import {
  ACL_NAMES,
  CREATE_MODES,
  WATCHER_TYPES,
  type SubOp,
  type Workload,
  type WorkloadClientSpec,
  type WorkloadOp,
} from './workload.ts';

export { type PlanArbOptions, triggerArb };

/** A fault of any kind of the registry (each kind's own arbitrary, in registry order). */
export function faultArb(o: PlanArbOptions): fc.Arbitrary<Fault> {
  return fc
    .oneof(...FAULT_KINDS.map((k) => k.arbitrary(o) as fc.Arbitrary<Fault>))
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
  // generator v4: containers and their child, TTL nodes, sequential names it reads
  '/c0',
  '/c1',
  '/c0/k',
  '/c1/k',
  '/t0',
  '/t1',
  ...Array.from({ length: 31 }, (_, n) => `/q-${String(n).padStart(10, '0')}`),
];
const CREATE_PATHS = [...PATHS.slice(1), '/q-', '/t-'];

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
        ttl: fc.integer({ min: 1, max: 10_000 }),
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
    rec<WorkloadOp>({ op: fc.constant('reconnect'), thinkMs }, ['op', 'thinkMs']),
    rec<WorkloadOp>(
      { op: fc.constant('addWatch'), path, mode: fc.constantFrom('persistent', 'persistent-recursive'), thinkMs },
      ['op', 'path', 'mode', 'thinkMs'],
    ),
    rec<WorkloadOp>({ op: fc.constant('removeWatches'), path, type: fc.constantFrom(...WATCHER_TYPES), thinkMs }, [
      'op',
      'path',
      'type',
      'thinkMs',
    ]),
    rec<WorkloadOp>({ op: fc.constant('setACL'), path, acl: fc.constantFrom(...ACL_NAMES), thinkMs }, [
      'op',
      'path',
      'acl',
      'thinkMs',
    ]),
    rec<WorkloadOp>({ op: fc.constant('addAuth'), user: fc.constantFrom('u0', 'u1'), thinkMs }, [
      'op',
      'user',
      'thinkMs',
    ]),
    rec<WorkloadOp>(
      {
        op: fc.constant('multiRead'),
        ops: fc.array(fc.record({ op: fc.constantFrom('getData' as const, 'getChildren' as const), path }), {
          minLength: 1,
          maxLength: 4,
        }),
        thinkMs,
      },
      ['op', 'ops', 'thinkMs'],
    ),
  );
}

/** A client process's events (generator v4): crash, vanish, pause (or a recipe client's partition), at a time, for a while. */
function eventArb(): fc.Arbitrary<NonNullable<WorkloadClientSpec['events']>[number]> {
  return fc.record(
    {
      atMs: fc.integer({ min: 0, max: 60_000 }),
      what: fc.constantFrom('crash' as const, 'vanish' as const, 'pause' as const, 'partition' as const),
      ms: fc.integer({ min: 0, max: 30_000 }),
      // A partition's servers (the recipe scenarios'): shrinking drops some, or the list (all of them).
      servers: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 99 }),
    },
    { requiredKeys: ['atMs', 'what', 'ms'] },
  );
}

export interface WorkloadArbOptions {
  maxClients?: number;
  /** Most ops of a client (shrinking accepts up to this; generation stays small). */
  maxOps?: number;
}

export function workloadArb(o: WorkloadArbOptions = {}): fc.Arbitrary<Workload> {
  const client = fc.record(
    {
      startMs: fc.integer({ min: 0, max: 10_000 }),
      sessionTimeoutMs: fc.integer({ min: 4000, max: 30_000 }),
      ops: fc.array(opArb(), { maxLength: o.maxOps ?? 2000, size: 'small' }),
      events: fc.array(eventArb(), { maxLength: 4 }),
      reopen: fc.boolean(),
    },
    { requiredKeys: ['startMs', 'sessionTimeoutMs', 'ops'] },
  ) as fc.Arbitrary<WorkloadClientSpec>;
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
