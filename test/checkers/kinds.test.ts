// Checker.kinds: the world hands a checker only the event kinds it lists. Property: on real
// runs (a clean one, and catalog bugs that make several checkers fire), checkers fed only
// their kinds report exactly what they report when fed every event, and the shared replica
// model fed REPLICA_KINDS ends in the same state as one fed every event.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { faults } from '../../scenarios/faults.ts';
import { allCheckers } from '../../sim/checkers/index.ts';
import { REPLICA_KINDS, Replicas } from '../../sim/checkers/replicas.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { type Checker, World } from '../../sim/engine/world.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { runScenario } from '../../sim/harness/runner.ts';

function record(opts: { servers: number; seed: number; bugs?: string[] }): TraceEvent[] {
  const events: TraceEvent[] = [];
  runScenario({ scenario: faults, ...opts, onEvent: (ev: TraceEvent) => events.push(ev) } as never);
  return events;
}

/** Replay events into a fresh world with these checkers; the violations they report. */
function replay(events: readonly TraceEvent[], checkers: Checker[]): string[] {
  const w = new World(1);
  for (const c of checkers) w.addChecker(c);
  for (const ev of events) {
    w.now = ev.t;
    w.emit(ev);
  }
  w.finish();
  return w.violations.map((v) => `${v.checker}@${v.event}: ${v.message}`);
}

/** The checkers that list kinds (the others see every event either way). */
const fresh = (servers: number): Checker[] =>
  allCheckers({
    voters: Array.from({ length: servers }, (_, i) => i + 1),
    observers: [],
    tickTime: 2000,
    initLimit: 10,
    roles: new RoleTracker(),
  }).filter((c) => c.kinds !== undefined);

/** The same checker without its kinds: it sees every event. */
const unfiltered = (c: Checker): Checker => ({
  name: c.name,
  onEvent: (ev, w) => c.onEvent(ev, w),
  finish: (w) => c.finish?.(w),
});

describe('Checker.kinds', () => {
  const runs = [
    { servers: 5, seed: 1 },
    { servers: 3, seed: 47, bugs: ['ZK-2845'] }, // campaign seeds under generator v4
    { servers: 3, seed: 7, bugs: ['ZK-1264'] },
    { servers: 3, seed: 3, bugs: ['ZK-1136'] },
  ];
  for (const run of runs) {
    it(`checkers report the same with and without kinds: ${JSON.stringify(run)}`, () => {
      const events = record(run);
      const filtered = fresh(run.servers);
      expect(filtered.length).toBeGreaterThan(10);
      const a = replay(events, filtered);
      const b = replay(events, fresh(run.servers).map(unfiltered));
      expect(a).toEqual(b);
      if (run.bugs) expect(a.length).toBeGreaterThan(0);

      const all = new Replicas();
      const some = new Replicas();
      const kinds = new Set<string>(REPLICA_KINDS);
      for (const ev of events) {
        all.observe(ev);
        if (kinds.has(ev.k)) some.observe(ev);
      }
      // observe() remembers the last event it saw; the model's state is the rest.
      const state = (m: Replicas) => ({ ...m, lastIndex: 0, lastChange: undefined });
      expect(isDeepStrictEqual(state(all), state(some))).toBe(true);
      expect(all.committed.length).toBeGreaterThan(0);
    });
  }
});
