// The catalog bugs with a measured campaign: the first seed that found each in its campaign
// (faults scenario, plain or --swarm, its server count) still finds it, by the checker the
// entry expects; the replay file reproduces it; shrunk (a small budget), it still fails that
// checker and the shrunk replay reproduces too; with the bug off the same seed passes. (How
// many seeds finding it took is the entry's measured text; `zksim bench --only bugs` re-measures.)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';
import { BUG_CATALOG } from '../../sim/harness/bugs.ts';

const withCampaign = BUG_CATALOG.filter((b) => b.campaign);

describe('catalog bugs with a measured campaign', () => {
  it('every campaign names where it was measured', () => {
    expect(withCampaign.length).toBeGreaterThan(0);
    for (const b of withCampaign) expect(b.campaign!.measured).toMatch(/first at seed \d+/);
  });

  it('a campaign found by another checker than the expected one names one of its alsoFoundBy', () => {
    for (const b of withCampaign)
      if (b.campaign!.checker !== undefined) expect(b.alsoFoundBy ?? [], b.id).toContain(b.campaign!.checker);
  });

  it.each(
    withCampaign.map(
      (b) => [b.id, b.campaign!.checker ?? b.expectedChecker, b.campaign!, b.offArgs ?? [], b.until] as const,
    ),
  )(
    '%s is found at its campaign seed by %s, its replay and its shrunk replay (a small budget: 4 runs) reproduce, and the same seed passes with it off',
    async (id, checker, c, offArgs, until) => {
      const args = [
        'fuzz',
        'faults',
        '--servers',
        String(c.servers),
        '--seeds',
        `${c.firstSeed}..${c.firstSeed}`,
        // a campaign's seeds are its search's own plans: swarm's, or plain random faults'
        ...(c.swarm ? ['--swarm'] : ['--search', 'random']),
        ...(until !== undefined ? ['--until', String(until)] : []),
        '--workers',
        '1',
        '--json',
      ];
      const dir = join(mkdtempSync(join(tmpdir(), 'zksim-bug-')), 'out');
      const r = await zksim(...args, '--bug', id, '--out', dir);
      expect(r.code).toBe(1);
      const first = JSON.parse(r.out).failures[0];
      expect(first.seed).toBe(c.firstSeed);
      expect(first.checker).toBe(checker);
      const replay = JSON.parse(readFileSync(first.replay, 'utf8'));
      expect(replay.bugs).toEqual([id]);
      const again = JSON.parse((await zksim('replay', first.replay, '--json')).out);
      expect(again.reproduced).toBe(true);
      expect(again.violations[0].checker).toBe(checker);
      const shrunkFile = join(dir, 'shrunk.replay.json');
      const shrunk = await zksim('shrink', first.replay, '--out', shrunkFile, '--max-runs', '4', '--json');
      expect(shrunk.code, shrunk.err).toBe(1);
      const s = JSON.parse(shrunk.out);
      expect(s.checker).toBe(checker);
      expect(s.after.faults + s.after.ops).toBeLessThanOrEqual(s.before.faults + s.before.ops);
      const again2 = JSON.parse((await zksim('replay', shrunkFile, '--json')).out);
      expect(again2.reproduced).toBe(true);
      expect(again2.violations[0].checker).toBe(checker);
      // Off: without --bug; a bug every release has (ZK-1549) only with its fix's flags.
      const off = await zksim(...args, ...offArgs);
      expect(JSON.parse(off.out).failures).toEqual([]);
      expect(off.code).toBe(0);
    },
    60_000,
  );
});
