// Step-triggered faults: each kind of trigger (event kind, nth, node by role or id, where
// fields, delay) and each role target fires at exactly the trace event it names.
import { expectPlanError } from '../support/plan-error.ts';
import { describe, expect, it } from 'vitest';
import { type FaultPlan, parseFaultPlan } from '../../sim/faults/plan.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import { ofKind } from '../support/events.ts';

/** A faults-scenario run (3 servers, 3 clients; its own plan starts at 4 s) with extra faults, every event kept. */
function run(plan: FaultPlan, untilMs = 3900, extra: { observers?: number } = {}) {
  const events: TraceEvent[] = [];
  const { result } = runScenario({
    scenario: scenarioNamed('faults'),
    seed: 11,
    servers: 3,
    ...extra,
    untilMs,
    faults: parseFaultPlan(JSON.stringify(plan)),
    onEvent: (e) => events.push(e),
  });
  return { result, events };
}

const triggered = (events: TraceEvent[]) => ofKind(events, 'fault').filter((e) => 'on' in e && e.on !== undefined);

describe('step-triggered faults', () => {
  it('on the nth event of a kind: the fault is the next step at the same time, after exactly n such events', () => {
    const { events } = run({
      faults: [{ type: 'pause', on: { event: 'zab.propose', nth: 3 }, servers: [1], forMs: 1 }],
    });
    const [f] = triggered(events);
    expect(f).toBeDefined();
    const proposes = events.filter((e) => e.k === 'zab.propose');
    expect(proposes.filter((e) => e.i < f!.i)).toHaveLength(3);
    expect(f!.t).toBe(proposes[2]!.t);
    expect(events.find((e) => e.i === f!.i + 1)).toMatchObject({ k: 'proc', n: 's1', what: 'pause' });
  });

  it('on an event of a server sN, with delayMs: fires delayMs after the nth event on that server only', () => {
    const { events } = run({ faults: [{ type: 'heal', on: { event: 'zab.logged', node: 's2', nth: 2, delayMs: 7 } }] });
    const logged = events.filter((e) => e.k === 'zab.logged' && e.n === 's2');
    const [f] = triggered(events);
    expect(f!.t).toBe(logged[1]!.t + 7000);
  });

  it('a where zxid may be written in hex as ZooKeeper prints it: it matches the number', () => {
    const { events } = run({
      faults: [{ type: 'heal', on: { event: 'zab.logged', node: 's2', where: { zxid: '0x100000003' } } }],
    });
    const [f] = triggered(events);
    const logged = events.find((e) => e.k === 'zab.logged' && e.n === 's2' && e.zxid === 0x100000003);
    expect(logged).toBeDefined();
    expect(f!.t).toBe(logged!.t);
    expect(events.filter((e) => e.k === 'zab.logged' && e.n === 's2' && e.i < f!.i).at(-1)).toBe(logged);
  });

  it('on a leader: crash the leader right after it sends NEWLEADER — nothing else happens on it in between', () => {
    const { events } = run({
      faults: [
        {
          type: 'crash',
          on: { event: 'send', node: 'leader', where: { 'msg.type': 'NEWLEADER' } },
          target: 'leader',
          forMs: 500,
        },
      ],
    });
    const send = events.find((e) => e.k === 'send' && (e.msg as { type: string }).type === 'NEWLEADER')!;
    const crash = events.find((e) => e.k === 'proc' && e.what === 'crash')!;
    expect(crash.n).toBe(send.n);
    expect(crash.t).toBe(send.t);
    // Only the rest of the sending step (its other sends and its zab.sync) lies in between: no delivery, no other step.
    expect(
      events
        .filter((e) => e.i > send.i && e.i < crash.i && e.k !== 'fault')
        .every((e) => e.n === send.n && e.t === send.t && (e.k === 'send' || e.k === 'zab.sync')),
    ).toBe(true);
    expect(events.some((e) => e.k === 'recv' && e.m === 'NEWLEADER' && e.i < crash.i)).toBe(false);
    const restart = events.find((e) => e.k === 'proc' && e.n === send.n && e.what === 'start' && e.i > crash.i)!;
    expect(restart.t).toBe(crash.t + 500_000);
  });

  it('on a follower, target trigger-node: crash a follower between logging a proposal and acking it', () => {
    const { events } = run({
      faults: [
        {
          type: 'crash',
          on: { event: 'recv', node: 'follower', where: { m: 'PROPOSAL' }, nth: 2 },
          target: 'trigger-node',
        },
      ],
    });
    const recvs = events.filter((e) => e.k === 'recv' && e.m === 'PROPOSAL');
    const crash = events.find((e) => e.k === 'proc' && e.what === 'crash')!;
    const second = recvs[1]!;
    expect(crash.n).toBe(second.n);
    // The step that received it appended it to the log; the crash comes before its fsync completes and before any ACK.
    expect(events.find((e) => e.i === second.i + 1)).toMatchObject({ k: 'disk', n: second.n, op: 'append' });
    const between = events.filter((e) => e.i > second.i && e.i < crash.i && e.n === second.n);
    expect(
      between.some((e) => e.k === 'zab.logged' || (e.k === 'send' && (e.msg as { type: string }).type === 'ACK')),
    ).toBe(false);
    expect(crash.t).toBe(second.t);
  });

  it('target syncing-follower: the learner the leader is syncing, between zab.connected and zab.uptodate', () => {
    const { events } = run({
      faults: [{ type: 'crash', on: { event: 'zab.sync', node: 'leader' }, target: 'syncing-follower' }],
    });
    const crash = events.find((e) => e.k === 'proc' && e.what === 'crash')!;
    const connected = events.filter((e) => e.k === 'zab.connected' && e.n === crash.n && e.i < crash.i);
    expect(connected.length).toBeGreaterThan(0);
    expect(events.some((e) => e.k === 'zab.uptodate' && e.n === crash.n && e.i < crash.i)).toBe(false);
    expect(events.find((e) => e.k === 'fault' && e.what === 'target')).toMatchObject({
      target: 'syncing-follower',
      servers: [Number(crash.n!.slice(1))],
    });
  });

  it('on a syncing follower: the trigger matches only while that learner syncs', () => {
    const { events } = run({
      faults: [{ type: 'heal', on: { event: 'recv', node: 'syncing-follower', where: { m: 'UPTODATE' } } }],
    });
    const f = triggered(events)[0]!;
    const recv = events.filter((e) => e.k === 'recv' && e.m === 'UPTODATE')[0]!;
    expect(f.t).toBe(recv.t);
    const { events: none } = run({
      faults: [{ type: 'heal', on: { event: 'recv', node: 'syncing-follower', where: { m: 'PROPOSAL' } } }],
    });
    expect(triggered(none)).toEqual([]);
  });

  it('observer: trigger on an observer, target observer', () => {
    const { events } = run(
      { faults: [{ type: 'pause', on: { event: 'zab.uptodate', node: 'observer' }, target: 'observer', forMs: 100 }] },
      3900,
      { observers: 1 },
    );
    const up = events.find((e) => e.k === 'zab.uptodate' && e.n === 's4')!;
    const pause = events.find((e) => e.k === 'proc' && e.what === 'pause')!;
    expect(pause).toMatchObject({ n: 's4', t: up.t });
    // The followers' UPTODATEs came first and did not fire it: the node filter chose the observer's.
    expect(events.some((e) => e.k === 'zab.uptodate' && e.n !== 's4' && e.i < up.i)).toBe(true);
    expect(events.filter((e) => e.k === 'proc' && e.what === 'pause')).toHaveLength(1);
  });

  it('a role nobody holds: the fault is traced with no servers and does nothing', () => {
    const { events } = run({ faults: [{ type: 'crash', at: 100, target: 'leader' }] });
    expect(events.find((e) => e.k === 'fault' && e.what === 'crash')).toMatchObject({ servers: [] });
    expect(events.some((e) => e.k === 'proc' && e.what === 'crash')).toBe(false);
  });

  it('a trigger that never matches never fires; the same plan runs to the same hash twice', () => {
    const plan: FaultPlan = {
      faults: [
        { type: 'crash', on: { event: 'zab.truncate' }, target: 'trigger-node' },
        { type: 'isolate', on: { event: 'zab.commit', nth: 4 }, target: 'leader', forMs: 300 },
      ],
    };
    const a = run(plan);
    const b = run(plan);
    expect(triggered(a.events).map((e) => e.what)).toEqual(['isolate']);
    expect(a.result.traceHash).toBe(b.result.traceHash);
  });
});

