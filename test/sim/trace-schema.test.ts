// The trace schema holds: every event a run emits is of a kind the schema lists (what step
// triggers may name), every emitter in the tree type-checks against it, and a mistake in a
// kind or a field does not compile (the cases of trace-schema.types.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_TRACE_KINDS } from '../../protocol/trace.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import { TRACE_KINDS } from '../../sim/engine/trace-events.ts';
import { runScenario } from '../../sim/harness/runner.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(root, 'node_modules/.bin/tsc');

/** tsc on a project: its exit code and the lines of its errors ("file(line,col): error ..."). */
function typecheck(project: string): { code: number; errors: string[] } {
  try {
    execFileSync(tsc, ['--noEmit', '-p', project], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, errors: [] };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, errors: `${err.stdout}${err.stderr}`.split('\n').filter((l) => / error TS/.test(l)) };
  }
}

describe('trace schema', () => {
  it('every event of a few runs is of a kind in TRACE_KINDS', () => {
    const seen = new Set<string>();
    const onEvent = (ev: { k: string }) => seen.add(ev.k);
    runScenario({ scenario: scenarioNamed('first-start'), servers: 3, seed: 1, onEvent });
    runScenario({ scenario: scenarioNamed('leader-crash'), seed: 1, onEvent });
    for (const seed of [1, 2])
      runScenario({ scenario: scenarioNamed('faults'), servers: 3, swarm: true, seed, onEvent });
    expect([...seen].filter((k) => !TRACE_KINDS.has(k))).toEqual([]);
    // The runs are broad enough to mean something: the world's kinds and most of the protocol's.
    for (const k of ['send', 'recv', 'conn', 'timer', 'disk', 'proc', 'fault']) expect(seen).toContain(k);
    const protocol = Object.keys(PROTOCOL_TRACE_KINDS).filter((k) => seen.has(k));
    expect(protocol.length).toBeGreaterThanOrEqual(35);
  }, 180_000);

  it('the tree type-checks: every ctx.trace call names a known kind with its fields', () => {
    expect(typecheck(join(root, 'tsconfig.json')).errors).toEqual([]);
  }, 180_000);

  it('each case of trace-schema.types.ts after @ts-expect-error is a type error, and only those', () => {
    const lines = readFileSync(join(root, 'test/sim/trace-schema.types.ts'), 'utf8').split('\n');
    const expected: number[] = [];
    const stripped = lines.map((l, j) => {
      if (!l.trim().startsWith('// @ts-expect-error')) return l.replaceAll("'../../", `'${root}/`);
      expected.push(j + 2); // the next line, 1-based
      return '//';
    });
    expect(expected.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'zksim-trace-schema-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(join(dir, 'cases.ts'), stripped.join('\n'));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: join(root, 'tsconfig.json'),
          compilerOptions: { typeRoots: [join(root, 'node_modules/@types')] },
          include: [],
          files: [join(dir, 'cases.ts')],
        }),
      );
      const { errors } = typecheck(join(dir, 'tsconfig.json'));
      const at = [...new Set(errors.map((e) => Number(/cases\.ts\((\d+),/.exec(e)?.[1])))].sort((a, b) => a - b);
      expect(at, errors.join('\n')).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
