// Election outcomes: the docs' walkthroughs, and a property over random start orders,
// start times, link latencies and persisted histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { installEnsemble, nodeName, seedHistory } from '../../scenarios/ensemble.ts';
import { ElectionLivenessChecker } from '../../sim/checkers/election-liveness.ts';
import { LeadershipChecker } from '../../sim/checkers/leadership.ts';
import { RoleTracker } from '../../sim/roles.ts';
import { runScenario } from '../../sim/runner.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { World } from '../../sim/world.ts';

describe('the docs walkthroughs', () => {
  it('first-start with 5 servers: server 3 leads, 1,2,4,5 follow (seed 003, 3.1)', () => {
    for (const seed of [1, 2, 3, 42]) {
      const r = runScenario({ scenario: 'first-start', servers: 5, seed }).result;
      expect(r.ok).toBe(true);
      expect(r.leader).toBe(3);
      expect(r.roles).toEqual({ 1: 'following', 2: 'following', 3: 'leading', 4: 'following', 5: 'following' });
    }
  });

  it("first-start with 3 servers: server 2 leads (seed 000's pseudo-cluster)", () => {
    const r = runScenario({ scenario: 'first-start', servers: 3, seed: 7 }).result;
    expect(r.ok).toBe(true);
    expect(r.leader).toBe(2);
    expect(r.roles).toEqual({ 1: 'following', 2: 'leading', 3: 'following' });
  });

  it('first-start in the order 3,1,2 of 3 servers: 3 leads (1 joins 3, the larger myid)', () => {
    const r = runScenario({ scenario: 'first-start', servers: 3, seed: 1, order: [3, 1, 2] }).result;
    expect(r.leader).toBe(3);
  });

  it('restart: server 3 leads first, then after 3 and 5 fail, server 2 leads (seed 003, 3.2)', () => {
    const events: TraceEvent[] = [];
    const r = runScenario({ scenario: 'restart', seed: 5, onEvent: (e) => events.push(e) }).result;
    expect(r.ok).toBe(true);
    const leads = events.filter((e) => e.k === 'fle.decide' && e.state === 'LEADING').map((e) => e.n);
    expect(leads).toEqual(['s3', 's2']);
    expect(r.leader).toBe(2);
    expect(r.roles).toEqual({ 1: 'following', 2: 'leading', 3: 'down', 4: 'following', 5: 'down' });
    expect(r.epoch).toBe(1);
  });

  it('observers never vote: they observe the leader the voters elect', () => {
    const events: TraceEvent[] = [];
    const r = runScenario({ scenario: 'first-start', servers: 3, observers: 2, seed: 3, onEvent: (e) => events.push(e) }).result;
    expect(r.ok).toBe(true);
    expect(r.leader).toBe(2);
    expect(r.roles[4]).toBe('observing');
    expect(r.roles[5]).toBe('observing');
    for (const e of events.filter((x) => x.k === 'fle.decide')) {
      expect((e.acks as number[]).every((sid) => sid <= 3)).toBe(true);
    }
  });
});

interface Setup {
  seed: number;
  servers: number;
  starts: number[];
  history: { epoch: number; count: number }[];
  latencyMs: number;
  jitterMs: number;
}

const setup = fc.integer({ min: 3, max: 7 }).chain((servers) =>
  fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    servers: fc.constant(servers),
    starts: fc.array(fc.integer({ min: 0, max: 8000 }), { minLength: servers, maxLength: servers }),
    history: fc.array(fc.record({ epoch: fc.integer({ min: 0, max: 2 }), count: fc.integer({ min: 0, max: 4 }) }), {
      minLength: servers,
      maxLength: servers,
    }),
    latencyMs: fc.double({ min: 0.05, max: 30, noNaN: true }),
    jitterMs: fc.double({ min: 0, max: 30, noNaN: true }),
  }),
);

function elect(s: Setup) {
  const world = new World(s.seed);
  const events: TraceEvent[] = [];
  const roles = new RoleTracker();
  world.trace.subscribe((e) => {
    roles.onEvent(e);
    if (e.k === 'fle.decide') events.push(e);
  });
  installEnsemble(world, { servers: s.servers });
  const voters = Array.from({ length: s.servers }, (_, i) => i + 1);
  world.addChecker(new LeadershipChecker(voters));
  world.addChecker(new ElectionLivenessChecker(voters, voters, roles));
  world.net.defaults = { latencyMs: s.latencyMs, jitterMs: s.jitterMs, setupMs: 2 * s.latencyMs };
  const persisted = new Map<number, [number, number]>();
  s.history.forEach((h, i) => {
    const sid = i + 1;
    if (h.epoch > 0) seedHistory(world, sid, h.epoch, h.count);
    persisted.set(sid, h.epoch > 0 && h.count > 0 ? [h.epoch, h.epoch * 2 ** 32 + h.count] : [h.epoch, 0]);
  });
  s.starts.forEach((at, i) => world.at(at, 'start', () => world.start(nodeName(i + 1))));
  world.run({ untilMs: Math.max(...s.starts) + 60_000 });
  world.finish();
  return { world, events, roles, persisted };
}

describe('election property', () => {
  it('property: over random start orders, times, latencies and histories, exactly one leader is elected, everyone follows it, and it holds the greatest (epoch, zxid, myid) of the quorum that elected it', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { world, events, roles, persisted } = elect(s);
        expect(world.violations).toEqual([]);
        const all = Array.from({ length: s.servers }, (_, i) => `s${i + 1}`);
        const leaders = all.filter((n) => roles.role(n) === 'leading');
        expect(leaders).toHaveLength(1);
        const leader = Number(leaders[0]!.slice(1));
        for (const n of all) if (n !== leaders[0]) expect(roles.roles.get(n)).toMatchObject({ role: 'following', leader });
        const decision = events.filter((e) => e.k === 'fle.decide' && e.n === leaders[0] && e.state === 'LEADING').at(-1)!;
        const [le, lz] = persisted.get(leader)!;
        for (const sid of decision.acks as number[]) {
          const [e, z] = persisted.get(sid)!;
          const leaderWins = le > e || (le === e && (lz > z || (lz === z && leader >= sid)));
          expect(leaderWins, `leader ${leader} (${le},${lz}) vs ${sid} (${e},${z})`).toBe(true);
        }
      }),
      { numRuns: Number(process.env.ZKSIM_PROPERTY_RUNS ?? 60) },
    );
  });
});
