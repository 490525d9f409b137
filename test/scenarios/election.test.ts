// Election outcomes: the docs' walkthroughs, and a property over random start orders,
// start times, link latencies and persisted histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { installEnsemble, nodeName, seedHistory } from '../../scenarios/ensemble.ts';
import { ElectionLivenessChecker } from '../../sim/checkers/election-liveness.ts';
import { LeadershipChecker } from '../../sim/checkers/leadership.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import { ofKind } from '../support/events.ts';

describe('the docs walkthroughs', () => {
  it('first-start with 5 servers: server 3 leads, 1,2,4,5 follow (seed 003, 3.1)', () => {
    for (const seed of [1, 2, 3, 42]) {
      const r = runScenario({ scenario: scenarioNamed('first-start'), servers: 5, seed }).result;
      expect(r.ok).toBe(true);
      expect(r.leader).toBe(3);
      expect(r.roles).toEqual({ 1: 'following', 2: 'following', 3: 'leading', 4: 'following', 5: 'following' });
    }
  });

  it("first-start with 3 servers: server 2 leads (seed 000's pseudo-cluster)", () => {
    const r = runScenario({ scenario: scenarioNamed('first-start'), servers: 3, seed: 7 }).result;
    expect(r.ok).toBe(true);
    expect(r.leader).toBe(2);
    expect(r.roles).toEqual({ 1: 'following', 2: 'leading', 3: 'following' });
  });

  it('first-start in the order 3,1,2 of 3 servers: 3 leads (1 joins 3, the larger myid)', () => {
    const r = runScenario({ scenario: scenarioNamed('first-start'), servers: 3, seed: 1, order: [3, 1, 2] }).result;
    expect(r.leader).toBe(3);
  });

  it('restart: after 3 and 5 failed, 1, 2 and 4 vote (1,8,1) (1,8,2) (1,7,4): server 2 leads epoch 2 and syncs 4 with a DIFF (seed 003, 3.2)', () => {
    const events: TraceEvent[] = [];
    const r = runScenario({ scenario: scenarioNamed('restart'), seed: 5, onEvent: (e) => events.push(e) }).result;
    expect(r.ok).toBe(true);
    const leads = events.filter((e) => e.k === 'fle.decide' && e.state === 'LEADING').map((e) => e.n);
    expect(leads).toEqual(['s2']);
    expect(r.leader).toBe(2);
    expect(r.roles).toEqual({ 1: 'following', 2: 'leading', 3: 'down', 4: 'following', 5: 'down' });
    expect(r.epoch).toBe(2);
    const syncs = events.filter((e) => e.k === 'zab.sync').map((e) => [e.peer, e.mode]);
    expect(syncs).toContainEqual([4, 'DIFF']);
    expect(syncs).toContainEqual([1, 'DIFF']);
  });

  it('observers never vote: they observe the leader the voters elect', () => {
    const events: TraceEvent[] = [];
    const r = runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 3,
      observers: 2,
      seed: 3,
      onEvent: (e) => events.push(e),
    }).result;
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

// Histories as a real ensemble leaves them: a quorum accepted the latest epoch E; the others
// may be one epoch behind. (Independent random epochs per server cannot happen: an epoch is
// only established by a quorum, and a server with a newer accepted epoch than every leader
// could offer would refuse them all.)
const setup = fc.integer({ min: 3, max: 7 }).chain((servers) =>
  fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    servers: fc.constant(servers),
    starts: fc.array(fc.integer({ min: 0, max: 8000 }), { minLength: servers, maxLength: servers }),
    history: fc
      .tuple(
        fc.integer({ min: 0, max: 2 }),
        fc.shuffledSubarray(
          Array.from({ length: servers }, (_, i) => i),
          { minLength: Math.floor(servers / 2) + 1, maxLength: servers },
        ),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: servers, maxLength: servers }),
      )
      .map(([top, atTop, counts]) =>
        counts.map((count, i) => ({ epoch: atTop.includes(i) ? top : Math.max(0, top - 1), count })),
      ),
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
    if (e.k === 'fle.decide' || e.k === 'fle.start') events.push(e);
  });
  installEnsemble(world, { servers: s.servers });
  const voters = Array.from({ length: s.servers }, (_, i) => i + 1);
  world.addChecker(new LeadershipChecker(voters));
  world.addChecker(new ElectionLivenessChecker(voters, voters, roles));
  world.net.defaults = { latencyMs: s.latencyMs, jitterMs: s.jitterMs, setupMs: 2 * s.latencyMs };
  s.history.forEach((h, i) => {
    if (h.epoch > 0) seedHistory(world, i + 1, h.epoch, h.count);
  });
  s.starts.forEach((at, i) => world.at(at, 'start', () => world.start(nodeName(i + 1))));
  world.run({ untilMs: Math.max(...s.starts) + 60_000 });
  world.finish();
  return { world, events, roles };
}

describe('election property', () => {
  it('property: over random start orders, times, latencies and histories, exactly one leader is elected, everyone follows it, and it holds the greatest (epoch, zxid, myid) of the quorum that elected it', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const { world, events, roles } = elect(s);
        expect(world.violations).toEqual([]);
        const all = Array.from({ length: s.servers }, (_, i) => `s${i + 1}`);
        const leaders = all.filter((n) => roles.role(n) === 'leading');
        expect(leaders).toHaveLength(1);
        const leader = Number(leaders[0]!.slice(1));
        for (const n of all)
          if (n !== leaders[0]) expect(roles.roles.get(n)).toMatchObject({ role: 'following', leader });
        const decision = ofKind(events, 'fle.decide')
          .filter((e) => e.n === leaders[0] && e.state === 'LEADING')
          .at(-1)!;
        // Each server's own (epoch, zxid) when it entered the election that decided: its last
        // fle.start before the decision (Zab may have changed its state since it started).
        const own = (sid: number): [number, number] => {
          const start = ofKind(events, 'fle.start')
            .filter((e) => e.n === `s${sid}` && e.i < decision.i)
            .at(-1)!;
          return [start.peerEpoch, start.zxid];
        };
        const [le, lz] = own(leader);
        for (const sid of decision.acks) {
          const [e, z] = own(sid);
          const leaderWins = le > e || (le === e && (lz > z || (lz === z && leader >= sid)));
          expect(leaderWins, `leader ${leader} (${le},${lz}) vs ${sid} (${e},${z})`).toBe(true);
        }
      }),
      { numRuns: Number(process.env.ZKSIM_PROPERTY_RUNS ?? 60) },
    );
  });
});
