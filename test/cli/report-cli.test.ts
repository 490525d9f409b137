// run/replay --report DIR, --shiviz FILE, --mermaid FILE: what they write, and bad paths
// as one-line errors with exit code 2 and nothing written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';

describe('--report / --shiviz / --mermaid', () => {
  it('run writes a self-contained report.html, a ShiViz log and a Mermaid diagram', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-report-'));
    const r = await zksim(
      'run',
      'first-start',
      '--servers',
      '3',
      '--seed',
      '1',
      '--report',
      join(dir, 'rep'),
      '--shiviz',
      join(dir, 'run.log'),
      '--mermaid',
      join(dir, 'run.mmd'),
      '--mermaid-types',
      'notification',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(`report: ${join(dir, 'rep', 'report.html')}`);
    expect(r.out).toContain('(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})');
    const html = readFileSync(join(dir, 'rep', 'report.html'), 'utf8');
    // Self-contained: nothing to fetch (the only URL is the SVG namespace).
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\/|<link\b|\bsrc=|@import/);
    expect(html).toContain('npx zksim run first-start --servers 3 --seed 1 --report');
    for (const c of ['leadership', 'quorum-commit', 'liveness']) expect(html).toContain(`data-checker="${c}"`);
    expect(html).toContain('every checker passed');
    expect(
      readFileSync(join(dir, 'run.mmd'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('->>'))
        .every((l) => l.endsWith(': notification')),
    ).toBe(true);
    expect(readFileSync(join(dir, 'run.log'), 'utf8')).toMatch(/^proc start inc=1 \[#0 t=0\.000ms\]\ns1 \{"s1":1\}\n/);
    expect(readdirSync(join(dir, 'rep'))).toEqual(['report.html']);
  });

  it('replay --report names the violation, the replay command and that it reproduced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-report-'));
    const replay = join(dir, 'f3.replay.json');
    expect(
      (await zksim('run', 'faults', '--servers', '3', '--seed', '3', '--bug', 'ZK-3911', '--save-replay', replay)).code,
    ).toBe(1);
    const r = await zksim('replay', replay, '--report', dir);
    expect(r.code).toBe(1);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`npx zksim replay ${replay}`);
    expect(html).toContain('yes: the same violation and trace hash');
    expect(html).toMatch(/VIOLATION quorum-commit<\/b> at event \d+/);
    expect(html).toContain('<li class="fail" data-checker="quorum-commit">');
  });

  it.each([
    ['--report', 'file'],
    ['--report', 'missing/deeper'],
    ['--shiviz', 'missing/x.log'],
    ['--shiviz', '.'],
    ['--mermaid', 'missing/x.mmd'],
  ])('%s %s → exit 2, one line naming the flag, nothing written', async (flag, where) => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-report-'));
    writeFileSync(join(dir, 'file'), 'not a directory');
    const r = await zksim('run', 'first-start', '--servers', '3', flag, join(dir, where));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain(flag);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('mermaid sub-flags need --mermaid, and bad values are named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-report-'));
    mkdirSync(join(dir, 'r'));
    for (const argv of [
      ['--mermaid-types', 'ACK'],
      ['--mermaid', join(dir, 'm.mmd'), '--mermaid-window', '9..3'],
      ['--mermaid', join(dir, 'm.mmd'), '--mermaid-types', 'a b'],
    ]) {
      const r = await zksim('run', 'first-start', '--servers', '3', ...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^zksim: --mermaid/);
    }
    expect(existsSync(join(dir, 'm.mmd'))).toBe(false);
    const bad = await zksim('replay', join(dir, 'nope.json'), '--report', join(dir, 'r'));
    expect(bad.code).toBe(2);
  });
});
