// The bug catalog: each historical bug, switched back on with --bug, is found by a short fuzz
// campaign of the faults scenario, by the checker the catalog names; the failing seed's replay
// file reproduces it (same violation, same trace hash); with the bug off the same seeds pass.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';
import { BUG_CATALOG } from '../../sim/harness/bugs.ts';
import { BUG_IDS } from '../../protocol/bugs.ts';
import { CATALOG_TABLE_BEGIN, CATALOG_TABLE_END, catalogTable } from '../../sim/harness/catalog-table.ts';

const SEEDS = '1..10';

describe('bug catalog', () => {
  it('lists every bug the protocol can switch on, with the checker that finds it', async () => {
    const r = await zksim('list', 'bugs', '--json');
    const rows = JSON.parse(r.out) as { id: string; jira: string; expectedChecker: string }[];
    expect(rows.map((b) => b.id).sort()).toEqual([...BUG_IDS].sort());
    for (const b of rows) expect(b.jira).toBe(`https://issues.apache.org/jira/browse/ZOOKEEPER-${b.id.slice(3)}`);
  });

  it('the same seeds pass with every bug off', async () => {
    const r = await zksim('fuzz', 'faults', '--servers', '3', '--seeds', SEEDS, '--workers', '1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).failures).toEqual([]);
  }, 60_000);

  it('every bug has a measured campaign, which test/bugs/campaigns.test.ts runs, or says which campaigns missed it and which deterministic test finds it', () => {
    for (const b of BUG_CATALOG) {
      if (b.campaign) continue;
      expect(b.unfound, b.id).toBeDefined();
      expect(b.unfound!.measured, b.id).toMatch(/none in/);
      const test = readFileSync(join(import.meta.dirname, '..', '..', b.unfound!.test), 'utf8');
      // A TypeScript test names the bug as a string; a data-driven script as its ensemble's bug=.
      expect(test.includes(`'${b.id}'`) || test.includes(`bug=${b.id}`), b.id).toBe(true);
      expect(test, b.id).toContain(b.expectedChecker);
    }
  });

  it('swarm testing (--swarm) finds ZK-3911 too; the replay file keeps swarm and the bug, and reproduces', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zksim-bug-')), 'out');
    const plain = await zksim(
      'fuzz',
      'faults',
      '--servers',
      '3',
      '--seeds',
      SEEDS,
      '--swarm',
      '--workers',
      '1',
      '--json',
    );
    expect(JSON.parse(plain.out).failures).toEqual([]);
    const r = await zksim(
      'fuzz',
      'faults',
      '--servers',
      '3',
      '--seeds',
      SEEDS,
      '--swarm',
      '--bug',
      'ZK-3911',
      '--workers',
      '1',
      '--out',
      dir,
      '--json',
    );
    expect(r.code).toBe(1);
    const first = JSON.parse(r.out).failures[0];
    const replay = JSON.parse(readFileSync(first.replay, 'utf8'));
    expect(replay.options).toEqual({ servers: 3, swarm: true, zk: '3.8.6' });
    expect(replay.bugs).toEqual(['ZK-3911']);
    expect(JSON.parse((await zksim('replay', first.replay, '--json')).out).reproduced).toBe(true);
  }, 60_000);

  it('each alsoFoundBy of ZK-1154 rests on a run: digest fires at the delivery prefix-consistency stops, bug on; off, the run passes', async () => {
    // faults --servers 3 seed 22 (random search): s3 kept an old epoch's uncommitted delete and
    // its tree's digest after the new epoch's first txn differs from s2's.
    const file = join(import.meta.dirname, '..', 'fixtures', 'replays', 'faults-zk1154-digest.replay.json');
    const on = JSON.parse((await zksim('replay', file, '--json')).out);
    expect(on.reproduced).toBe(true);
    const [pc, dg] = on.violations;
    expect([pc.checker, dg.checker]).toEqual(['prefix-consistency', 'digest']);
    expect(dg.event).toBe(pc.event);
    expect(dg.message).toMatch(/^s3's data tree digest after 0x200000001 \(delete \/w5\) is 0x[0-9a-f]+, but s2's/);
    expect(BUG_CATALOG.find((b) => b.id === 'ZK-1154')!.alsoFoundBy).toContain('digest');
    const off = join(mkdtempSync(join(tmpdir(), 'zksim-bug-')), 'off.replay.json');
    writeFileSync(off, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), bugs: [] }));
    expect(JSON.parse((await zksim('replay', off, '--json')).out).ok).toBe(true);
  }, 60_000);

  it('an unknown --bug is one line, exit 2', async () => {
    const r = await zksim('fuzz', 'faults', '--seeds', '1..2', '--bug', 'ZK-0000');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^zksim: --bug: expected bug ids from zksim list bugs \(ZK-3911, ZK-4646[,)]/);
  });

  it("the README's catalog table is the catalog's (zksim list bugs --markdown): its seeds cannot go stale", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const begin = readme.indexOf(CATALOG_TABLE_BEGIN);
    const end = readme.indexOf(CATALOG_TABLE_END);
    expect(begin, 'README has the catalog table markers').toBeGreaterThanOrEqual(0);
    expect(readme.slice(begin, end + CATALOG_TABLE_END.length)).toBe(catalogTable());
    const r = await zksim('list', 'bugs', '--markdown');
    expect(r.out.trim()).toBe(catalogTable());
    for (const b of BUG_CATALOG) expect(catalogTable()).toContain(`| [${b.id}](${b.jira}) |`);
  });

  it('--markdown is for list bugs only, and not with --json: one line, exit 2', async () => {
    const r = await zksim('list', 'faults', '--markdown');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe("zksim: --markdown is for 'list bugs' only (got 'faults')");
    expect((await zksim('list', 'bugs', '--markdown', '--json')).code).toBe(2);
  });
});
