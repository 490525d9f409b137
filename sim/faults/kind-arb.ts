// The pieces of the fault kinds' fast-check arbitraries (sim/faults/kinds/): when a fault
// happens (a time, or a trigger on a protocol step), whom it hits (servers, or a role), and an
// object arbitrary merged from parts and split back by key, so fast-check can shrink a fault
// without the context of a generation (the shrinker needs that: sim/harness/shrink.ts).
import fc from 'fast-check';
import type { Trigger } from './fields.ts';
import type { FaultLike } from './kind.ts';

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
export function merged<T>(parts: fc.Arbitrary<Obj>[], keys: string[][]): fc.Arbitrary<T> {
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

/** A server of the ensemble; a non-empty list of them; a duration. */
export const sidArb = (o: PlanArbOptions): fc.Arbitrary<number> => fc.constantFrom(...o.servers);
export const serversArb = (o: PlanArbOptions): fc.Arbitrary<number[]> =>
  fc.array(sidArb(o), { minLength: 1, maxLength: o.servers.length });
export const forMsArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 20_000 });

const WHEN = ['at', 'on'];
const WHO = ['servers', 'target'];

/**
 * Faults of kind `type`: the `body` fields (`required` always there, the others sometimes), a
 * time or a trigger, and for `targeted` kinds servers or a role.
 */
export function kindArb<F extends FaultLike>(
  o: PlanArbOptions,
  type: F['type'],
  body: Record<string, fc.Arbitrary<unknown>> = {},
  required: string[] = Object.keys(body),
  targeted = false,
): fc.Arbitrary<F> {
  const when = fc.oneof(
    fc.record({ at: fc.integer({ min: 0, max: o.horizonMs }) }),
    fc.record({ on: triggerArb(o.servers) }),
  );
  const who = fc.oneof(
    fc.record({ servers: serversArb(o) }),
    fc.record({ target: fc.constantFrom('leader', 'follower', 'syncing-follower', 'observer', 'trigger-node') }),
  );
  const model: Record<string, fc.Arbitrary<unknown>> = { type: fc.constant(type), ...body };
  const b = fc.record(model, { requiredKeys: ['type', ...required] }) as fc.Arbitrary<Obj>;
  const parts = targeted ? [b, when, who] : [b, when];
  const keys = targeted ? [['type', ...Object.keys(body)], WHEN, WHO] : [['type', ...Object.keys(body)], WHEN];
  return merged<F>(parts as fc.Arbitrary<Obj>[], keys);
}
