// Determinism is the product: the same seed gives the same trace hash, in this process and in
// two fresh processes; different seeds give different traces (latencies are seeded).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../sim/harness/runner.ts';
import { scenarioNamed } from '../scenarios/index.ts';

const bin = new URL('../sim/cli/bin.mjs', import.meta.url).pathname;

function hashInChild(args: string[]): string {
  const out = execFileSync(process.execPath, [bin, ...args, '--json'], { encoding: 'utf8' });
  return JSON.parse(out).traceHash as string;
}

describe('determinism', () => {
  it('same seed, same trace hash, in one process', () => {
    const a = runScenario({ scenario: scenarioNamed('first-start'), servers: 5, seed: 11 }).result;
    const b = runScenario({ scenario: scenarioNamed('first-start'), servers: 5, seed: 11 }).result;
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.events).toBe(b.events);
  });

  it('same seed, same trace hash, in two separate processes', () => {
    const args = ['run', 'first-start', '--servers', '5', '--seed', '11'];
    const h1 = hashInChild(args);
    const h2 = hashInChild(args);
    expect(h1).toMatch(/^[0-9a-f]{16}$/);
    expect(h1).toBe(h2);
    expect(h1).toBe(runScenario({ scenario: scenarioNamed('first-start'), servers: 5, seed: 11 }).result.traceHash);
  }, 60_000);

  it('the restart scenario is deterministic across processes too', () => {
    const args = ['run', 'restart', '--seed', '4'];
    expect(hashInChild(args)).toBe(hashInChild(args));
  }, 60_000);

  it('different seeds give different traces', () => {
    const hashes = new Set<string>();
    for (let seed = 1; seed <= 10; seed++)
      hashes.add(runScenario({ scenario: scenarioNamed('first-start'), servers: 5, seed }).result.traceHash);
    expect(hashes.size).toBe(10);
  });

  it('the trace hash covers message contents, not just counts', () => {
    const lines: string[] = [];
    runScenario({ scenario: scenarioNamed('first-start'), servers: 3, seed: 2, traceSink: (l) => lines.push(l) });
    const send = lines.map((l) => JSON.parse(l)).find((e) => e.k === 'send' && e.msg.type === 'notification');
    expect(send.msg).toMatchObject({ type: 'notification', state: 'LOOKING' });
  });
});
