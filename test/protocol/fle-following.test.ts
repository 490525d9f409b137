// FastLeaderElection.receivedFollowingNotification of 3.8 (issue 12, item 6). Its recvset branch
// (n.electionEpoch == logicalclock) stores Vote(leader, zxid, electionEpoch, peerEpoch, state) —
// version 0x0 — and compares it with Vote(n.version, ...): Vote.equals then compares by id only,
// so settled servers whose peerEpoch differs (QuorumPeer.updateElectionVote ran on some of them,
// ZOOKEEPER-1732) count together. The outofelection branch stores and compares Vote(n.version,
// ...): id and peerEpoch.
import { describe, expect, it } from 'vitest';
import type { Context } from '../../protocol/actor.ts';
import type { ServerSpec } from '../../protocol/config/zoocfg.ts';
import { type ElectionPeer, FastLeaderElection } from '../../protocol/election/FastLeaderElection.ts';
import { notification } from '../../protocol/election/Notification.ts';
import type { QuorumCnxManager } from '../../protocol/election/QuorumCnxManager.ts';
import { QuorumMaj } from '../../protocol/election/QuorumVerifier.ts';
import { type ServerState, type Vote, votesEqual } from '../../protocol/election/Vote.ts';

function election(myid: number, voters: number) {
  const servers: ServerSpec[] = Array.from({ length: voters }, (_, i) => ({
    id: i + 1,
    host: '127.0.0.1',
    quorumPort: 2888 + i,
    electionPort: 3888 + i,
    type: 'participant',
  }));
  let timers = 0;
  // A context whose timers never fire (no poll timeouts, no finalizeWait: only what is received).
  const ctx = {
    id: `s${myid}`,
    scopeName: `s${myid}`,
    now: () => 0,
    setTimer: () => ++timers,
    cancelTimer: () => {},
    scope: () => ctx,
    close: () => {},
    random: () => 0.5,
    trace: () => {},
    exit: () => {},
  } as unknown as Context;
  const decided: { state: ServerState; vote: Vote }[] = [];
  const peer: ElectionPeer = {
    myid,
    learnerType: 'participant',
    qv: new QuorumMaj(servers),
    getLastLoggedZxid: () => 0,
    getCurrentEpoch: () => 0,
    getPeerState: () => 'LOOKING',
    getCurrentVote: () => ({ id: myid, zxid: 0, electionEpoch: -1, peerEpoch: 0, state: 'LOOKING' }),
    electionDone: (state, vote) => decided.push({ state, vote }),
  };
  const manager = { toSend: () => {}, haveDelivered: () => true, connectAll: () => {} } as unknown as QuorumCnxManager;
  const fle = new FastLeaderElection(ctx, peer, manager);
  fle.lookForLeader();
  return { fle, decided };
}

describe('FastLeaderElection.receivedFollowingNotification', () => {
  it('recvset branch: FOLLOWING votes for the same leader count together whatever their peerEpoch', () => {
    // Server 4 starts in round 1 while 3 leads epoch 1: 1 is past UPTODATE (updateElectionVote:
    // peerEpoch 1), 2 still syncing (peerEpoch 0), 3 past startZkServer (peerEpoch 1).
    const { fle, decided } = election(4, 5);
    fle.receive(1, notification(3, 0, 1, 'FOLLOWING', 1));
    fle.receive(2, notification(3, 0, 1, 'FOLLOWING', 0));
    expect(decided).toEqual([]);
    fle.receive(3, notification(3, 0, 1, 'LEADING', 1));
    // 1, 2 and 3 are a quorum of 5 by id, and 3 says LEADING: 4 follows 3 at once.
    expect(decided.map((d) => [d.state, d.vote.id, d.vote.peerEpoch])).toEqual([['FOLLOWING', 3, 1]]);
  });

  it('outofelection branch (another round): id and peerEpoch must both agree', () => {
    // The same votes from round 1 reach a server in round 2: the recvset branch is skipped.
    const { fle, decided } = election(4, 5);
    fle.receive(5, notification(5, 0, 2, 'LOOKING', 0)); // moves 4 to round 2
    fle.receive(1, notification(3, 0, 1, 'FOLLOWING', 1));
    fle.receive(2, notification(3, 0, 1, 'FOLLOWING', 0));
    fle.receive(3, notification(3, 0, 1, 'LEADING', 1));
    expect(decided).toEqual([]); // only 1 and 3 agree on (3, epoch 1)
    fle.receive(2, notification(3, 0, 1, 'FOLLOWING', 1)); // 2 reached UPTODATE
    expect(decided.map((d) => [d.state, d.vote.id])).toEqual([['FOLLOWING', 3]]);
  });

  it('Vote.equals: exactly one side with version > 0x0 compares ids only (settled votes)', () => {
    const stored: Vote = { id: 3, zxid: 0, electionEpoch: 1, peerEpoch: 0, state: 'FOLLOWING' };
    const fromWire: Vote = { ...stored, peerEpoch: 1, version: 2 };
    expect(votesEqual(fromWire, stored)).toBe(true);
    expect(votesEqual(fromWire, { ...stored, version: 2 })).toBe(false);
    expect(votesEqual(fromWire, { ...stored, id: 2 })).toBe(false);
    // A LOOKING side: every field counts, whatever the version.
    expect(votesEqual(fromWire, { ...stored, state: 'LOOKING' })).toBe(false);
  });
});
