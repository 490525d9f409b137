import { describe, expect, it } from 'vitest';
import { VoteOrderChecker } from '../../sim/checkers/vote-order.ts';
import { History, goodRun, z } from './helpers.ts';

const start = (h: History, n: string, round: number, zxid: number, peerEpoch: number) =>
  h.ev(n, 'fle.start', { round, leader: Number(n.slice(1)), zxid, peerEpoch });

describe('vote-order checker', () => {
  it('fires on a vote change to a vote that is not greater (ZOOKEEPER-1419: lower epoch, same zxid, larger id)', () => {
    const h = new History(new VoteOrderChecker());
    start(h, 's1', 1, z(1, 2), 2);
    start(h, 's3', 1, z(1, 2), 1);
    h.ev('s1', 'fle.vote', { round: 1, leader: 3, zxid: z(1, 2), peerEpoch: 1, because: 'myid', from: 3 });
    expect(h.messages()).toEqual([
      'vote-order: s1 in round 1 changed its vote from (peerEpoch 2, zxid 0x100000002, leader 1) to (peerEpoch 1, zxid 0x100000002, leader 3) (on a notification of s3, because myid), not a greater vote',
    ]);
  });

  it("fires on a newer round's vote below the server's own", () => {
    const h = new History(new VoteOrderChecker());
    start(h, 's1', 1, z(2, 0), 2);
    start(h, 's3', 4, z(1, 5), 1);
    h.ev('s1', 'fle.vote', { round: 4, leader: 3, zxid: z(1, 5), peerEpoch: 1, because: 'newer-round', from: 3 });
    expect(h.messages()).toEqual([
      'vote-order: s1 in round 4 (a newer round, from s3) voted (peerEpoch 1, zxid 0x100000005, leader 3), below its own vote (peerEpoch 2, zxid 0x200000000, leader 1)',
    ]);
  });

  it('fires on a vote that carries a history its leader never announced', () => {
    const h = new History(new VoteOrderChecker());
    start(h, 's1', 1, z(1, 2), 1);
    start(h, 's2', 1, z(1, 3), 1);
    h.ev('s1', 'fle.vote', { round: 1, leader: 2, zxid: z(1, 4), peerEpoch: 1, because: 'zxid', from: 2 });
    expect(h.messages()).toEqual([
      'vote-order: s1 in round 1 voted for s2 with peerEpoch 1 and zxid 0x100000004, which s2 never announced for itself',
    ]);
  });

  it('fires on a leader decided with the vote of a server whose history is ahead of it', () => {
    const h = new History(new VoteOrderChecker());
    start(h, 's1', 1, z(1, 4), 1);
    start(h, 's2', 1, z(1, 3), 1);
    // s1 votes for s2 without a vote change the trace shows: a decision on a stale vote
    h.ev('s2', 'fle.decide', { round: 1, state: 'LEADING', leader: 2, joined: false, acks: [1, 2] });
    expect(h.messages()).toEqual([
      'vote-order: s2 decided on s2 (peerEpoch 1, zxid 0x100000003, leader 2) in round 1 with the vote of s1, which announced (peerEpoch 1, zxid 0x100000004) for itself: a history the leader lacks',
    ]);
  });

  it('is quiet on an election that follows the order, with a newer round and a restart', () => {
    const h = new History(new VoteOrderChecker());
    start(h, 's1', 1, z(1, 2), 1);
    start(h, 's2', 1, z(1, 3), 1);
    start(h, 's3', 2, z(1, 3), 1);
    h.ev('s1', 'fle.vote', { round: 1, leader: 2, zxid: z(1, 3), peerEpoch: 1, because: 'zxid', from: 2 });
    h.ev('s1', 'fle.vote', { round: 2, leader: 3, zxid: z(1, 3), peerEpoch: 1, because: 'newer-round', from: 3 });
    h.ev('s2', 'fle.vote', { round: 2, leader: 3, zxid: z(1, 3), peerEpoch: 1, because: 'newer-round', from: 3 });
    h.ev('s3', 'fle.decide', { round: 2, state: 'LEADING', leader: 3, joined: false, acks: [1, 2, 3] });
    // s2 restarts with less (a lost tail) and votes for itself again in round 1
    h.crash('s2');
    start(h, 's2', 1, z(1, 1), 1);
    h.ev('s2', 'fle.vote', { round: 1, leader: 3, zxid: z(1, 3), peerEpoch: 1, because: 'zxid', from: 3 });
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new VoteOrderChecker())).finish().messages()).toEqual([]);
  });
});
