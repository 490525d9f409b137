// Scenario options come from one schema per scenario family (scenarios/options.ts): the run and
// fuzz flags, the replay file's `options` (checked by the scenario's own schema on load, errors
// naming the field) and `zksim list scenarios --json` all read it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';
import { faultsOptions, startOptions, walkthroughOptions } from '../../scenarios/options.ts';

const fixture = (name: string) => new URL(`../fixtures/replays/${name}`, import.meta.url).pathname;

/** A replay file of first-start, written by this zksim, with `edit` applied to its JSON. */
async function replayWith(edit: (r: Record<string, unknown>) => void): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'zksim-options-')), 'run.json');
  await zksim('run', 'first-start', '--servers', '3', '--seed', '2', '--save-replay', file);
  const r = JSON.parse(readFileSync(file, 'utf8'));
  edit(r);
  writeFileSync(file, JSON.stringify(r));
  return file;
}

describe('scenario options, one schema per family', () => {
  it('each family resolves its defaults and its schema rejects what it does not take', () => {
    expect(startOptions.resolve({})).toMatchObject({ servers: 5, observers: 0, gapMs: 3000 });
    expect(faultsOptions.resolve({ servers: 3 })).toMatchObject({ servers: 3, observers: 0 });
    expect(startOptions.schema.safeParse({ swarm: true }).success).toBe(false);
    expect(faultsOptions.schema.safeParse({ swarm: true, servers: 3 }).success).toBe(true);
    expect(walkthroughOptions.schema.safeParse({ servers: 3 }).success).toBe(false);
    expect(walkthroughOptions.schema.safeParse({ untilMs: 500 }).success).toBe(true);
  });

  it('replay files written before the schemas (version 2, by b188877) still load and run their options', async () => {
    const start = await zksim('replay', fixture('first-start-v2.replay.json'));
    expect(start.err).toBe('');
    expect(start.out).toContain('first-start, 3 servers started 3,1,2 500 ms apart, seed 2');
    expect(start.out).toContain('20.000 s simulated');
    const faults = await zksim('replay', fixture('faults-zk3911-v2.replay.json'), '--json');
    expect(faults.err).toBe('');
    const j = JSON.parse(faults.out);
    expect(j).toMatchObject({ scenario: 'faults', seed: 3 });
    expect(Object.keys(j.roles)).toEqual(['1', '2', '3']);
    expect(j.simTimeMs).toBeLessThanOrEqual(44_536.783); // its untilMs (fractional: the shrinker's cut)
  });

  it.each([
    [
      (r: Record<string, unknown>) => (r.options = { swarm: true }),
      /^zksim: replay file options: unknown option swarm /,
    ],
    [
      (r: Record<string, unknown>) => (r.options = { servers: 3, order: [1, 2] }),
      /^zksim: replay file options.order: must list each of servers 1..3 exactly once \(got 1,2\)$/,
    ],
    [
      (r: Record<string, unknown>) => (r.options = { gapMs: 'soon' }),
      /^zksim: replay file options.gapMs: expected simulated ms from 0 to 3600000$/,
    ],
    [
      (r: Record<string, unknown>) => (r.options = { servers: 3.5 }),
      /^zksim: replay file options.servers: expected a whole number from 2 to 99$/,
    ],
    [
      (r: Record<string, unknown>) => (r.plan = { faults: [] }),
      /^zksim: replay file plan: scenario first-start has no fault plan of its own/,
    ],
  ])('a replay file whose options its scenario does not take: one line naming the field (%#)', async (edit, msg) => {
    const r = await zksim('replay', await replayWith(edit));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('list scenarios --json shows each scenario its options: flag, value, default, help, JSON schema', async () => {
    const list = JSON.parse((await zksim('list', 'scenarios', '--json')).out) as {
      name: string;
      options: { name: string; flag: string; default?: unknown; schema: unknown }[];
    }[];
    const of = (name: string) => list.find((s) => s.name === name)!.options;
    expect(of('first-start').map((o) => o.flag)).toEqual([
      '--servers',
      '--observers',
      '--order',
      '--gap',
      '--until',
      '--no-lead-snapshot',
      '--zk',
    ]);
    expect(of('faults').map((o) => o.flag)).toEqual([
      '--servers',
      '--observers',
      '--swarm',
      '--until',
      '--no-lead-snapshot',
      '--zk',
    ]);
    expect(of('restart').map((o) => o.flag)).toEqual(['--until', '--no-lead-snapshot', '--zk']);
    expect(of('first-start')[0]).toMatchObject({
      name: 'servers',
      default: 5,
      schema: { type: 'integer', minimum: 2, maximum: 99 },
    });
  });

  it('fuzz takes every option flag of its scenario, read by the same schema as run', async () => {
    const ok = await zksim(
      'fuzz',
      'first-start',
      '--seeds',
      '1..2',
      '--servers',
      '3',
      '--gap',
      '500',
      '--workers',
      '1',
    );
    expect(ok.code).toBe(0);
    for (const [argv, msg] of [
      [
        ['fuzz', 'restart', '--seeds', '1..2', '--servers', '3'],
        /^zksim: --servers does not apply to scenario restart$/,
      ],
      [['fuzz', 'faults', '--seeds', '1..2', '--order', '1,2,3'], /^zksim: --order does not apply to scenario faults$/],
      [['fuzz', 'first-start', '--seeds', '1..2', '--order', '2,1'], /^zksim: --order: must list each of servers 1..5/],
      [
        ['run', 'first-start', '--until', '0'],
        /^zksim: --until: expected simulated ms above 0, at most 86400000 \(got '0'\)$/,
      ],
      [['run', 'first-start', '--gap', 'x'], /^zksim: --gap: expected simulated ms from 0 to 3600000 \(got 'x'\)$/],
    ] as [string[], RegExp][]) {
      const r = await zksim(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });

  it('the replay file keeps the options run was given, and fuzz prints the flags to run a failing seed again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zksim-options-')), 'run.json');
    await zksim('run', 'first-start', '--servers', '3', '--order', '2,3,1', '--gap', '250', '--save-replay', file);
    expect(JSON.parse(readFileSync(file, 'utf8')).options).toEqual({
      servers: 3,
      order: [2, 3, 1],
      gapMs: 250,
      zk: '3.8.6',
    });
    const args = ['fuzz', 'faults', '--seeds', '3..3', '--servers', '3', '--bug', 'ZK-3911', '--workers', '1'];
    const r = await zksim(...args, '--search', 'random');
    expect(r.out).toContain('replay: npx zksim run faults --seed 3 --servers 3 --bug ZK-3911');
    // a seed of the guided search that runs its own (swarm-drawn) plan: the flags say so
    const g = await zksim('fuzz', 'faults', '--seeds', '1..1', ...args.slice(4));
    expect(g.out).toContain('replay: npx zksim run faults --seed 1 --servers 3 --swarm --bug ZK-3911');
  });
});
