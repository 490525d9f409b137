// The discovery, sync and broadcast bugs of this catalog branch are found again on the seed their campaign
// (sim/bugs.ts `campaign`) first found them at: `zksim fuzz faults --servers 3 --bug ID` fails
// by the checker the catalog names, the failing seed's replay file reproduces it, and the same
// seed passes with the bug off. One test per bug, on that one seed, so each takes a few seconds.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { BUG_CATALOG } from '../../sim/bugs.ts';

async function zksim(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const IDS = ['ZK-1264', 'ZK-1154', 'ZK-1291', 'ZK-1136'];
const bugs = BUG_CATALOG.filter((b) => IDS.includes(b.id));

describe('discovery, sync and broadcast bugs found on their first detecting seed', () => {
  it('each has a plain 3-server campaign that says where it was measured', () => {
    expect(bugs.map((b) => b.id).sort()).toEqual([...IDS].sort());
    for (const b of bugs) {
      expect(b.campaign).toMatchObject({ servers: 3, swarm: false });
      expect(b.campaign!.measured).toMatch(new RegExp(`^first at seed ${b.campaign!.firstSeed} \\(${b.expectedChecker};`));
    }
  });

  it.each(bugs.map((b) => [b.id, b.expectedChecker, b.campaign!.firstSeed] as const))(
    '%s: found by %s at seed %i, the replay reproduces, bug off passes',
    async (id, checker, seed) => {
      const seeds = `${seed}..${seed}`;
      const dir = join(mkdtempSync(join(tmpdir(), 'zksim-found-')), 'out');
      const r = await zksim('fuzz', 'faults', '--servers', '3', '--seeds', seeds, '--bug', id, '--workers', '1', '--out', dir, '--json');
      expect(r.code).toBe(1);
      const first = JSON.parse(r.out).failures[0];
      expect(first.seed).toBe(seed);
      expect(first.checker).toBe(checker);
      expect(JSON.parse(readFileSync(first.replay, 'utf8')).bugs).toEqual([id]);
      const again = await zksim('replay', first.replay, '--json');
      expect(again.code).toBe(1);
      const j = JSON.parse(again.out);
      expect(j.reproduced).toBe(true);
      expect(j.violations[0].checker).toBe(checker);
      const off = await zksim('fuzz', 'faults', '--servers', '3', '--seeds', seeds, '--workers', '1', '--json');
      expect(off.code).toBe(0);
      expect(JSON.parse(off.out).failures).toEqual([]);
    },
    20_000,
  );
});
