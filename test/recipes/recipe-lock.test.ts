// recipe-lock, the exclusive lock of seed 002, end to end: a seed the fuzzer found fails
// mutual-exclusion without fencing (a holder paused past its session timeout writes after its
// session expired and another client acquired), and the same seed passes with --fencing, where
// the resource rejects the paused holder's old token.
import { describe, expect, it } from 'vitest';
import { scenarioNamed } from '../../scenarios/index.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';

const run = (seed: number, fencing: boolean) => {
  const events: TraceEvent[] = [];
  const r = runScenario({
    scenario: scenarioNamed('recipe-lock'),
    seed,
    swarm: true,
    fencing,
    onEvent: (e) => {
      if (e.k === 'recipe' || (e.k === 'proc' && e.n.startsWith('c'))) events.push(e);
    },
  }).result;
  return { r, events };
};

describe('recipe-lock', () => {
  it('fuzz seed 1 (swarm): the holder c4 paused past its session timeout writes after c1 held the lock', () => {
    const { r, events } = run(1, false);
    expect(r.violations[0]?.checker).toBe('mutual-exclusion');
    expect(r.violations[0]?.message).toContain('c4 and c1 acted as holder at the same time');
    // c4 was paused, and resumed into the write that broke the lock.
    const pause = events.find((e) => e.k === 'proc' && e.n === 'c4' && e.what === 'pause');
    expect(pause).toBeDefined();
  });

  it('the same seed passes with --fencing: the paused holder’s write is rejected', () => {
    const { r, events } = run(1, true);
    expect(r.violations).toEqual([]);
    const rejected = events.filter((e) => e.k === 'recipe' && e.what === 'write' && !e.accepted);
    expect(rejected.map((e) => e.n)).toContain('c4');
  });
});
