import { describe, expect, it } from 'vitest';
import { EpochMonotonicChecker } from '../../sim/checkers/epoch-monotonic.ts';
import { History, goodRun, z } from './helpers.ts';

describe('epoch-monotonic checker', () => {
  it('fires when a restart loads an acceptedEpoch below the durable one', () => {
    const h = new History(new EpochMonotonicChecker()).start('s1');
    h.epoch('s1', 'acceptedEpoch', 2).crash('s1').start('s1', 0, 1, 0);
    expect(h.messages()).toEqual(['epoch-monotonic: s1 loaded acceptedEpoch 1, below the 2 it had made durable']);
  });

  it('fires when currentEpoch passes acceptedEpoch', () => {
    const h = new History(new EpochMonotonicChecker()).start('s2');
    h.epoch('s2', 'acceptedEpoch', 1).epoch('s2', 'currentEpoch', 2);
    expect(h.messages()).toEqual(['epoch-monotonic: s2: currentEpoch 2 > acceptedEpoch 1']);
  });

  it('fires when an epoch file is written with a smaller value', () => {
    const h = new History(new EpochMonotonicChecker()).start('s3');
    h.epoch('s3', 'acceptedEpoch', 3).epoch('s3', 'currentEpoch', 3).epoch('s3', 'currentEpoch', 2);
    expect(h.messages()).toEqual(['epoch-monotonic: s3 wrote currentEpoch 2, below the 3 it had made durable']);
  });

  it('fires when a learner restarts with the new currentEpoch but a log short of what it was synced to (ZOOKEEPER-4643)', () => {
    const h = new History(new EpochMonotonicChecker()).start('s1').start('s2');
    h.ev('s2', 'zab.newepoch', { epoch: 2, acks: [1, 2] }).epoch('s1', 'acceptedEpoch', 2);
    h.ev('s2', 'zab.sync', { peer: 1, mode: 'DIFF', peerLastZxid: 0, leaderLastZxid: z(1, 2) });
    h.logged(['s1'], z(1, 1)).epoch('s1', 'currentEpoch', 2).crash('s1').start('s1', z(1, 1), 2, 2);
    expect(h.messages()).toEqual([
      'epoch-monotonic: s1 restarted with currentEpoch 2 but its log ends at 0x100000001, before 0x100000002, the last txn s2 synced it to in epoch 2',
    ]);
  });

  it('is quiet when a learner restarts before its currentEpoch moved, or with the synced txns', () => {
    const h = new History(new EpochMonotonicChecker()).start('s1').start('s2').start('s3');
    h.ev('s2', 'zab.newepoch', { epoch: 2, acks: [1, 2, 3] })
      .epoch('s1', 'acceptedEpoch', 2)
      .epoch('s3', 'acceptedEpoch', 2);
    h.ev('s2', 'zab.sync', { peer: 1, mode: 'DIFF', peerLastZxid: 0, leaderLastZxid: z(1, 2) });
    h.ev('s2', 'zab.sync', { peer: 3, mode: 'DIFF', peerLastZxid: 0, leaderLastZxid: z(1, 2) });
    h.logged(['s1', 's3'], z(1, 1)).crash('s1').start('s1', z(1, 1), 2, 0);
    h.logged(['s3'], z(1, 2)).epoch('s3', 'currentEpoch', 2).crash('s3').start('s3', z(1, 2), 2, 2);
    // synced again in the same epoch, it crashes before writing currentEpoch: its epoch stands for the first sync
    h.ev('s2', 'zab.sync', { peer: 3, mode: 'SNAP', peerLastZxid: z(1, 2), leaderLastZxid: z(2, 5) })
      .crash('s3')
      .start('s3', z(1, 2), 2, 2);
    expect(h.messages()).toEqual([]);
  });

  it("holds an observer synced at epoch << 32 to the leader's committed log, not the proposals in flight (Leader.startForwarding)", () => {
    // 3+2 observers faults seed 438 (generator v1): observer s4 joins leader s3 of epoch 3 while
    // 0x300000001..2 are proposed but uncommitted; it is sent an empty DIFF (no outstanding
    // proposals for observers), writes currentEpoch 3, crashes: its log ends at the old epoch.
    const h = new History(new EpochMonotonicChecker()).start('s3').start('s4').start('s1');
    h.logged(['s3', 's4'], z(2, 0x17));
    h.ev('s3', 'zab.newepoch', { epoch: 3, acks: [1, 3] }).epoch('s4', 'acceptedEpoch', 3);
    h.logged(['s3'], z(3, 1)).logged(['s3'], z(3, 2)); // the leader's own proposals, not yet committed
    h.ev('s3', 'zab.learner', { sid: 4, kind: 'OBSERVERINFO', acceptedEpoch: 2 });
    h.ev('s3', 'zab.sync', { peer: 4, mode: 'DIFF', peerLastZxid: z(2, 0x17), leaderLastZxid: z(3, 0) });
    h.epoch('s4', 'currentEpoch', 3).crash('s4').start('s4', z(2, 0x17), 3, 3);
    expect(h.messages()).toEqual([]);
    // a follower in its place is sent those proposals before NEWLEADER: a log without them is short
    h.ev('s3', 'zab.learner', { sid: 1, kind: 'FOLLOWERINFO', acceptedEpoch: 2 }).epoch('s1', 'acceptedEpoch', 3);
    h.ev('s3', 'zab.sync', { peer: 1, mode: 'DIFF', peerLastZxid: z(2, 0x17), leaderLastZxid: z(3, 0) });
    h.epoch('s1', 'currentEpoch', 3).crash('s1').start('s1', z(2, 0x17), 3, 3);
    expect(h.messages()).toEqual([
      'epoch-monotonic: s1 restarted with currentEpoch 3 but its log ends at 0x200000017, before 0x300000002, the last txn s3 synced it to in epoch 3',
    ]);
  });

  it("takes a SNAP at epoch << 32 as the leader's history at its sync, not what it logged after NEWLEADER (Leader.startForwarding)", () => {
    // 3-server faults sweep seed 869 (generator v4): leader s3 of epoch 1 syncs s2 by SNAP at
    // 0x100000000 with nothing in flight; a partition holds NEWLEADER, s3 proposes 0x100000001..3
    // behind it; s2 takes its snapshot at NEWLEADER after the heal, never logs those, leads epoch 2
    // and syncs s1 by SNAP at 0x100000000; s1 writes currentEpoch 2 and restarts: its log is whole.
    const run = (loggedBeforeSync: boolean) => {
      const h = new History(new EpochMonotonicChecker()).start('s1').start('s2').start('s3');
      const s3logs = () => h.logged(['s3'], z(1, 1)).logged(['s3'], z(1, 2)).logged(['s3'], z(1, 3));
      h.ev('s3', 'zab.newepoch', { epoch: 1, acks: [2, 3] }).epoch('s2', 'acceptedEpoch', 1);
      if (loggedBeforeSync) s3logs();
      h.ev('s3', 'zab.sync', { peer: 2, mode: 'SNAP', peerLastZxid: 0, leaderLastZxid: z(1, 0) });
      h.ev('s2', 'zab.snap', { zxid: z(1, 0), from: 3 });
      if (!loggedBeforeSync) s3logs(); // behind NEWLEADER, before s2 takes its snapshot
      h.ev('s2', 'zab.snap', { zxid: z(1, 0), from: 3 }).epoch('s2', 'currentEpoch', 1);
      h.ev('s2', 'zab.newepoch', { epoch: 2, acks: [1, 2] }).epoch('s1', 'acceptedEpoch', 2);
      h.ev('s2', 'zab.sync', { peer: 1, mode: 'SNAP', peerLastZxid: 0, leaderLastZxid: z(1, 0) });
      h.ev('s1', 'zab.snap', { zxid: z(1, 0), from: 2 })
        .epoch('s1', 'currentEpoch', 2)
        .crash('s1')
        .start('s1', z(1, 0), 2, 2);
      return h.messages();
    };
    expect(run(false)).toEqual([]);
    // had s3 logged them before its sync of s2, they are s2's history, and s1's log is short
    expect(run(true)).toEqual([
      'epoch-monotonic: s1 restarted with currentEpoch 2 but its log ends at 0x100000000, before 0x100000003, the last txn s2 synced it to in epoch 2',
    ]);
  });

  it('does not hold an observer to its sync: it casts no vote and 3.8 logs its sync only behind UPTODATE (Learner.syncWithLeader)', () => {
    // 3+2 observers sweep seed 466 (generator v4): observer s4 is sent a DIFF 0x100000002 ->
    // 0x100000006 by s2, writes currentEpoch 1, applies the txns and crashes before its
    // SyncRequestProcessor has them on disk.
    const h = new History(new EpochMonotonicChecker()).start('s2').start('s4');
    h.ev('s2', 'zab.newepoch', { epoch: 1, acks: [1, 2] }).epoch('s4', 'acceptedEpoch', 1);
    h.logged(['s2'], z(1, 6));
    h.ev('s2', 'zab.learner', { sid: 4, kind: 'OBSERVERINFO', acceptedEpoch: 1 });
    h.ev('s2', 'zab.sync', { peer: 4, mode: 'DIFF', peerLastZxid: z(1, 2), leaderLastZxid: z(1, 6) });
    h.epoch('s4', 'currentEpoch', 1).crash('s4').start('s4', z(1, 2), 1, 1);
    expect(h.messages()).toEqual([]);
  });

  it('is quiet on a good run', () => {
    expect(goodRun(new History(new EpochMonotonicChecker())).finish().messages()).toEqual([]);
  });
});
