// What a learner does on NEWLEADER (Learner.syncWithLeader, case Leader.NEWLEADER, 3.8), as a
// named sequence of steps: the fixed 3.8 order, and one order per catalog bug that changes it.
// Learner.onNewLeader picks one order when the learner is built and runs its steps; a step that
// waits (for the fsyncs, for the currentEpoch write) goes on with the next step when it is done.
// (ZK-2872 does not change the order: it is takeSnapshot's syncSnapshot flag, read by the
// snapshot step.)
import type { BugId, Bugs } from '../bugs.ts';

export type NewLeaderStep =
  /**
   * After a SNAP or TRUNC sync: zk.takeSnapshot(syncSnapshot). After a SNAP it is synced
   * (atomically) and the ACK waits for it; after a TRUNC it is written in place without fsync.
   */
  | 'snapshot'
  /** fzk.logRequest for each of packetsNotCommitted: the txns of the sync go to the txn log, each acked once flushed (3.8.0–3.8.4). */
  | 'log-txns'
  /**
   * fzk.appendRequest for each of packetsNotCommitted, into requestsToAck (3.8.5+, ZOOKEEPER-4785):
   * logged, but acked only after UPTODATE — "reply ACK of PROPOSAL after ACK of NEWLEADER", so
   * the leader reads the NEWLEADER ACK first.
   */
  | 'append-txns'
  /** fzk.syncProcessor.syncFlush(): wait until a SNAP's snapshot and the log fsyncs (and an epoch write begun) are done. */
  | 'await-durable'
  /** self.setCurrentEpoch(newEpoch), waiting for the write. */
  | 'write-epoch'
  /** Start the currentEpoch write now (ZK-4643); await-durable waits for it too. */
  | 'begin-epoch-write'
  /** writePacket(ACK of NEWLEADER). */
  | 'ack';

export type NewLeaderOrderName = '3.8' | Extract<BugId, 'ZK-3911' | 'ZK-4646' | 'ZK-4643'> | 'ZK-4643+ZK-4646';

export const NEWLEADER_ORDERS: Readonly<Record<NewLeaderOrderName, readonly NewLeaderStep[]>> = {
  /** The fixed order (ZOOKEEPER-3911 and -4643): the txns logged and fsynced, then currentEpoch, then the ACK. */
  '3.8': ['snapshot', 'append-txns', 'await-durable', 'write-epoch', 'ack'],
  /** The synced txns stay in packetsNotCommitted (logged only at UPTODATE), yet NEWLEADER is ACKed. */
  'ZK-3911': ['snapshot', 'write-epoch', 'ack'],
  /** The ACK waits for the currentEpoch write only, not for the log's fsync. */
  'ZK-4646': ['snapshot', 'log-txns', 'write-epoch', 'ack'],
  /** 3.8.0's order: currentEpoch is written before the synced txns are even logged (the ACK still waits for both). */
  'ZK-4643': ['snapshot', 'begin-epoch-write', 'append-txns', 'await-durable', 'ack'],
  /**
   * Both, as 3.8.0–3.8.4 ship it (Learner.syncWithLeader, case Leader.NEWLEADER, before the
   * ZOOKEEPER-4785 backport of 3.8.5): self.setCurrentEpoch(newEpoch) first, then
   * fzk.logRequest for each of packetsNotCommitted (queued to the SyncRequestProcessor, not
   * waited for), then writePacket(ACK) at once.
   */
  'ZK-4643+ZK-4646': ['snapshot', 'write-epoch', 'log-txns', 'ack'],
};

/** A run with two of these bugs on (but ZK-4643 with ZK-4646) gets the order of the first of them here. */
const PRECEDENCE: readonly NewLeaderOrderName[] = ['ZK-3911', 'ZK-4646', 'ZK-4643'];

/** The order a run's bugs choose: a catalog bug's that changes it (ZK-4643 with ZK-4646: the two together, 3.8.0's), else 3.8's. */
export function newLeaderOrder(bugs: Bugs): NewLeaderOrderName {
  if (!bugs.has('ZK-3911') && bugs.has('ZK-4643') && bugs.has('ZK-4646')) return 'ZK-4643+ZK-4646';
  // ZK-4685 is the race of 3.8.0–3.8.4's order (the SyncThread's ACKs against the QuorumPeer
  // thread's NEWLEADER ACK): on alone, it brings that order (a 3.8.0–3.8.4 learner).
  if (!bugs.has('ZK-3911') && !bugs.has('ZK-4646') && !bugs.has('ZK-4643') && bugs.has('ZK-4685'))
    return 'ZK-4643+ZK-4646';
  return PRECEDENCE.find((id) => bugs.has(id as BugId)) ?? '3.8';
}
