// The data recipes end to end (recipe-config, -membership, -registry, -queue, -barrier): a run of
// each correct recipe passes every checker, and its planted mistake (--naive) is caught by its
// own checker on a seed the fuzzer found (zksim fuzz recipe-X --naive; fuzz seeds run swarm).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findScenario, scenarioNamed } from '../../scenarios/index.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { parseReplay, runOptionsOf } from '../../sim/harness/replay.ts';
import { runScenario } from '../../sim/harness/runner.ts';

const run = (name: string, seed: number, more: Record<string, unknown> = {}) =>
  runScenario({ scenario: scenarioNamed(name), seed, ...more }).result;

describe('data recipes', () => {
  for (const name of ['recipe-config', 'recipe-membership', 'recipe-registry', 'recipe-queue', 'recipe-barrier'])
    it(`${name} seed 1 passes every checker, its own among them`, () => {
      const r = run(name, 1);
      expect(r.violations).toEqual([]);
    });

  it('recipe-config --naive (pull, apply, then re-arm with exists) misses a change: config-convergence', () => {
    const r = run('recipe-config', 1, { naive: true, swarm: true });
    expect(r.violations[0]?.checker).toBe('config-convergence');
    expect(r.violations[0]?.message).toContain('neither pulled nor pushed');
  });

  it('recipe-membership --naive (no watch on the new session after an expiry) keeps a gone member: membership', () => {
    const r = run('recipe-membership', 1, { naive: true, swarm: true });
    expect(r.violations[0]?.checker).toBe('membership');
    expect(r.violations[0]?.message).toMatch(/still lists \/GroupMembers\/c\d-\d{10}/);
  });

  it('recipe-registry --naive keeps a provider that went away: membership', () => {
    const r = run('recipe-registry', 1, { naive: true, swarm: true });
    expect(r.violations[0]?.checker).toBe('membership');
    expect(r.violations[0]?.message).toMatch(/still lists \/HelloWorldService\/1\.0\.0\/100\.100\.0\.\d+:16888/);
  });

  it('recipe-queue --naive (NoNode on the delete taken as done) processes an item twice: queue', () => {
    const r = run('recipe-queue', 1, { naive: true, swarm: true });
    expect(r.violations[0]?.checker).toBe('queue');
    expect(r.violations[0]?.message).toContain('taken twice');
  });

  it('recipe-barrier --naive (a fresh sequential node per attempt) lets one pass before all arrived: barrier', () => {
    const r = run('recipe-barrier', 22, { naive: true });
    expect(r.violations[0]?.checker).toBe('barrier');
    expect(r.violations[0]?.message).toMatch(/passed the enter barrier of round \d+ before c\d arrived/);
  });

  it("recipe-queue: a take lost to the consumer's own attempt still in flight is its own (fuzz --no-lead-snapshot seed 311)", () => {
    // c3's multi for item 9 got ConnectionLoss on its way through s1 to the leader; the receipt
    // read NoNode (the multi not committed yet), the retry failed NoNode (it had committed since):
    // the recipe went on to the next item, leaving its own take unprocessed (queue: "still live,
    // which never processed it"). The receipt, read after the failed retry, says c3.
    const file = new URL('../fixtures/replays/recipe-queue-own-take-in-flight-311.replay.json', import.meta.url);
    const replay = parseReplay(readFileSync(file, 'utf8'), findScenario).replay;
    const took: TraceEvent[] = [];
    const r = runScenario({
      ...runOptionsOf(replay, scenarioNamed('recipe-queue')),
      onEvent: (e) => {
        if (e.k === 'recipe' && e.what === 'queue-took' && e.item === '/queue/item-c2.5-0000000009') took.push(e);
      },
    }).result;
    expect(r.violations).toEqual([]);
    expect(took.map((e) => e.n)).toEqual(['c3']);
    expect(r.traceHash).toBe(replay.expect.traceHash);
  });
});
