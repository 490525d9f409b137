// Shrinking a failing run: ZK-3911 (switched back on) found by the 3-server fuzz sweep at its
// first failing seed shrinks to a smaller run — fewer faults, ops and trace events — that still
// fails quorum-commit, and the shrunk replay file reproduces in a fresh process (same checker,
// same trace hash). fuzz --shrink writes shrunk replays and reports the sizes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';
import { cutAfter } from '../../sim/harness/shrink.ts';

const bin = new URL('../../sim/cli/bin.mjs', import.meta.url).pathname;

describe('zksim shrink', () => {
  it('shrinks the ZK-3911 failure: smaller, still quorum-commit, and the shrunk replay reproduces in a fresh process', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zksim-shrink-')), 'out');
    const fuzz = await zksim(
      'fuzz',
      'faults',
      '--servers',
      '3',
      '--seeds',
      '1..10',
      '--bug',
      'ZK-3911',
      '--workers',
      '1',
      '--out',
      dir,
      '--json',
    );
    const first = JSON.parse(fuzz.out).failures[0];
    expect(first.checker).toBe('quorum-commit');
    const out = join(dir, 'shrunk.json');
    const r = await zksim('shrink', first.replay, '--out', out, '--max-runs', '150', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.checker).toBe('quorum-commit');
    expect(j.before.ops).toBeGreaterThan(1000);
    expect(j.after.faults).toBeLessThan(j.before.faults);
    expect(j.after.ops).toBeLessThan(j.before.ops / 4);
    expect(j.after.events).toBeLessThan(j.before.events);
    const shrunk = JSON.parse(readFileSync(out, 'utf8'));
    expect(shrunk.plan.faults).toHaveLength(j.after.faults);
    expect(shrunk.expect).toMatchObject({ checker: 'quorum-commit', traceHash: j.traceHash });
    const child = spawnSync(process.execPath, [bin, 'replay', out, '--json'], { encoding: 'utf8' });
    expect(child.status).toBe(1);
    const again = JSON.parse(child.stdout);
    expect(again.reproduced).toBe(true);
    expect(again.traceHash).toBe(j.traceHash);
    expect(again.violations[0].checker).toBe('quorum-commit');
  }, 120_000);

  it('a run that does not fail, and a bad flag, are one-line errors (exit 2) and write nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-shrink-'));
    const file = join(dir, 'ok.replay.json');
    await zksim('run', 'faults', '--servers', '3', '--seed', '2', '--until', '8000', '--save-replay', file);
    const r = await zksim('shrink', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe('zksim: shrink: the run does not fail: nothing to shrink');
    expect(() => readFileSync(join(dir, 'ok.shrunk.replay.json'))).toThrow();
    const bad = await zksim('shrink', file, '--max-runs', '0');
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')).toHaveLength(1);
  }, 60_000);

  it('fuzz --shrink writes each failure shrunk, with its sizes in the summary; --shrink needs --out', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zksim-shrink-')), 'out');
    const r = await zksim(
      'fuzz',
      'faults',
      '--servers',
      '3',
      '--seeds',
      '3..3',
      '--search',
      'random',
      '--bug',
      'ZK-3911',
      '--out',
      dir,
      '--shrink',
      '--max-runs',
      '60',
      '--json',
    );
    expect(r.code).toBe(1);
    const f = JSON.parse(r.out).failures[0];
    expect(f.shrunk.after.ops).toBeLessThan(f.shrunk.before.ops);
    const summary = JSON.parse(readFileSync(join(dir, 'fuzz-summary.json'), 'utf8'));
    expect(summary.failures[0].shrunk).toEqual(f.shrunk);
    const again = JSON.parse((await zksim('replay', f.replay, '--json')).out);
    expect(again.reproduced).toBe(true);
    const noOut = await zksim('fuzz', 'faults', '--seeds', '1..1', '--shrink');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/--shrink needs --out DIR/);
  }, 120_000);

  it('cutAfter drops timed faults after the violation and ops whose think times alone reach past it', () => {
    const d = cutAfter(
      {
        plan: {
          faults: [
            { type: 'heal', at: 100 },
            { type: 'heal', at: 900 },
            { type: 'heal', on: { event: 'zab.propose' } },
          ],
        },
        workload: {
          clients: [
            {
              startMs: 100,
              sessionTimeoutMs: 10_000,
              ops: [
                { op: 'close', thinkMs: 300 },
                { op: 'close', thinkMs: 400 },
                { op: 'close', thinkMs: 300 },
              ],
            },
          ],
        },
      },
      800,
    );
    expect(d.plan.faults.map((f) => f.at ?? 'on')).toEqual([100, 'on']);
    expect(d.workload.clients[0]!.ops).toHaveLength(2);
  });
});
