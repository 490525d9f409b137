// zksim bench --quick: every part runs at tiny sizes and reports its figure with its spread and
// the bare heap loop measured beside it (a smoke test of the bench, not a measurement).
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';
import { PARTS } from '../../sim/cli/bench.ts';

describe('zksim bench --quick --json', () => {
  it('prints every figure: engine, ensemble, speedup, checkers, election, fuzz, bugs, coverage, scale', async () => {
    const r = await zksim('bench', '--quick', '--json', '--workers', '1');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.quick).toBe(true);
    expect(j.machine.cpus).toBeGreaterThan(0);
    for (const part of PARTS) expect(j[part], part).toBeDefined();
    for (const part of ['engine', 'ensemble', 'speedup', 'election', 'fuzz'] as const) {
      expect(j[part].bare.median, part).toBeGreaterThan(0);
      expect(j[part].ratio, part).toBeGreaterThan(0);
    }
    expect(j.engine.eventsPerSec.median).toBeGreaterThan(0);
    // every write of the ensemble answered, each a committed txn (and the sessions' own)
    expect(j.ensemble.complete).toBe(true);
    expect(j.ensemble.committed).toBeGreaterThanOrEqual(j.ensemble.writes);
    expect(j.ensemble.txnsPerSec.median).toBeGreaterThan(0);
    expect(j.speedup.simSecondsPerWallSecond).toBeGreaterThan(1);
    // the checkers part times the same seeds three ways: every checker, without the six
    // client-guarantee ones, none; a run without checkers cannot take longer than with them all
    expect(j.checkers.checkers).toBe(24);
    expect(j.checkers.clientGuarantee).toEqual([
      'watches',
      'session-expiry',
      'single-system-image',
      'linearizable',
      'digest',
      'vote-order',
    ]);
    for (const k of ['all', 'withoutClientGuarantee', 'none'])
      expect(j.checkers.secondsPerSeed[k].median, k).toBeGreaterThan(0);
    expect(j.election.failoversPerSec.median).toBeGreaterThan(0);
    expect(j.election.simMsPerFailover).toBeGreaterThan(0);
    expect(j.fuzz.seedsPerSec.median).toBeGreaterThan(0);
    // the default search finds the quick bench's bug (ZK-1291) at seed 1
    expect(j.bugs).toEqual([expect.objectContaining({ bug: 'ZK-1291', search: 'guided', seed: 1, expected: true })]);
    expect(j.coverage.map((c: { search: string }) => c.search)).toEqual(['random', 'swarm', 'guided']);
    for (const c of j.coverage) expect(c.features).toBeGreaterThan(50);
    const scale = [...j.scale.full, ...j.scale.table];
    expect(j.scale.table.map((s: { voters: number }) => s.voters)).toEqual([3, 5]);
    for (const s of scale) {
      expect(s.error).toBeUndefined();
      for (const p of ['elect', 'sync', 'connect', 'commit']) expect(s[p].ok, p).toBe(true);
      expect(s.peakHeapMb).toBeGreaterThan(0);
    }
  }, 300_000);
});
