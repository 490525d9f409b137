// The faults scenario's plan generator, plain and swarm: properties every plan has, and what
// swarm testing changes (episodes drawn from a random subset of the fault kinds).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateFaultPlan } from '../../sim/faults/plan-gen.ts';
import { RandomStreams } from '../../sim/engine/random.ts';

const servers = [1, 2, 3, 4, 5];
const plan = (seed: number, swarm: boolean, episodes: number) =>
  generateFaultPlan(new RandomStreams(seed).stream('faults'), {
    servers,
    startMs: 4000,
    healMs: 45_000,
    episodes,
    swarm,
  });

/** The episode kinds of a plan, from its opening faults (the closing ones heal or restart). */
function kinds(p: ReturnType<typeof plan>): Set<string> {
  const out = new Set<string>();
  for (const f of p.faults) {
    if (f.on !== undefined || f.at! >= 45_000) continue;
    if (f.type === 'heal' || f.type === 'restart' || f.type === 'start' || f.type === 'resume') continue;
    if (f.type === 'latency' && f.latencyMs === 0.5) continue; // the end of a latency episode
    out.add(f.type === 'partition' ? (f.groups[0]!.length === 1 ? 'isolate-or-split' : 'split') : f.type);
  }
  return out;
}

describe('fault plan generator', () => {
  it('property: every plan, plain or swarm, is time-ordered, starts after startMs and ends healed with every server started', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 20 }),
        (seed, swarm, episodes) => {
          const p = plan(seed, swarm, episodes);
          const times = p.faults.filter((f) => f.on === undefined).map((f) => f.at!);
          expect(times).toEqual([...times].sort((a, b) => a - b));
          expect(Math.min(...times)).toBeGreaterThanOrEqual(4000);
          expect(Math.max(...times)).toBe(45_000);
          const last = p.faults.filter((f) => f.at === 45_000);
          expect(last.some((f) => f.type === 'heal')).toBe(true);
          for (const s of servers) expect(last.some((f) => f.type === 'start' && f.servers!.includes(s))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: only swarm plans hit protocol steps, each a fault on a trigger (no time), after the timed faults', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 20 }),
        (seed, swarm, episodes) => {
          const p = plan(seed, swarm, episodes);
          const stepped = p.faults.filter((f) => f.on !== undefined);
          if (!swarm) expect(stepped).toEqual([]);
          for (const f of stepped) expect(f.at).toBeUndefined();
          const firstStep = p.faults.findIndex((f) => f.on !== undefined);
          if (firstStep >= 0) expect(p.faults.slice(firstStep).every((f) => f.on !== undefined)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
    let withSteps = 0;
    for (let seed = 1; seed <= 100; seed++) if (plan(seed, true, 8).faults.some((f) => f.on !== undefined)) withSteps++;
    expect(withSteps).toBeGreaterThan(30);
    expect(withSteps).toBeLessThan(70);
  });

  it('swarm plans concentrate on fewer fault kinds than plain plans of the same size', () => {
    let plainKinds = 0;
    let swarmKinds = 0;
    let singleKindSwarm = 0;
    for (let seed = 1; seed <= 200; seed++) {
      plainKinds += kinds(plan(seed, false, 12)).size;
      const k = kinds(plan(seed, true, 12)).size;
      swarmKinds += k;
      if (k <= 3) singleKindSwarm++; // generator v3 has 12 episodes: swarm keeps about 6 of them
    }
    expect(swarmKinds).toBeLessThan(plainKinds * 0.75);
    expect(singleKindSwarm).toBeGreaterThan(10); // 14 of 200 (plain plans: none)
  });
});
