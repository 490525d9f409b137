// The formatter and linter (Biome, biome.json) run as part of `npm test`, so CI fails on
// unformatted code or a lint error; and a determinism lint of its own: nothing in protocol/ or
// the simulation layers of sim/ reads a clock, a random source or a Node timer.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const biome = join(root, 'node_modules/.bin/biome');

function run(args: string[], cwd = root): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(biome, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = `${dir}/${name}`;
    if (statSync(join(root, p)).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

describe('hygiene', () => {
  it('biome check (format + lint) passes on the whole tree', () => {
    const r = run(['check', '--colors=off', '.']);
    expect(
      r.out
        .split('\n')
        .filter((l) => /error|×/.test(l))
        .slice(0, 20),
      r.out,
    ).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('the determinism lint names a clock read in protocol/ and allows one in the CLI', () => {
    // A scratch tree with this repository's biome.json: the rule is seen firing on real files.
    const dir = mkdtempSync(join(tmpdir(), 'zksim-lint-'));
    try {
      writeFileSync(
        join(dir, 'biome.json'),
        readFileSync(join(root, 'biome.json'), 'utf8').replace('./node_modules/', `${root}/node_modules/`),
      );
      mkdirSync(join(dir, 'protocol'));
      mkdirSync(join(dir, 'sim/cli'), { recursive: true });
      writeFileSync(join(dir, 'protocol/x.ts'), 'export const t = Date.now();\n');
      writeFileSync(join(dir, 'sim/cli/x.ts'), 'export const t = Date.now();\n');
      const bad = run(['lint', '--colors=off', '--vcs-enabled=false', 'protocol/x.ts'], dir);
      expect(bad.code).not.toBe(0);
      expect(bad.out).toContain('determinism: read the node');
      expect(run(['lint', '--colors=off', '--vcs-enabled=false', 'sim/cli/x.ts'], dir).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no Math.random, crypto randomness or hrtime in protocol/ and the simulation layers of sim/', () => {
    const files = ['protocol', 'sim/engine', 'sim/faults', 'sim/checkers', 'sim/harness', 'scenarios'].flatMap(sources);
    const hits: string[] = [];
    for (const f of files) {
      const lines = readFileSync(join(root, f), 'utf8').split('\n');
      lines.forEach((l, i) => {
        const code = l.replace(/\/\/.*$/, '');
        if (/Math\.random|randomBytes|randomUUID|getRandomValues|hrtime|performance\.now/.test(code))
          hits.push(`${f}:${i + 1}: ${l.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
