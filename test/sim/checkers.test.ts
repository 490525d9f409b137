// Each checker fires on a hand-made bad history: a checker that cannot fail is worse than none.
import { describe, expect, it } from 'vitest';
import { ElectionLivenessChecker } from '../../sim/checkers/election-liveness.ts';
import { LeadershipChecker } from '../../sim/checkers/leadership.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { World } from '../../sim/engine/world.ts';
import { applyFault } from '../../sim/faults/plan.ts';
import type { Actor } from '../../protocol/actor.ts';
import type { ServerState } from '../../protocol/election/Vote.ts';

const idle = (): Actor => ({ start() {}, onMessage() {} });

function worldWith(servers: number): World {
  const w = new World(1);
  for (let i = 1; i <= servers; i++) w.addNode(`s${i}`, idle);
  return w;
}

function decide(w: World, node: string, state: ServerState, leader: number, round: number, acks: number[]): void {
  w.emit({ i: w.trace.count, t: w.now, k: 'fle.decide', n: node, round, state, leader, joined: false, acks });
}

function role(w: World, node: string, state: ServerState, leader: number | null): void {
  w.emit({ i: w.trace.count, t: w.now, k: 'state', n: node, state, leader, round: 1, peerEpoch: 0, zxid: 0 });
}

describe('leadership checker', () => {
  it('fires when a server decides on votes that are not a quorum', () => {
    const w = worldWith(5);
    w.addChecker(new LeadershipChecker([1, 2, 3, 4, 5]));
    decide(w, 's3', 'LEADING', 3, 1, [1, 3]);
    expect(w.violations).toHaveLength(1);
    expect(w.violations[0]).toMatchObject({ checker: 'leadership', event: 0 });
    expect(w.violations[0]!.message).toMatch(/not a quorum/);
  });

  it('fires when a counted vote was never cast (a miscounted quorum)', () => {
    const w = worldWith(5);
    w.addChecker(new LeadershipChecker([1, 2, 3, 4, 5]));
    const propose = (sid: number, leader: number, round: number) =>
      w.emit({
        i: w.trace.count,
        t: w.now,
        k: 'fle.vote',
        n: `s${sid}`,
        round,
        leader,
        zxid: 0,
        peerEpoch: 0,
        because: 'myid',
        from: leader,
      });
    propose(1, 4, 2);
    propose(2, 5, 2); // server 2 moved on to 5 ...
    propose(4, 4, 2);
    decide(w, 's4', 'LEADING', 4, 2, [1, 2, 4]); // ... but s4 counts it for 4
    expect(w.violations).toHaveLength(1);
    expect(w.violations[0]!.message).toMatch(
      /counted a vote of server 2 for 4 in round 2, but server 2 never proposed 4/,
    );
  });

  it('stays quiet for two leaders of one round whose quorums intersect (FLE allows it; Zab sorts it out)', () => {
    const w = worldWith(5);
    w.addChecker(new LeadershipChecker([1, 2, 3, 4, 5]));
    const propose = (sid: number, leader: number) =>
      w.emit({
        i: w.trace.count,
        t: w.now,
        k: 'fle.vote',
        n: `s${sid}`,
        round: 1,
        leader,
        zxid: 0,
        peerEpoch: 0,
        because: 'myid',
        from: leader,
      });
    [
      [1, 4],
      [2, 4],
      [4, 4],
      [2, 5],
      [3, 5],
      [5, 5],
    ].forEach(([sid, leader]) => propose(sid!, leader!));
    decide(w, 's4', 'LEADING', 4, 1, [1, 2, 4]);
    decide(w, 's5', 'LEADING', 5, 1, [2, 3, 5]);
    decide(w, 's1', 'FOLLOWING', 4, 1, [1, 2, 4]);
    expect(w.violations).toEqual([]);
  });
});

describe('election-liveness checker', () => {
  function setup() {
    const w = worldWith(3);
    const roles = new RoleTracker();
    w.trace.subscribe((e) => roles.onEvent(e));
    w.addChecker(new ElectionLivenessChecker([1, 2, 3], [1, 2, 3], roles, { lookingMs: 1000, settleMs: 5000 }));
    for (const n of ['s1', 's2', 's3']) w.start(n);
    return { w, roles };
  }

  it('fires when a server stays LOOKING past the bound with a quorum running', () => {
    const { w } = setup();
    role(w, 's1', 'LEADING', 1);
    role(w, 's2', 'FOLLOWING', 1);
    role(w, 's3', 'LOOKING', null);
    w.at(1500, 'tick', () => w.emit({ i: w.trace.count, t: w.now, k: 'timer', n: 'x1', tag: 'tick' }));
    w.run();
    expect(w.violations).toHaveLength(1);
    expect(w.violations[0]!.message).toMatch(/server\(s\) 3 \(1500 ms\) still LOOKING/);
  });

  it('stretches its bounds by the slowest clock in force (clock-drift)', () => {
    const { w } = setup();
    applyFault(w, { type: 'clock-drift', at: 0, server: 3, driftPpm: -100_000 }); // bound 1000 / 0.9 = 1111 ms
    role(w, 's1', 'LEADING', 1);
    role(w, 's2', 'FOLLOWING', 1);
    role(w, 's3', 'LOOKING', null);
    w.at(1100, 'tick', () => w.emit({ i: w.trace.count, t: w.now, k: 'timer', n: 'x1', tag: 'tick' }));
    w.run();
    expect(w.violations).toEqual([]);
    w.at(1120, 'tick', () => w.emit({ i: w.trace.count, t: w.now, k: 'timer', n: 'x1', tag: 'tick' }));
    w.run();
    expect(w.violations[0]?.message).toMatch(/server\(s\) 3 \(1120 ms\) still LOOKING, more than 1111 ms/);
  });

  it('waits while a partition is in force', () => {
    const { w } = setup();
    role(w, 's3', 'LOOKING', null);
    w.net.block('s3', 's1');
    w.at(1500, 'tick', () => w.emit({ i: w.trace.count, t: w.now, k: 'timer', n: 'x1', tag: 'tick' }));
    w.run();
    expect(w.violations).toEqual([]);
  });

  it('fires at the end when the ensemble never settled on one leader', () => {
    const { w } = setup();
    role(w, 's1', 'LEADING', 1);
    role(w, 's2', 'LEADING', 2);
    role(w, 's3', 'FOLLOWING', 2);
    w.at(6000, 'tick', () => {});
    w.run();
    w.finish();
    expect(w.violations).toHaveLength(1);
    expect(w.violations[0]!.message).toMatch(/not settled .* 1:leading 2:leading 3:following/);
  });

  it('is quiet for a settled ensemble', () => {
    const { w } = setup();
    role(w, 's1', 'LEADING', 1);
    role(w, 's2', 'FOLLOWING', 1);
    role(w, 's3', 'FOLLOWING', 1);
    w.at(6000, 'tick', () => {});
    w.run();
    w.finish();
    expect(w.violations).toEqual([]);
  });
});
