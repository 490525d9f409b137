// Release profiles (sim/harness/releases.ts, `--zk 3.8.N`): each 3.8 release has the catalog
// bugs its tags show unfixed — the ZOOKEEPER-4643/4646 order of Learner.syncWithLeader at
// NEWLEADER in 3.8.0 … 3.8.4, none from 3.8.5 (the ZOOKEEPER-4785 backport) — a run of a release
// is a run with those bugs on, --bug adds more, and replay files carry the release.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioNamed } from '../../scenarios/index.ts';
import { BUG_CATALOG } from '../../sim/harness/bugs.ts';
import { DEFAULT_RELEASE, RELEASES, compareVersions, releaseBugs, runBugs } from '../../sim/harness/releases.ts';
import { runScenario, withReleaseBugs } from '../../sim/harness/runner.ts';
import { zksim } from '../support/zksim.ts';

const faults = scenarioNamed('faults')!;

describe('release profiles', () => {
  it("the default is the newest 3.8 release, 3.8.6, with none of the fixed catalog bugs, only 3.8's own ZK-1549", () => {
    expect(DEFAULT_RELEASE).toBe('3.8.6');
    expect(RELEASES.at(-1)!.name).toBe('3.8.6');
    expect(releaseBugs('3.8.6')).toEqual(['ZK-1549']);
    expect(releaseBugs('3.8.5')).toEqual(['ZK-1549']);
  });

  it('3.8.0 … 3.8.4 have the ZOOKEEPER-4643/4646 NEWLEADER order and its ZOOKEEPER-4685 race, and nothing else (besides ZK-1549, in every release)', () => {
    for (const r of ['3.8.0', '3.8.1', '3.8.2', '3.8.3', '3.8.4'] as const)
      expect(releaseBugs(r).sort()).toEqual(['ZK-1549', 'ZK-4643', 'ZK-4646', 'ZK-4685']);
  });

  it('--no-lead-snapshot runs the fix of ZK-1549 (no Leader.lead snapshot): the bug is off, the run differs', () => {
    const bugsOf = (o: Record<string, unknown>) =>
      (withReleaseBugs({ scenario: faults, seed: 3, ...o }) as { bugs?: string[] }).bugs;
    expect(bugsOf({ noLeadSnapshot: true })).toEqual([]);
    expect(bugsOf({ zk: '3.8.4', noLeadSnapshot: true })).toEqual(['ZK-4646', 'ZK-4643', 'ZK-4685']);
    const run = (o: Record<string, unknown>) => runScenario({ scenario: faults, seed: 3, servers: 3, ...o }).result;
    expect(run({ noLeadSnapshot: true }).traceHash).not.toBe(run({}).traceHash);
    expect(run({ bugs: ['ZK-1549'] }).traceHash).toBe(run({}).traceHash);
  });

  it('every catalog entry has affects/fixedIn, affects not after fixedIn', () => {
    for (const b of BUG_CATALOG) {
      expect(b.affects).toMatch(/^\d+\.\d+\.\d+$/);
      if (b.fixedIn === undefined) {
        // An open JIRA: fixedBy says so.
        expect(b.fixedBy, b.id).toMatch(/^none/);
        continue;
      }
      expect(b.fixedIn).toMatch(/^\d+\.\d+\.\d+$/);
      expect(compareVersions(b.affects, b.fixedIn)).toBeLessThanOrEqual(0);
    }
    expect(compareVersions('3.4.10', '3.4.9')).toBeGreaterThan(0);
  });

  it('--bug adds to the release: runBugs keeps the release first and names each bug once', () => {
    expect(runBugs(undefined, ['ZK-1264'])).toEqual(['ZK-1549', 'ZK-1264']);
    expect(runBugs('3.8.4', ['ZK-4643', 'ZK-1264'])).toEqual(['ZK-4646', 'ZK-4643', 'ZK-1549', 'ZK-4685', 'ZK-1264']);
  });

  it('a run of 3.8.4 is the run with --bug ZK-4643,ZK-4646,ZK-4685; a run of 3.8.6 is the default run', () => {
    const run = (o: Record<string, unknown>) => runScenario({ scenario: faults, seed: 3, servers: 3, ...o }).result;
    const r384 = run({ zk: '3.8.4' });
    expect(r384.traceHash).toBe(run({ bugs: ['ZK-4643', 'ZK-4646', 'ZK-4685'] }).traceHash);
    // ZK-4685's race is seen first (a PROPOSAL ACK read as the NEWLEADER ACK), before 4646's quorum-commit.
    expect(r384.violations[0]?.checker).toBe('leadership');
    const def = run({});
    expect(def.ok).toBe(true);
    expect(run({ zk: '3.8.6' }).traceHash).toBe(def.traceHash);
    expect(run({ zk: '3.8.5' }).traceHash).toBe(def.traceHash);
  });
});

describe('--zk on the command line', () => {
  it('a release that is not known is one line naming the flag, exit 2', async () => {
    const r = await zksim('run', 'faults', '--seed', '1', '--zk', '3.9.0');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--zk');
    expect(r.err).toContain('3.8.6');
  });

  it.each([['gate', '--seeds', '1'], ['demo'], ['walkthrough', 'first-start'], ['fuzz', 'faults', '--seeds', '1..1']])(
    '%s takes --zk, and names it when the value is bad',
    async (...cmd) => {
      const r = await zksim(...cmd, '--zk', '3.8');
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(
        "zksim: --zk: expected one of 3.8.0, 3.8.1, 3.8.2, 3.8.3, 3.8.4, 3.8.5, 3.8.6 (got '3.8')",
      );
    },
  );

  it('run --zk 3.8.4 finds what 3.8.6 does not, and its replay file carries the release', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-zk-'));
    const file = join(dir, 'r.json');
    const bad = await zksim('run', 'faults', '--seed', '3', '--servers', '3', '--zk', '3.8.4', '--save-replay', file);
    expect(bad.code).toBe(1);
    const replay = JSON.parse(readFileSync(file, 'utf8'));
    expect(replay.options.zk).toBe('3.8.4');
    expect(replay.bugs).toEqual([]);
    const again = await zksim('replay', file);
    expect(again.code).toBe(1);
    expect(again.out).toContain('leadership');
    const good = await zksim('run', 'faults', '--seed', '3', '--servers', '3', '--zk', '3.8.6');
    expect(good.code).toBe(0);
  });

  it('zksim list releases: each release, its date, what differs from the default', async () => {
    const r = await zksim('list', 'releases', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { name: string; date: string; default: boolean; bugs: string[] }[];
    expect(rows.map((x) => x.name)).toEqual(['3.8.0', '3.8.1', '3.8.2', '3.8.3', '3.8.4', '3.8.5', '3.8.6']);
    expect(rows.find((x) => x.default)!.name).toBe('3.8.6');
    expect(rows[0]!.date).toBe('2022-02-25');
    expect(rows[4]!.bugs.sort()).toEqual(['ZK-4643', 'ZK-4646', 'ZK-4685']);
    expect(rows[5]!.bugs).toEqual([]);
    const text = await zksim('list', 'releases');
    expect(text.out).toContain('3.8.6* 2026-01-28');
  });
});
