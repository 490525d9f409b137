// LearnerHandler: the leader's side of one learner connection — who the learner is
// (FOLLOWERINFO/OBSERVERINFO), where it stands (ACKEPOCH: its currentEpoch and last zxid), how
// it is brought up to date (syncFollower: DIFF, TRUNC, TRUNC+DIFF or SNAP from the leader's
// committed log, as 3.8 decides), and whether it is still synced (heard from within syncLimit
// ticks).
import type { ConnId } from '../actor.ts';
import type { LoggedTxn } from '../server/txn.ts';
import type { ZKDatabase } from '../storage/ZKDatabase.ts';
import { type Bugs, NO_BUGS } from '../bugs.ts';
import { counterOf, epochOf, follows } from '../zxid.ts';
import type { QuorumPacket } from './packets.ts';

export class LearnerHandler {
  sid: number | undefined;
  learnerType: 'participant' | 'observer' | undefined;
  acceptedEpoch = -1;
  /** From ACKEPOCH. */
  peerLastZxid = -1;
  ackedEpoch = false;
  /** Sync packets were queued; proposals and commits now go to it too. */
  forwarding = false;
  /**
   * Its first packet after the sync packets was read as the ACK of NEWLEADER (LearnerHandler.run:
   * `ia.readRecord(qp)` then `learnerMaster.waitForNewLeaderAck`): it gets UPTODATE once the
   * leader serves, whether or not that ACK was counted.
   */
  newLeaderAcked = false;
  /**
   * What the learner sent after ACKEPOCH that LearnerHandler.run has not read yet: its thread
   * is blocked in waitForEpochAck and syncFollower until the sync packets are queued, and the
   * first packet it then reads is taken as the ACK of NEWLEADER. Undefined once it was read.
   */
  unread: QuorumPacket[] | undefined;
  tickOfNextAckDeadline = 0;
  alive = true;

  constructor(readonly conn: ConnId) {}

  /** Is the learner synced (alive and heard from recently enough)? */
  synced(currentTick: number): boolean {
    return this.alive && this.sid !== undefined && currentTick <= this.tickOfNextAckDeadline;
  }
}

export type SyncMode = 'DIFF' | 'TRUNC' | 'SNAP' | 'TRUNC+DIFF';

export interface SyncPlan {
  mode: SyncMode;
  packets: QuorumPacket[];
  /** The zxid the learner will have after the packets (before outstanding proposals). */
  lastZxid: number;
  truncTo?: number;
}

/**
 * LearnerHandler.syncFollower of 3.8: from the learner's last zxid and the leader's committed
 * log, the packets that bring it up to the leader's last committed zxid.
 */
export function syncFollower(peerLastZxid: number, db: ZKDatabase, bugs: Bugs = NO_BUGS): SyncPlan {
  const isPeerNewEpochZxid = counterOf(peerLastZxid) === 0;
  const lastProcessedZxid = db.lastProcessedZxid;
  const maxCommittedLog = db.maxCommittedLog;
  const minCommittedLog = db.minCommittedLog;
  if (lastProcessedZxid === peerLastZxid) {
    // Already in sync: an empty diff.
    return { mode: 'DIFF', packets: [{ type: 'DIFF', zxid: peerLastZxid }], lastZxid: peerLastZxid };
  }
  if (peerLastZxid > maxCommittedLog && !isPeerNewEpochZxid) {
    // Newer than the committed log: cut it back.
    return {
      mode: 'TRUNC',
      packets: [{ type: 'TRUNC', zxid: maxCommittedLog }],
      lastZxid: maxCommittedLog,
      truncTo: maxCommittedLog,
    };
  }
  if (maxCommittedLog >= peerLastZxid && minCommittedLog <= peerLastZxid) {
    const q = queueCommittedProposals(db.committedLog, peerLastZxid, maxCommittedLog, bugs);
    if (q) return q;
  } else if (peerLastZxid < minCommittedLog) {
    // Behind the committed log: the txn log on disk up to the committed log's start, then the
    // committed log — only if the disk log really is our history there: it reaches
    // minCommittedLog without a hole (a SNAP we took leaves one: "Detected gap between end of
    // txnlog and start of committedLog"), else SNAP.
    // Only the log above the snapshot our tree was built on is our history (a SNAP we took
    // leaves older, stale txns below it), and the learner's last txn must be in it.
    const onDisk =
      peerLastZxid < db.historyBase
        ? []
        : db.log.readAll(false).filter((t) => t.hdr.zxid > db.historyBase && t.hdr.zxid <= minCommittedLog);
    if (
      onDisk.length > 0 &&
      onDisk[0]!.hdr.zxid <= peerLastZxid &&
      onDisk.at(-1)!.hdr.zxid === minCommittedLog &&
      contiguous(onDisk)
    ) {
      const q = queueCommittedProposals(
        [...onDisk.slice(0, -1), ...db.committedLog],
        peerLastZxid,
        maxCommittedLog,
        bugs,
      );
      if (q) return q;
    }
  }
  // Behind the committed log (or a history the committed log cannot patch): the whole tree.
  return {
    mode: 'SNAP',
    packets: [
      { type: 'SNAP', zxid: lastProcessedZxid, tree: db.tree.serialize(), sessions: [...db.sessionsWithTimeouts] },
    ],
    lastZxid: lastProcessedZxid,
  };
}

