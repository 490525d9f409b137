// The layers of the code, as imports show them (DESIGN.md, "Layout"): protocol/ is ZooKeeper and
// imports nothing outside itself; inside sim/, engine → faults → checkers → harness → cli, each
// importing only the layers below it; scenarios/ and reports/ sit on the harness, and only the
// CLI imports them. Every import of every source file is parsed and checked against these rules.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = normalize(join(dirname(fileURLToPath(import.meta.url)), '..'));

/** The layer a repository path belongs to. */
function layerOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'sim') return parts.length > 2 ? `sim/${parts[1]}` : 'sim (no layer)';
  return parts[0]!;
}

/** Which layers each layer may import (itself included). */
const ALLOWED: Record<string, readonly string[]> = {
  protocol: ['protocol'],
  'sim/engine': ['protocol', 'sim/engine'],
  'sim/faults': ['protocol', 'sim/engine', 'sim/faults'],
  'sim/checkers': ['protocol', 'sim/engine', 'sim/faults', 'sim/checkers'],
  'sim/harness': ['protocol', 'sim/engine', 'sim/faults', 'sim/checkers', 'sim/harness'],
  scenarios: ['protocol', 'sim/engine', 'sim/faults', 'sim/checkers', 'sim/harness', 'scenarios'],
  reports: ['protocol', 'sim/engine', 'sim/faults', 'sim/checkers', 'sim/harness', 'reports'],
  'sim/cli': ['protocol', 'sim/engine', 'sim/faults', 'sim/checkers', 'sim/harness', 'scenarios', 'reports', 'sim/cli'],
};

/** Packages (npm and node:) each layer may import; the simulation layers get no I/O. */
const PACKAGES: Record<string, readonly string[]> = {
  protocol: ['node:crypto', 'zod'], // createHash for digest ACLs (a pure function); zod for zoo.cfg
  'sim/engine': ['seedrandom', 'zod'],
  'sim/faults': ['zod', 'fast-check'],
  'sim/checkers': [],
  'sim/harness': ['zod', 'fast-check'],
  scenarios: [],
  reports: [],
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = `${dir}/${name}`;
    if (statSync(join(root, p)).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

const files = ['protocol', 'sim', 'scenarios', 'reports'].flatMap(sources);

describe('layering', () => {
  it('every sim/ file is in one of the layers', () => {
    expect(files.filter((f) => layerOf(f) === 'sim (no layer)')).toEqual([]);
    expect(files.filter((f) => f.startsWith('sim/') && !(layerOf(f) in ALLOWED))).toEqual([]);
  });

  it('the import parser sees every kind of import', () => {
    const text =
      "import { a } from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';\nimport './d.ts';\nconst e = await import('./e.ts');\nimport {\n  f,\n  g,\n} from 'zod';";
    expect(importsOf(text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', 'zod']);
  });

  it('no import goes the wrong way', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of importsOf(readFileSync(join(root, file), 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = relative(root, normalize(join(root, dirname(file), spec)))
            .split('\\')
            .join('/');
          const to = layerOf(target);
          if (!ALLOWED[from]!.includes(to)) wrong.push(`${file} → ${target} (${from} may not import ${to})`);
        } else if (from in PACKAGES && !PACKAGES[from]!.includes(spec)) {
          wrong.push(`${file} → ${spec} (${from} may not import the package)`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the rules would catch a harness importing a scenario', () => {
    const target = 'scenarios/index.ts';
    expect(ALLOWED['sim/harness']!.includes(layerOf(target))).toBe(false);
    expect(ALLOWED['sim/engine']!.includes(layerOf('sim/faults/plan.ts'))).toBe(false);
    expect(ALLOWED.protocol!.includes(layerOf('sim/engine/world.ts'))).toBe(false);
  });
});
