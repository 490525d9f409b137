import { describe, expect, it } from 'vitest';
import { QuorumCommitChecker } from '../../sim/checkers/quorum-commit.ts';
import { History, goodRun, z } from './helpers.ts';

function epoch1(h: History): History {
  return h.start('s1').start('s2').start('s3').lead('s1', 1, ['s2', 's3']).propose('s1', z(1, 1));
}

describe('quorum-commit checker', () => {
  it('fires when a counted ack was not durably logged', () => {
    const h = epoch1(new History(new QuorumCommitChecker([1, 2, 3])));
    h.logged(['s1'], z(1, 1)).commit('s1', z(1, 1), ['s1', 's2']);
    expect(h.messages()).toEqual([
      'quorum-commit: s1 committed 0x100000001 on acks [1,2] of which [2] had not logged it durably: not a quorum of voters [1,2,3]',
    ]);
  });

  it('fires when the acks are not a quorum', () => {
    const h = epoch1(new History(new QuorumCommitChecker([1, 2, 3])));
    h.logged(['s1', 's2'], z(1, 1)).commit('s1', z(1, 1), ['s1']);
    expect(h.messages()).toEqual([
      'quorum-commit: s1 committed 0x100000001 on acks [1]: not a quorum of voters [1,2,3]',
    ]);
  });

  it("takes the leader's ACK of itself as its fsync", () => {
    const h = epoch1(new History(new QuorumCommitChecker([1, 2, 3])));
    h.ev('s1', 'zab.ack', { zxid: z(1, 1), from: 1 })
      .logged(['s3'], z(1, 1))
      .commit('s1', z(1, 1), ['s1', 's3']);
    expect(h.messages()).toEqual([]);
  });

  it('fires when a new leader is established on NEWLEADER acks from learners that have not logged its history (ZOOKEEPER-3911, 4646)', () => {
    const h = epoch1(new History(new QuorumCommitChecker([1, 2, 3])));
    h.logged(['s1'], z(1, 1)); // proposed, logged by the leader only, never committed in epoch 1
    h.at(2000).state('s1', 'LOOKING', z(1, 1)).state('s2', 'LOOKING', 0).lead('s1', 2, ['s2']);
    expect(h.messages()).toEqual([
      'quorum-commit: s1 committed 0x100000001 on establishing with NEWLEADER acks [1,2] of which [2] had not logged it durably: not a quorum of voters [1,2,3]',
    ]);
  });

  it('is quiet when the acking learner logged the history before its NEWLEADER ack', () => {
    const h = epoch1(new History(new QuorumCommitChecker([1, 2, 3])));
    h.logged(['s1'], z(1, 1));
    h.at(2000).state('s1', 'LOOKING', z(1, 1)).state('s2', 'LOOKING', 0).logged(['s2'], z(1, 1)).lead('s1', 2, ['s2']);
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(
      goodRun(new History(new QuorumCommitChecker([1, 2, 3])))
        .finish()
        .messages(),
    ).toEqual([]);
  });
});