/** A log without holes: each txn is the next counter of its epoch, or the first of a later epoch. */
function contiguous(log: readonly LoggedTxn[]): boolean {
  for (let i = 1; i < log.length; i++) if (!follows(log[i - 1]!.hdr.zxid, log[i]!.hdr.zxid)) return false;
  return true;
}

/** queueCommittedProposals: DIFF (or TRUNC to the last common txn, then DIFF) plus PROPOSAL/COMMIT pairs. */
function queueCommittedProposals(
  log: readonly LoggedTxn[],
  peerLastZxid: number,
  lastCommittedZxid: number,
  bugs: Bugs,
): SyncPlan | undefined {
  const isPeerNewEpochZxid = counterOf(peerLastZxid) === 0;
  const packets: QuorumPacket[] = [];
  let mode: SyncMode | undefined;
  let truncTo: number | undefined;
  let queuedZxid = peerLastZxid;
  let prevProposalZxid = -1;
  for (const t of log) {
    const packetZxid = t.hdr.zxid;
    if (packetZxid < peerLastZxid) {
      prevProposalZxid = packetZxid;
      continue;
    }
    if (mode === undefined) {
      if (packetZxid === peerLastZxid) {
        // The learner's last txn is in our history: send what follows.
        packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
        mode = 'DIFF';
        continue;
      }
      if (isPeerNewEpochZxid || (packetZxid > peerLastZxid && bugs.has('ZK-1154'))) {
        // (ZOOKEEPER-1154 with the bug: a learner whose last txn is not in our log — it has
        // txns we never saw — gets a plain DIFF of what follows, keeping those txns.)
        packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
        mode = 'DIFF';
      } else if (packetZxid > peerLastZxid) {
        // The learner has txns we never saw (an old epoch's uncommitted tail).
        if (epochOf(packetZxid) !== epochOf(peerLastZxid)) return undefined; // "Cannot send TRUNC to peer ... different epoch": fall back
        packets.push({ type: 'TRUNC', zxid: prevProposalZxid });
        truncTo = prevProposalZxid;
        mode = 'TRUNC+DIFF';
      }
    }
    if (packetZxid <= queuedZxid) continue;
    packets.push({ type: 'PROPOSAL', zxid: packetZxid, txn: t });
    packets.push({ type: 'COMMIT', zxid: packetZxid });
    queuedZxid = packetZxid;
  }
  if (mode === undefined) {
    // A new-epoch zxid with nothing newer: an empty diff. Anything else is unhandled: SNAP.
    if (!isPeerNewEpochZxid) return undefined;
    packets.unshift({ type: 'DIFF', zxid: lastCommittedZxid });
    mode = 'DIFF';
  }
  return truncTo === undefined
    ? { mode, packets, lastZxid: queuedZxid }
    : { mode, packets, lastZxid: queuedZxid, truncTo };
}
