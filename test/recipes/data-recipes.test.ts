// The data recipes end to end (recipe-config, -membership, -registry, -queue, -barrier): a run of
// each correct recipe passes every checker, and its planted mistake (--naive) is caught by its
// own checker on a seed the fuzzer found (zksim fuzz recipe-X --naive; fuzz seeds run swarm).
import { describe, expect, it } from 'vitest';
import { scenarioNamed } from '../../scenarios/index.ts';
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
});
