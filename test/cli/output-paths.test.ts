// An output path that cannot be written — a missing directory, /proc (no files can be made
// there), /sys (read-only) — is one line naming the flag, exit 2, before the run starts (no run
// output), and nothing is left half-written; a good output flag next to a bad one writes nothing.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { zksim } from '../support/zksim.ts';

let replay = '';
beforeAll(async () => {
  replay = join(mkdtempSync(join(tmpdir(), 'zksim-paths-')), 'run.replay.json');
  await zksim('run', 'first-start', '--servers', '3', '--save-replay', replay);
});

/** Where a flag's path cannot be written: under a missing directory, in /proc, in /sys. */
const places = (dir: string, name: string) => [join(dir, 'missing', name), `/proc/${name}`, `/sys/${name}`];

const cases: [string, (dir: string) => string[], string, string][] = [
  ['run', () => ['run', 'first-start', '--servers', '3'], '--report', 'r'],
  ['run', () => ['run', 'first-start', '--servers', '3'], '--trace', 't.jsonl'],
  ['run', () => ['run', 'first-start', '--servers', '3'], '--save-replay', 'x.replay.json'],
  ['run', () => ['run', 'first-start', '--servers', '3'], '--shiviz', 'x.log'],
  ['run', () => ['run', 'first-start', '--servers', '3'], '--mermaid', 'x.mmd'],
  ['replay', () => ['replay', replay], '--report', 'r'],
  ['replay', () => ['replay', replay], '--trace', 't.jsonl'],
  ['replay', () => ['replay', replay], '--shiviz', 'x.log'],
  ['replay', () => ['replay', replay], '--mermaid', 'x.mmd'],
  ['fuzz', () => ['fuzz', 'first-start', '--seeds', '1..2', '--workers', '1'], '--out', 'o'],
  ['shrink', () => ['shrink', replay], '--out', 'x.shrunk.json'],
  ['gate', () => ['gate', '--seeds', '1'], '--junit', 'g.xml'],
];

describe('output paths that cannot be written', () => {
  it.each(cases)(
    '%s %s: a missing directory, /proc, /sys → exit 2, one line naming %s',
    async (_c, argv, flag, name) => {
      const dir = mkdtempSync(join(tmpdir(), 'zksim-paths-'));
      for (const where of places(dir, name)) {
        const r = await zksim(...argv(dir), flag, where);
        expect(r.code, `${flag} ${where}`).toBe(2);
        expect(r.out).toBe('');
        expect(r.err.split('\n')).toHaveLength(1);
        expect(r.err.startsWith(`zksim: ${flag}: `), r.err).toBe(true);
        expect(r.err).not.toMatch(/\n\s+at /);
      }
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('a good output flag beside a bad one writes nothing: the paths are all checked first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-paths-'));
    const good = [
      '--trace',
      join(dir, 't.jsonl'),
      '--save-replay',
      join(dir, 'x.json'),
      '--shiviz',
      join(dir, 's.log'),
    ];
    for (const bad of [
      ['--report', '/proc/r'],
      ['--mermaid', '/sys/m.mmd'],
    ]) {
      const r = await zksim('run', 'faults', '--servers', '3', ...good, ...bad);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^zksim: ${bad[0]}: `));
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the checks leave a writable place as it was, and the run then writes there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zksim-paths-'));
    const r = await zksim(
      'run',
      'first-start',
      '--servers',
      '3',
      '--report',
      join(dir, 'r'),
      '--trace',
      join(dir, 't.jsonl'),
      '--save-replay',
      join(dir, 'x.json'),
    );
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['r', 't.jsonl', 'x.json']);
    expect(readdirSync(join(dir, 'r'))).toEqual(['report.html']);
  });
});
