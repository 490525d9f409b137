// The recipe campaigns' findings, pinned. `zksim fuzz <recipe> --seeds 1..200 --workers 1
// --stop-on-failure` stops at seed 1 (swarm) for all four lock and election recipes without
// fencing: a holder paused past its session timeout resumes and writes after another client
// took the role (mutual-exclusion / single-master). With --fencing the same seed passes: the
// resource rejects the paused holder's older token. The shrinker made recipe-lock's seed 1 a run
// of 2 clients, no server fault and one pause (the fixture below): it replays exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findScenario, scenarioNamed } from '../../scenarios/index.ts';
import { parseReplay, runOptionsOf } from '../../sim/harness/replay.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';

const run = (name: string, seed: number, fencing: boolean) => {
  const events: TraceEvent[] = [];
  const r = runScenario({
    scenario: scenarioNamed(name),
    seed,
    swarm: true,
    fencing,
    onEvent: (e) => {
      if (e.k === 'recipe' || (e.k === 'proc' && e.n.startsWith('c'))) events.push(e);
    },
  }).result;
  return { r, events };
};

const CASES = [
  ['recipe-lock', 'mutual-exclusion'],
  ['recipe-lock-seq', 'mutual-exclusion'],
  ['recipe-master', 'single-master'],
  ['recipe-leader', 'single-master'],
] as const;

describe('recipe campaigns: seed 1 (swarm)', () => {
  for (const [name, checker] of CASES) {
    it(`${name} without fencing: ${checker} fires on a write by a client that was paused past its session`, () => {
      const { r, events } = run(name, 1, false);
      const v = r.violations[0]!;
      expect(v.checker).toBe(checker);
      const writer = /^(c\d+) /.exec(v.message)![1]!;
      const resumed = events.filter((e) => e.k === 'proc' && e.n === writer && e.what === 'resume').at(-1)!;
      const paused = events.filter((e) => e.k === 'proc' && e.n === writer && e.what === 'pause').at(-1)!;
      // Paused longer than its 6 s session, it wrote on resuming (at the violation's time).
      expect(resumed.t - paused.t).toBeGreaterThan(6_000_000);
      expect(resumed.t / 1000).toBe(v.time);
    });

    it(`${name} with --fencing: the same seed passes, the paused client's write rejected`, () => {
      const { r, events } = run(name, 1, true);
      expect(r.violations).toEqual([]);
      expect(events.some((e) => e.k === 'recipe' && e.what === 'write' && !e.accepted)).toBe(true);
    });
  }
});

describe('the shrunk recipe-lock seed 1', () => {
  const file = new URL('../fixtures/replays/recipe-lock-pause-past-expiry.shrunk.replay.json', import.meta.url);
  const replay = parseReplay(readFileSync(file, 'utf8'), findScenario).replay;

  it('is small: 2 clients, one pause past the session timeout, no server fault', () => {
    expect(replay.plan?.faults).toEqual([]);
    expect(replay.workload?.clients).toHaveLength(2);
    const events = replay.workload!.clients.flatMap((c) => c.events ?? []);
    expect(events).toEqual([expect.objectContaining({ what: 'pause' })]);
    expect(events[0]!.ms).toBeGreaterThan(replay.workload!.clients[1]!.sessionTimeoutMs);
  });

  it('replays: the same mutual-exclusion violation and trace hash', () => {
    const r = runScenario(runOptionsOf(replay, scenarioNamed('recipe-lock'))).result;
    expect(r.violations[0]?.checker).toBe('mutual-exclusion');
    expect(r.violations[0]?.message).toBe(replay.expect.message);
    expect(r.traceHash).toBe(replay.expect.traceHash);
    expect(r.events).toBeLessThan(1000);
  });
});

describe('recipe runs are deterministic', () => {
  it('same seed, same trace hash; another seed, another', () => {
    const hash = (seed: number) =>
      runScenario({ scenario: scenarioNamed('recipe-lock-seq'), seed, clients: 3 }).result.traceHash;
    expect(hash(7)).toBe(hash(7));
    expect(hash(7)).not.toBe(hash(8));
  });
});

describe('single-master: the bound, in a real run', () => {
  it('fires when the master’s session ends and every other candidate is paused past the bound', () => {
    const c = (events: { atMs: number; what: 'vanish' | 'pause'; ms: number }[]) => ({
      startMs: 0,
      sessionTimeoutMs: 6000,
      ops: [],
      events,
    });
    const r = runScenario({
      scenario: scenarioNamed('recipe-master'),
      seed: 1,
      plan: { faults: [] },
      workload: {
        clients: [
          c([{ atMs: 30_000, what: 'vanish', ms: 60_000 }]),
          c([{ atMs: 29_000, what: 'pause', ms: 60_000 }]),
          c([{ atMs: 29_000, what: 'pause', ms: 60_000 }]),
        ],
      },
    }).result;
    expect(r.violations.map((v) => v.checker)).toEqual(['single-master']);
    // Owed from the heal (45 s) + 3 × 6 s + 10 s = 73 s, judged at the first event after it.
    expect(r.violations[0]!.message).toMatch(
      /^no new master within 28000 ms: c\d's session 0x[0-9a-f]+ ended at .* nobody acts as master by 73000.000 ms$/,
    );
    expect(r.violations[0]!.time).toBeGreaterThan(73_000);
    expect(r.violations[0]!.time).toBeLessThan(74_000);
  });
});
