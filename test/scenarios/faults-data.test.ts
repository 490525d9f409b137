// The faults scenario's plan and workload are data: generated from the seed, or given — a given
// plan replaces the generated one, a given workload is what the clients do, op for op.
import { describe, expect, it } from 'vitest';
import { runScenario, scenarioData } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import type { Workload } from '../../sim/faults/workload.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

describe('faults scenario plan and workload as data', () => {
  it('the plan and workload generated from a seed, given back explicitly, run to the same trace hash', () => {
    const opts = { scenario: scenarioNamed('faults'), seed: 7, servers: 3 };
    const data = scenarioData(opts);
    expect(data.plan!.faults.length).toBeGreaterThan(0);
    expect(data.workload!.clients).toHaveLength(3);
    const seeded = runScenario(opts).result;
    const explicit = runScenario({ ...opts, seed: 7, plan: data.plan!, workload: data.workload! }).result;
    expect(explicit.traceHash).toBe(seeded.traceHash);
  }, 30_000);

  it('a given plan replaces the generated one; a given workload is issued op for op', () => {
    const workload: Workload = {
      clients: [
        {
          startMs: 1500,
          sessionTimeoutMs: 10_000,
          ops: [
            { op: 'create', path: '/a', data: 'x', mode: 'persistent', thinkMs: 50 },
            { op: 'setData', path: '/a', data: 'y', thinkMs: 50 },
            {
              op: 'multi',
              ops: [
                { op: 'create', path: '/b', mode: 'ephemeral' },
                { op: 'check', path: '/a', version: 1 },
              ],
              thinkMs: 50,
            },
            { op: 'close', thinkMs: 50 },
            { op: 'getData', path: '/a', watch: true, thinkMs: 50 },
            { op: 'delete', path: '/a', thinkMs: 50 },
          ],
        },
      ],
    };
    const events: TraceEvent[] = [];
    const { result } = runScenario({
      scenario: scenarioNamed('faults'),
      seed: 7,
      servers: 3,
      untilMs: 20_000,
      plan: { faults: [] },
      workload,
      onEvent: (e) => events.push(e),
    });
    expect(result.violations).toEqual([]);
    expect(events.filter((e) => e.k === 'fault')).toEqual([]);
    const calls = events.filter((e) => e.k === 'client.call');
    expect(calls.map((e) => [e.op, e.path])).toEqual([
      [OpCode.create, '/a'],
      [OpCode.setData, '/a'],
      [OpCode.multi, ''],
      [OpCode.closeSession, ''],
      [OpCode.getData, '/a'],
      [OpCode.delete, '/a'],
    ]);
    const sessions = new Set(events.filter((e) => e.k === 'zk.session-create').map((e) => String(e.session)));
    expect(sessions.size).toBe(2); // close ended the first session; the next op ran on a new one
    const rets = events.filter((e) => e.k === 'client.return');
    expect(rets.map((e) => e.rc)).toEqual([0, 0, 0, 0, 0, 0]);
  }, 30_000);
});
