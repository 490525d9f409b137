// Seeded fault plans for the `faults` scenario: `episodes` episodes, each drawn from the
// episodes the fault kinds own (sim/faults/kinds/: crash, isolate-one, split, one-way, latency,
// disk-stall, crash-leader, isolate-leader, clock: a wall-clock step and a rate) between startMs and healMs; at healMs every
// partition heals and every crashed server restarts, so the liveness check can ask for a leader
// and answers afterwards. Every draw, in order, is part of what a seed means: a change bumps
// GENERATOR_VERSION (sim/faults/generator-version.ts).
import type { Rng } from '../engine/random.ts';
import type { Episode, EpisodeDraw, StepAction } from './kind.ts';
import type { Fault, FaultPlan, Trigger } from './plan.ts';
import { FAULT_KINDS } from './registry.ts';

export interface FaultGenOptions {
  servers: number[];
  startMs: number;
  healMs: number;
  /** How many fault episodes. */
  episodes: number;
  /**
   * Swarm testing (as FoundationDB and TigerBeetle do): the plan draws its episodes only from
   * a random subset of them, so rare combinations and long runs of one kind occur.
   */
  swarm?: boolean;
}

/** Episodes (or step actions) of every kind, in the order of their places in the draw. */
function byPlace<T extends { place: number; name: string }>(all: T[], what: string): readonly T[] {
  const sorted = [...all].sort((a, b) => a.place - b.place);
  sorted.forEach((e, i) => {
    if (e.place !== i) throw new Error(`${what} places must be 0..${sorted.length - 1}: ${e.name} has ${e.place}`);
  });
  return sorted;
}

/** The timed episodes, by place: what `case 0..8` of the generator were. */
export const EPISODES: readonly Episode[] = byPlace(
  FAULT_KINDS.flatMap((k) => k.episodes),
  'episode',
);
/** What a step episode does (crash or isolate the node of the step, crash or isolate the leader, stall the node's disk). */
export const STEP_ACTIONS: readonly StepAction[] = byPlace(
  FAULT_KINDS.flatMap((k) => k.stepActions),
  'step action',
);

export function generateFaultPlan(rng: Rng, o: FaultGenOptions): FaultPlan {
  const faults: Fault[] = [];
  const span = o.healMs - o.startMs;
  let kept: Episode[] | undefined;
  if (o.swarm) {
    kept = EPISODES.filter(() => rng.next() < 0.5);
    if (kept.length === 0) kept = [EPISODES[rng.int(0, EPISODES.length - 1)]!];
  }
  for (let k = 0; k < o.episodes; k++) {
    const at = Math.round(o.startMs + rng.next() * span * 0.8);
    const len = Math.round(500 + rng.next() * Math.min(15_000, o.healMs - at));
    const draw: EpisodeDraw = {
      rng,
      servers: o.servers,
      at,
      len,
      end: Math.min(o.healMs, at + len),
      healMs: o.healMs,
      pick: () => rng.pick(o.servers),
    };
    const episode = kept ? rng.pick(kept) : EPISODES[rng.int(0, EPISODES.length - 1)]!;
    faults.push(...episode.faults(draw));
  }
  faults.push({ type: 'heal', at: o.healMs });
  faults.push({ type: 'latency', at: o.healMs, latencyMs: 0.5, jitterMs: 0.5 });
  for (const s of o.servers) faults.push({ type: 'start', at: o.healMs, servers: [s] });
  faults.sort((a, b) => a.at! - b.at!);
  // Swarm plans may also hit a step of the protocol (drawn after every timed episode, so the
  // timed part of a swarm plan is what it was): sim/faults/triggers.ts fires them.
  if (o.swarm && rng.next() < 0.5) {
    // Swarm again: a few steps and a few actions, hit at several of their occurrences.
    const steps = subset(rng, STEPS, 0.3);
    const actions = subset(rng, STEP_ACTIONS, 0.4);
    const n = rng.int(1, 6);
    for (let k = 0; k < n; k++) faults.push(stepEpisode(rng, rng.pick(steps), rng.pick(actions)));
  }
  return { faults };
}

/**
 * Zab steps where a fault hurts most (FoundationDB's BUGGIFY points, from outside): a learner
 * being synced (DIFF/TRUNC/SNAP received, its snapshot or truncation, its currentEpoch written),
 * a leader choosing its epoch, established, or proposing. Each names the node it happens on.
 */
export const STEPS: readonly Trigger[] = [
  { event: 'zab.sync-learner', node: 'syncing-follower' },
  { event: 'zab.sync-learner', where: { mode: 'SNAP' } },
  { event: 'zab.sync-learner', where: { mode: 'TRUNC' } },
  { event: 'zab.snap', node: 'syncing-follower' },
  { event: 'zab.truncate' },
  { event: 'zab.epoch', node: 'syncing-follower', where: { file: 'currentEpoch' } },
  { event: 'zab.newepoch', node: 'leader' },
  { event: 'zab.established', node: 'leader' },
  { event: 'zab.propose', node: 'leader' },
  { event: 'zab.uptodate' },
];

/** Each item kept with probability p, in order (at least one). */
function subset<T>(rng: Rng, items: readonly T[], p: number): T[] {
  const kept = items.filter(() => rng.next() < p);
  return kept.length > 0 ? kept : [items[rng.int(0, items.length - 1)]!];
}

/** A fault on the nth occurrence of a step (0–20 ms after it), lasting 200 ms to 5.2 s. */
function stepEpisode(rng: Rng, step: Trigger, action: StepAction): Fault {
  const on: Trigger = { ...step, nth: rng.int(1, 6), delayMs: rng.next() < 0.5 ? 0 : Math.round(rng.next() * 20) };
  const forMs = Math.round(200 + rng.next() * 5000);
  return action.fault(on, forMs);
}
