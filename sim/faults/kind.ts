// What a fault kind is (one module per kind in sim/faults/kinds/, listed in sim/faults/registry.ts):
// its schema, whom it names, how it is applied to the world, its fast-check arbitrary, its
// episodes in the seeded plan generator, what the liveness checker waits for after it, and how
// the report draws it. The plan schema, the generator, the arbitraries, liveness and the report
// are built from the registry and know no kind by name.
import type fc from 'fast-check';
import type { z } from 'zod';
import type { Rng } from '../engine/random.ts';
import type { World } from '../engine/world.ts';
import type { Trigger } from './fields.ts';
import type { PlanArbOptions } from './kind-arb.ts';
import type { Fault } from './plan.ts';

/** A fault of some kind: its kind's name, when it happens, its fields. */
export interface FaultLike {
  readonly type: string;
  readonly at?: number | undefined;
  readonly on?: Trigger | undefined;
}

/**
 * A fault as its `fault` trace event carries it: the fault's fields but `at` (a role target that
 * nobody held fires with `servers: []`), plus what its kind's `traced` adds.
 */
export type Fired<F> = F & { readonly [field: string]: unknown };

export interface FaultKind<F extends FaultLike = FaultLike> {
  /** Its name: the `type` of its faults, the `what` of its fault events. */
  readonly type: F['type'];
  /** One line for people (zksim run --help). */
  readonly summary: string;
  /** Its faults as data: a strict object with `type` the literal name and the `at`/`on` fields. */
  readonly schema: z.ZodType<F>;
  readonly targets: Targets<F>;
  /** What its fault event carries besides the fault's fields (crash-leader: the leader it hit). */
  readonly traced?: (f: F, fx: ApplyFx) => Record<string, unknown>;
  /** Apply it now (the registry has traced its fault event and resolved a role target). */
  readonly apply: (f: F, fx: ApplyFx) => void;
  /**
   * Its faults for property tests and the shrinker (shrinking without context must hold). It may
   * draw a 'trigger-node' target with `at`, which the schema refuses: faultArb
   * (sim/faults/arbitraries.ts) filters those out of every kind at once.
   */
  readonly arbitrary: (o: PlanArbOptions) => fc.Arbitrary<F>;
  /** Its episodes in the seeded plan generator (sim/faults/plan-gen.ts). */
  readonly episodes: readonly Episode[];
  /** What it does at a protocol step in swarm plans (sim/faults/plan-gen.ts). */
  readonly stepActions: readonly StepAction[];
  readonly liveness: LivenessWait<F>;
  readonly report: FaultDrawing<F>;
}

/** Whom a fault names. */
export interface Targets<F> {
  /** The server ids it names, each with the field naming it (checked against the ensemble). */
  named(f: F): [field: string, sid: number][];
  /**
   * What a role target (`target`) becomes when the fault fires: `servers: [sid]` or `server: sid`
   * (the lowest-numbered server in the role then). Absent: the kind takes no role target.
   */
  readonly role?: 'servers' | 'server';
}

/** What a kind's apply can do besides touching the world. */
export interface ApplyFx {
  readonly world: World;
  /** Apply another fault now; it traces its own fault event (isolate cuts with a partition). */
  apply(f: Fault): void;
  /** Apply `f` ms from now as its own step labelled `label`; nothing when ms is undefined. */
  later(ms: number | undefined, label: string, f: Fault): void;
  /** The server leading now (the lowest-numbered one, should two think so), if any. */
  leader(): number | undefined;
}

/** What an episode of the seeded generator gets: its span, the ensemble, the generator's stream. */
export interface EpisodeDraw {
  readonly rng: Rng;
  readonly servers: readonly number[];
  /** The episode's start and end (ms); len is its drawn length, before the end is clipped to healMs. */
  readonly at: number;
  readonly end: number;
  readonly len: number;
  readonly healMs: number;
  /** A server drawn from rng. */
  pick(): number;
}

/**
 * One episode of the seeded plan generator: a few faults between `at` and `end`. Every draw from
 * rng, in order, is part of the generator: changing one moves every seed's plan (bump
 * GENERATOR_VERSION, sim/faults/generator-version.ts).
 */
export interface Episode {
  /** Its name (swarm plans draw from a random subset of the episodes). */
  readonly name: string;
  /**
   * Its place in the generator's draw (rng.int over the places; swarm keeps each place with
   * probability 1/2, in place order). A new episode takes the next free place.
   */
  readonly place: number;
  faults(g: EpisodeDraw): Fault[];
}

/** What a swarm plan's step episode does at the nth occurrence of a protocol step. */
export interface StepAction {
  readonly name: string;
  /** Its place in the step episodes' draw, as Episode.place. */
  readonly place: number;
  /** The fault, on the step `on`, lasting forMs. */
  fault(on: Trigger, forMs: number): Fault;
}

/**
 * What the liveness checker (sim/checkers/liveness.ts) waits for after a fault of the kind.
 * Every fault is a disturbance (the bound counts from it); besides:
 * - `disturbs`: nothing more (what it does to processes, crash or pause, the checker sees in
 *   their own events);
 * - `cuts`: the network is cut from it until a fault that `heals`;
 * - `heals`: it ends every cut;
 * - `stalls`: no calm until ms after it (a disk stall);
 * - `slows`: it sets a link's delay (`link`: a key per link, 'every' for all of them): no calm
 *   while a link's latency plus jitter is a tick or more;
 * - `drifts`: it sets a server's clock rate (`drift`, a fraction: 0.1 = 10% fast) until the next
 *   one: the liveness bounds, counted in global time, stretch by the slowest rate in force (a
 *   server whose clock runs slow waits out its timeouts for longer).
 */
export type LivenessWait<F> =
  | { readonly effect: 'disturbs' }
  | { readonly effect: 'cuts' }
  | { readonly effect: 'heals' }
  | { readonly effect: 'stalls'; ms(f: Fired<F>): number }
  | { readonly effect: 'slows'; link(f: Fired<F>): { link: string; delayMs: number } }
  | { readonly effect: 'drifts'; clock(f: Fired<F>): { server: number; drift: number } | undefined };

/**
 * How the run report (reports/html/) draws a fault: a mark with `label` on every lane, and
 * maybe a shaded span of CSS class `span.<shade>` (style `css`): on every lane until a fault
 * that `heals`, or on the lanes of the servers `lanes` names for ms.
 */
export interface FaultDrawing<F> {
  label(f: Fired<F>): string;
  readonly span?: SpanDrawing<F>;
  /** It ends every span that lasts until a heal. */
  readonly heals?: true;
}

export type SpanDrawing<F> =
  | { readonly shade: string; readonly css: string; readonly lanes: 'every'; readonly until: 'heal' }
  | {
      readonly shade: string;
      readonly css: string;
      lanes(f: Fired<F>): number[];
      ms(f: Fired<F>): number;
    };

/** The label most kinds get: their name and the servers they hit (`crash s1,s3`). */
export function serversLabel(f: Fired<FaultLike>): string {
  const sids: unknown[] = Array.isArray(f.servers) ? f.servers : [];
  return sids.length > 0 ? `${f.type} ${sids.map((s) => `s${s}`).join(',')}` : f.type;
}

/** `servers: [..]` as named fields (servers[0], ...). */
export function namedServers(list: readonly number[] | undefined, field = 'servers'): [string, number][] {
  return (list ?? []).map((s, i) => [`${field}[${i}]`, s]);
}