describe('step-triggered fault validation', () => {
  it.each([
    ['{"faults": [{"type": "heal"}]}', /^fault plan faults\[0\]\.at: needs either 'at' \(ms\) or 'on'/],
    [
      '{"faults": [{"type": "heal", "at": 1, "on": {"event": "zab.propose"}}]}',
      /^fault plan faults\[0\]\.at: needs either/,
    ],
    [
      '{"faults": [{"type": "heal"}, {"type": "heal"}, {"type": "heal", "on": {"event": "zab.proposal"}}]}',
      /^fault plan faults\[0\]\.at/,
    ],
    [
      '{"faults": [{"type": "heal", "at": 0}, {"type": "heal", "at": 0}, {"type": "heal", "on": {"event": "zab.proposal"}}]}',
      /^fault plan faults\[2\]\.on\.event: unknown trace event kind/,
    ],
    [
      '{"faults": [{"type": "heal", "on": {"event": "zab.propose", "node": "boss"}}]}',
      /^fault plan faults\[0\]\.on\.node: expected leader, follower/,
    ],
    ['{"faults": [{"type": "heal", "on": {"event": "zab.propose", "nth": 0}}]}', /^fault plan faults\[0\]\.on\.nth: /],
    [
      '{"faults": [{"type": "heal", "on": {"event": "zab.propose", "delayMs": -1}}]}',
      /^fault plan faults\[0\]\.on\.delayMs: /,
    ],
    ['{"faults": [{"type": "heal", "on": {"event": "zab.propose", "when": 1}}]}', /^fault plan faults\[0\]\.on: /],
    [
      '{"faults": [{"type": "crash", "at": 1}]}',
      /^fault plan faults\[0\]\.servers: needs either 'servers' or 'target'/,
    ],
    [
      '{"faults": [{"type": "crash", "at": 1, "servers": [1], "target": "leader"}]}',
      /^fault plan faults\[0\]\.servers: needs either/,
    ],
    [
      '{"faults": [{"type": "crash", "at": 1, "target": "trigger-node"}]}',
      /^fault plan faults\[0\]\.target: 'trigger-node' needs an 'on' trigger/,
    ],
    ['{"faults": [{"type": "crash", "at": 1, "target": "boss"}]}', /^fault plan faults\[0\]\.target: /],
    [
      '{"faults": [{"type": "heal", "on": {"event": "zab.propose", "node": "s9"}}]}',
      /^fault plan faults\[0\]\.on\.node: server 9 is not in the ensemble/,
    ],
  ])('%s → one line naming the field', (text, pattern) => expectPlanError(text, pattern as RegExp));
});
