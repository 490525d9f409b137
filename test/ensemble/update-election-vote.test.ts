// QuorumPeer.updateElectionVote (ZOOKEEPER-1732, issue 12 item 6): Leader.startZkServer and
// Learner.syncWithLeader (after startServing) set the current vote's peerEpoch to the new epoch,
// so the FOLLOWING/LEADING replies a late server hears carry it. The real 3.8 server, seed 003's
// five servers started in order (test/fixtures/zk38/election-log-excerpts.txt, myid=4):
//   n.sid:1, n.state:FOLLOWING, n.leader:3, n.round:0x1, n.peerEpoch:0x1
//   n.sid:2, n.state:FOLLOWING, n.leader:3, n.round:0x1, n.peerEpoch:0x1
//   n.sid:3, n.state:LEADING,   n.leader:3, n.round:0x1, n.peerEpoch:0x1  → following
// (the stale LOOKING votes of round 1, peerEpoch 0x0, no longer equal the settled ones: it takes
// all three settled replies).
import { describe, expect, it } from 'vitest';
import { scenarioNamed } from '../../scenarios/index.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { ofKind } from '../support/events.ts';

describe('QuorumPeer.updateElectionVote', () => {
  it('first-start --servers 5: server 4 hears FOLLOWING/LEADING 3 with peerEpoch 1 from 1, 2 and 3, then follows', () => {
    const events: TraceEvent[] = [];
    const r = runScenario({
      scenario: scenarioNamed('first-start'),
      servers: 5,
      seed: 1,
      onEvent: (e) => events.push(e),
    });
    expect(r.result.ok).toBe(true);
    const s4 = events.filter((e) => e.n === 's4');
    const decide = s4.findIndex((e) => e.k === 'fle.decide');
    const settled = ofKind(s4.slice(0, decide), 'fle.recv').filter((e) => e.state !== 'LOOKING');
    expect(settled.map((e) => [e.from, e.state, e.leader, e.peerEpoch]).sort()).toEqual([
      [1, 'FOLLOWING', 3, 1],
      [2, 'FOLLOWING', 3, 1],
      [3, 'LEADING', 3, 1],
    ]);
    const d = ofKind(s4, 'fle.decide')[0]!;
    expect([d.state, d.leader, d.joined]).toEqual(['FOLLOWING', 3, true]);
  });
});
