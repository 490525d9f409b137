// Fault plans: validated as data, then applied to a run — crashes, partitions (clocks: clocks.test.ts).
import { expectPlanError } from '../support/plan-error.ts';
import { describe, expect, it } from 'vitest';
import { parseFaultPlan } from '../../sim/faults/plan.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import { ofKind } from '../support/events.ts';

describe('fault plan validation', () => {
  it.each([
    ['not json', /^fault plan is not JSON/],
    ['{}', /^fault plan faults: /],
    ['{"faults": [{"type": "crash", "at": 1}]}', /^fault plan faults\[0\]\.servers: /],
    [
      '{"faults": [{"type": "crash", "at": 1, "servers": []}]}',
      /^fault plan faults\[0\]\.servers: needs at least one server/,
    ],
    [
      '{"faults": [{"type": "partition", "at": 1, "groups": [[1]]}]}',
      /^fault plan faults\[0\]\.groups: needs at least two groups/,
    ],
    ['{"faults": [{"type": "heal", "at": 1, "extra": 2}]}', /^fault plan faults\[0\]: /],
    [
      '{"faults": [{"type": "clock-step", "at": 1, "server": 7, "stepMs": 1000}]}',
      /^fault plan faults\[0\]\.server: server 7 is not in the ensemble \(1,2,3\)/,
    ],
  ])('%s → one line naming the field', (text, pattern) => expectPlanError(text, pattern as RegExp));
});

describe('faults in an ensemble', () => {
  it('isolating the leader: it steps down, the majority elects another, and after the heal all follow one leader', () => {
    const events: TraceEvent[] = [];
    const { result } = runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 5,
      seed: 3,
      untilMs: 100_000,
      onEvent: (e) => events.push(e),
      faults: parseFaultPlan(
        JSON.stringify({
          faults: [
            { type: 'partition', at: 15_000, groups: [[3], [1, 2, 4, 5]] },
            { type: 'heal', at: 40_000 },
          ],
        }),
      ),
    });
    expect(result.violations).toEqual([]);
    const shutdown = ofKind(events, 'zab.leader-shutdown').find((e) => e.n === 's3');
    expect(shutdown?.reason).toMatch(/Not sufficient number of followers synced/);
    const leadersAfter = events
      .filter((e) => e.k === 'fle.decide' && e.state === 'LEADING' && e.t > 15e6)
      .map((e) => e.n);
    expect(leadersAfter[0]).toBe('s5');
    expect(result.leader).toBe(5);
    expect(Object.values(result.roles).filter((r) => r === 'following')).toHaveLength(4);
  });

  it('role-targeted faults hit whoever leads at that moment: crash-leader, isolate-leader', () => {
    const events: TraceEvent[] = [];
    const { result } = runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 3,
      gapMs: 100,
      seed: 2,
      untilMs: 80_000,
      onEvent: (e) => events.push(e),
      faults: parseFaultPlan(
        JSON.stringify({
          faults: [
            { type: 'crash-leader', at: 5000, forMs: 3000 },
            // longer than syncLimit ticks (10 s): only the timeouts notice the silence
            { type: 'isolate-leader', at: 20_000, forMs: 15_000 },
          ],
        }),
      ),
    });
    expect(result.violations).toEqual([]);
    const hits = ofKind(events, 'fault')
      .filter((e) => e.what === 'crash-leader' || e.what === 'isolate-leader')
      .map((e) => [e.what, e.leader]);
    expect(hits[0]).toEqual(['crash-leader', 3]);
    expect(hits[1]![1]).not.toBe(3); // a new leader was elected meanwhile, and it is the one cut off
    expect(events.filter((e) => e.k === 'zab.established').length).toBeGreaterThanOrEqual(3);
  });

  it('a one-way partition from the leader starves its followers of pings: they give up on it', () => {
    const events: TraceEvent[] = [];
    const { result } = runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 3,
      seed: 8,
      untilMs: 90_000,
      onEvent: (e) => events.push(e),
      faults: parseFaultPlan(
        JSON.stringify({
          faults: [
            { type: 'one-way', at: 10_000, from: [2], to: [1, 3] },
            { type: 'heal', at: 40_000 },
          ],
        }),
      ),
    });
    expect(result.violations).toEqual([]);
    // Leader 2's pings are held; followers 1 and 3 time out reading and elect 3 between them.
    const gaveUp = ofKind(events, 'zab.learner-shutdown').filter((e) => e.t > 10e6);
    expect(gaveUp.map((e) => `${e.n}:${e.reason}`).sort()).toEqual(['s1:Read timed out', 's3:Read timed out']);
    const stepDown = ofKind(events, 'zab.leader-shutdown').find((e) => e.n === 's2');
    expect(stepDown?.reason).toMatch(/Not sufficient number of followers synced/);
    expect(result.leader).toBe(3);
    expect(result.roles).toEqual({ 1: 'following', 2: 'following', 3: 'leading' });
  });
});
