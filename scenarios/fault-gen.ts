// Seeded fault plans for the `faults` scenario: a random mix of crashes and restarts,
// isolations of one server (often the leader's likely seat), minority/majority splits,
// one-way partitions, latency spikes, fsync stalls and clock drift, all between startMs and
// healMs; at healMs every partition heals and every crashed server restarts, so the liveness
// check can ask for a leader and answers afterwards.
import type { Fault, FaultPlan, Trigger } from '../sim/faults/plan.ts';
import type { Rng } from '../sim/engine/random.ts';

export interface FaultGenOptions {
  servers: number[];
  startMs: number;
  healMs: number;
  /** How many fault episodes. */
  episodes: number;
  /**
   * Swarm testing (as FoundationDB and TigerBeetle do): the plan draws its episodes only from
   * a random subset of the fault kinds, so rare combinations and long runs of one kind occur.
   */
  swarm?: boolean;
}

/** The fault kinds an episode can be: crash, isolate, split, one-way, latency, disk-stall, crash-leader, isolate-leader, clock. */
const KINDS = 9;

export function generateFaultPlan(rng: Rng, o: FaultGenOptions): FaultPlan {
  const faults: Fault[] = [];
  const span = o.healMs - o.startMs;
  const down = new Set<number>();
  let kinds: number[] | undefined;
  if (o.swarm) {
    kinds = [...Array(KINDS).keys()].filter(() => rng.next() < 0.5);
    if (kinds.length === 0) kinds = [rng.int(0, KINDS - 1)];
  }
  for (let k = 0; k < o.episodes; k++) {
    const at = Math.round(o.startMs + rng.next() * span * 0.8);
    const len = Math.round(500 + rng.next() * Math.min(15_000, o.healMs - at));
    const end = Math.min(o.healMs, at + len);
    const pick = () => rng.pick(o.servers);
    switch (kinds ? rng.pick(kinds) : rng.int(0, KINDS - 1)) {
      case 0: {
        const s = pick();
        faults.push({ type: 'crash', at, servers: [s] }, { type: 'restart', at: end, servers: [s] });
        down.add(s);
        break;
      }
      case 1: {
        const s = pick();
        faults.push(
          { type: 'partition', at, groups: [[s], o.servers.filter((x) => x !== s)] },
          { type: 'heal', at: end },
        );
        break;
      }
      case 2: {
        const shuffled = [...o.servers];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const cut = rng.int(1, Math.floor(o.servers.length / 2));
        faults.push(
          { type: 'partition', at, groups: [shuffled.slice(0, cut), shuffled.slice(cut)] },
          { type: 'heal', at: end },
        );
        break;
      }
      case 3: {
        const s = pick();
        faults.push(
          { type: 'one-way', at, from: [s], to: o.servers.filter((x) => x !== s) },
          { type: 'heal', at: end },
        );
        break;
      }
      case 4:
        faults.push(
          { type: 'latency', at, latencyMs: 5 + rng.next() * 80, jitterMs: rng.next() * 50 },
          { type: 'latency', at: end, latencyMs: 0.5, jitterMs: 0.5 },
        );
        break;
      case 5:
        faults.push({ type: 'disk-stall', at, servers: [pick()], forMs: Math.min(len, 3000) });
        break;
      case 6:
        faults.push({ type: 'crash-leader', at, forMs: Math.min(len, o.healMs - at) });
        break;
      case 7:
        faults.push({ type: 'isolate-leader', at, forMs: Math.min(len, o.healMs - at) });
        break;
      default:
        faults.push({
          type: 'clock',
          at,
          server: pick(),
          offsetMs: Math.round((rng.next() - 0.5) * 2000),
          driftPpm: Math.round((rng.next() - 0.5) * 2000),
        });
        break;
    }
  }
  faults.push({ type: 'heal', at: o.healMs });
  faults.push({ type: 'latency', at: o.healMs, latencyMs: 0.5, jitterMs: 0.5 });
  for (const s of o.servers) faults.push({ type: 'start', at: o.healMs, servers: [s] });
  faults.sort((a, b) => a.at! - b.at!);
  void down;
  // Swarm plans may also hit a step of the protocol (drawn after every timed episode, so the
  // timed part of a swarm plan is what it was): sim/faults/triggers.ts fires them.
  if (o.swarm && rng.next() < 0.5) {
    // Swarm again: a few steps and a few actions, hit at several of their occurrences.
    const steps = subset(rng, STEPS.length, 0.3);
    const actions = subset(rng, ACTIONS, 0.4);
    const n = rng.int(1, 6);
    for (let k = 0; k < n; k++) faults.push(stepEpisode(rng, STEPS[rng.pick(steps)]!, rng.pick(actions)));
  }
  return { faults };
}

/**
 * Zab steps where a fault hurts most (FoundationDB's BUGGIFY points, from outside): a learner
 * being synced (DIFF/TRUNC/SNAP received, its snapshot or truncation, its currentEpoch written),
 * a leader choosing its epoch, established, or proposing. Each names the node it happens on.
 */
const STEPS: Trigger[] = [
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

/** Indices 0..n-1, each kept with probability p (at least one). */
function subset(rng: Rng, n: number, p: number): number[] {
  const kept = [...Array(n).keys()].filter(() => rng.next() < p);
  return kept.length > 0 ? kept : [rng.int(0, n - 1)];
}

/** What a step episode does: crash or isolate the node of the step, crash or isolate the leader, stall the node's disk. */
const ACTIONS = 5;

/** A fault on the nth occurrence of a step (0–20 ms after it). */
function stepEpisode(rng: Rng, step: Trigger, action: number): Fault {
  const on: Trigger = { ...step, nth: rng.int(1, 6), delayMs: rng.next() < 0.5 ? 0 : Math.round(rng.next() * 20) };
  const forMs = Math.round(200 + rng.next() * 5000);
  switch (action) {
    case 0:
      return { type: 'crash', on, target: 'trigger-node', forMs };
    case 1:
      return { type: 'isolate', on, target: 'trigger-node', forMs };
    case 2:
      return { type: 'crash-leader', on, forMs };
    case 3:
      return { type: 'isolate-leader', on, forMs };
    default:
      return { type: 'disk-stall', on, target: 'trigger-node', forMs: Math.min(forMs, 3000) };
  }
}
