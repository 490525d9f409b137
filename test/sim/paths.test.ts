// The path counters (sim/harness/paths.ts): which client-facing paths a run exercised, so a
// blind spot of the workload shows up as a zero (issue 13).
import { describe, expect, it } from 'vitest';
import { OpCode } from '../../protocol/server/txn.ts';
import { PATH_COUNTERS, PathCounterSet, describePaths, zeroPaths } from '../../sim/harness/paths.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

const S = 0x1000n;
const T = 0x2000n;
let i = 0;
const ev = (n: string, k: string, f: Record<string, unknown>) =>
  ({ i: i++, t: i, k, n, ...f }) as unknown as TraceEvent;

describe('path counters', () => {
  it('count closes and expiries that removed ephemerals, refusals, and a new session after an expiry (hand-built history)', () => {
    const p = new PathCounterSet();
    for (const e of [
      ev('c1', 'client.connected', { session: S, timeout: 10000, server: 'localhost:2182' }),
      ev('s1', 'zab.deliver', { zxid: 1, type: OpCode.create, session: S, path: '/e', ephemeralOwner: S }),
      ev('c1', 'client.return', { session: S, xid: 1, op: OpCode.getData, path: '/e', rc: 0, zxid: 1 }),
      ev('c1', 'client.call', { session: S, xid: 2, op: OpCode.closeSession, path: '' }),
      ev('s1', 'zab.deliver', { zxid: 2, type: OpCode.closeSession, session: S, paths: ['/e'] }),
      ev('s2', 'zab.deliver', { zxid: 2, type: OpCode.closeSession, session: S, paths: ['/e'] }),
      ev('c2', 'client.connected', { session: T, timeout: 10000, server: 'localhost:2182' }),
      ev('s1', 'zab.deliver', { zxid: 3, type: OpCode.create, session: T, path: '/f', ephemeralOwner: T }),
      ev('s1', 'zk.session-expire', { session: T, timeout: 10000 }),
      ev('s1', 'zab.deliver', { zxid: 4, type: OpCode.closeSession, session: T, paths: ['/f'] }),
      ev('s2', 'zk.refuse', {
        reason:
          'Refusing session request for client as it has seen zxid 0x4 our last zxid is 0x3 client must try another server',
      }),
      ev('c2', 'client.expired', { session: T }),
      ev('c2', 'client.connected', { session: 0x3000n, timeout: 10000, server: 'localhost:2183' }),
      ev('c2', 'client.return', { session: 0x3000n, xid: 1, op: OpCode.getData, path: '/e', rc: 0, zxid: 4 }),
    ])
      p.onEvent(e);
    expect(p.counts).toMatchObject({
      closesWithEphemerals: 1,
      expiriesWithEphemerals: 1,
      sessionExpiries: 1,
      clientsToldExpired: 1,
      newSessionsAfterExpiry: 1,
      refusals: 1,
      ephemeralReads: 1,
    });
    expect(describePaths(zeroPaths())).toContain('never reached: watchSet.data');
  });

  it('run --json carries every counter; a seeded faults run (generator v4) reaches most paths', () => {
    const { result } = runScenario({ scenario: scenarioNamed('faults'), seed: 2, servers: 3 });
    expect(result.ok).toBe(true);
    expect(Object.keys(result.paths!).sort()).toEqual([...PATH_COUNTERS].sort());
    const zero = PATH_COUNTERS.filter((k) => result.paths![k] === 0);
    // one seed does not reach everything (refusals need a lagging server); 200 seeds do (README)
    expect(zero.length).toBeLessThan(8);
    for (const k of [
      'closesWithEphemerals',
      'watchEvent.NodeDataChanged',
      'multiRead',
      'sessionReconnects',
      'syncs',
    ] as const)
      expect(result.paths![k], k).toBeGreaterThan(0);
  }, 30_000);
});
