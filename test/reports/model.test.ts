// The report model: trace → lanes, paired messages, marks, fault spans and tracks.
import { describe, expect, it } from 'vitest';
import { ReportModelBuilder } from '../../reports/html/model.ts';
import { Pairer } from '../../reports/pairing.ts';
import { parseFaultPlan } from '../../sim/faults/plan.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { event } from '../support/events.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

function build(opts: Parameters<typeof runScenario>[0]) {
  const b = new ReportModelBuilder();
  const nodeOf: (string | undefined)[] = [];
  const { result } = runScenario({
    ...opts,
    onEvent: (ev) => {
      b.onEvent(ev);
      nodeOf[ev.i] = ev.n;
    },
  });
  return { model: b.finish(result.violations, result.simTimeMs * 1000), result, nodeOf };
}

describe('Pairer', () => {
  it('pairs in connection order, drops the send a drop names, and skips sends a receipt proves lost', () => {
    const p = new Pairer<string>();
    p.observe(event(0, 0, 'conn', 's1', { what: 'open', conn: 7, peer: 's2', addr: 's2:2888' }));
    const a = p.send(event(1, 1, 'send', 's1', { conn: 7, msg: { type: 'A' } }), 'a');
    p.send(event(2, 2, 'send', 's1', { conn: 7, msg: { type: 'B' } }), 'b');
    expect(p.drop(event(3, 3, 'conn', 's1', { what: 'drop', conn: 7, m: 'B', why: 'not-open' }))?.payload).toBe('b');
    p.send(event(4, 4, 'send', 's1', { conn: 7, msg: { type: 'C' } }), 'c');
    p.send(event(5, 5, 'send', 's2', { conn: 7, msg: { type: 'A' } }), 'reply');
    expect(a.to).toBe('s2');
    const r = p.recv(event(6, 6, 'recv', 's2', { conn: 7, from: 's1', m: 'C' }));
    expect(r.sent?.payload).toBe('c');
    expect(r.lost.map((x) => x.payload)).toEqual(['a']);
    expect(p.unreceived().map((x) => x.payload)).toEqual(['reply']);
  });
});

describe('report model', () => {
  it('a 3-server first start: a lane per server, every message received but two lost notifications, tracks end where the run ends', () => {
    const { model, result } = build({ scenario: scenarioNamed('first-start'), seed: 1, servers: 3 });
    expect(model.lanes).toEqual(['s1', 's2', 's3']);
    expect(model.msgs.length).toBeGreaterThan(100);
    const lost: string[] = [];
    for (const [s, r, from, to, ti, ts, tr] of model.msgs) {
      expect(from).not.toBe(to);
      expect(model.types[ti]).toBeDefined();
      if (r === -1) {
        lost.push(`${model.types[ti]} ${model.lanes[from]}→${model.lanes[to]}`);
        continue;
      }
      expect(r).toBeGreaterThan(s);
      expect(tr).toBeGreaterThan(ts);
    }
    // s1's first two votes, on the connection s2 hangs up when s1's own connect says hello
    // (QuorumCnxManager.handleConnection finishes the SendWorker and connects back).
    expect(lost).toEqual(['notification s1→s2', 'notification s1→s2']);
    expect(model.msgs.filter((m) => model.types[m[4]] === 'notification').length).toBe(11);
    model.lanes.forEach((n, j) => {
      const last = model.tracks[j]!.at(-1)!;
      expect(last[2]).toBe(result.roles[n.slice(1)]);
      expect(last[3]).toBe(1);
    });
    expect(model.marks.filter((k) => k[3] === 'role' && k[4] === 'LEADING').map((k) => model.lanes[k[2]])).toEqual([
      's2',
    ]);
    expect(model.violation).toBeNull();
  });

  it('crash → start and pause → resume become spans on their lane; the tracks show the server down', () => {
    const faults = parseFaultPlan(
      JSON.stringify({
        faults: [
          { type: 'crash', at: 12000, servers: [3] },
          { type: 'start', at: 15000, servers: [3] },
          { type: 'pause', at: 20000, servers: [1] },
          { type: 'resume', at: 22000, servers: [1] },
        ],
      }),
      [1, 2, 3],
    );
    const { model } = build({ scenario: scenarioNamed('first-start'), seed: 1, servers: 3, faults });
    const spans = model.spans
      .filter((s) => s[3] === 'down' || s[3] === 'paused')
      .map((s) => [model.lanes[s[2]], s[3], s[5] / 1000, s[6] / 1000]);
    expect(spans).toContainEqual(['s3', 'down', 12000, 15000]);
    expect(spans).toContainEqual(['s1', 'paused', 20000, 22000]);
    const s3 = model.tracks[2]!;
    expect(s3.find((r) => r[0] === 12_000_000)?.[2]).toBe('down');
    expect(s3.at(-1)![2]).toBe('following');
  });

  it('the failing faults replay: violation at its event and node, partitions shaded, lost messages kept', () => {
    const { model, result, nodeOf } = build({
      scenario: scenarioNamed('faults'),
      seed: 3,
      servers: 3,
      bugs: ['ZK-3911'],
    });
    const v = result.violations[0]!;
    expect(model.violation).toMatchObject({ i: v.event, checker: 'quorum-commit' });
    expect(model.lanes[model.violation!.lane]).toBe(nodeOf[v.event]);
    expect(model.lanes).toEqual(['s1', 's2', 's3', 'c1', 'c2', 'c3']);
    const partitions = model.spans.filter((s) => s[3] === 'partition');
    expect(partitions.length).toBeGreaterThan(0);
    for (const s of partitions) {
      expect(s[2]).toBe(-1);
      expect(s[1]).toBeGreaterThan(s[0]);
    }
    // (generator v3's seed 3 draws no disk stall: test/sim/fault-registry.test.ts draws every kind's span)
    expect(model.msgs.some((m) => m[1] < 0)).toBe(true);
    expect(model.marks.some((k) => k[3] === 'fault' && k[4].startsWith('partition'))).toBe(true);
  });
});
