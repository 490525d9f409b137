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
  /**
   * LearnerHandler.tickOfNextAckDeadline: getTickOfInitialAckDeadline (tick + initLimit +
   * syncLimit) when run() starts, then tick + syncLimit at every packet of the main loop.
   */
  tickOfNextAckDeadline = 0;
  alive = true;
  /**
   * The socket's read timeout while run() is blocked reading (sock.setSoTimeout): initLimit
   * ticks (LearnerCnxAcceptorHandler sets it on accept) until the NEWLEADER ACK has been
   * processed, then syncLimit ticks ("now that the ack has been processed expect the
   * syncLimit"); undefined while run() waits elsewhere (getEpochToPropose, waitForEpochAck, the
   * sync, waitForNewLeaderAck), when nothing reads the socket.
   */
  reading: 'initLimit' | 'syncLimit' | undefined;
  readTimer: number | undefined;
  /** SyncLimitCheck, started once the NEWLEADER ACK was processed. */
  readonly syncLimitCheck = new SyncLimitCheck();

  constructor(readonly conn: ConnId) {}

  /** LearnerHandler.synced: isAlive() && tick <= tickOfNextAckDeadline. */
  synced(currentTick: number): boolean {
    return this.alive && this.sid !== undefined && currentTick <= this.tickOfNextAckDeadline;
  }
}

/**
 * LearnerHandler.SyncLimitCheck: how long the leader has waited for this learner's ACK of a
 * proposal. It tracks one proposal at a time (the oldest unacked, and the newest sent after it);
 * ping() closes the connection when the oldest has waited syncLimit ticks ("Closing connection
 * to peer due to transaction timeout."). Times are System.nanoTime()'s (monotonic), in ms here.
 */
export class SyncLimitCheck {
  private started = false;
  private currentZxid = 0;
  private currentTime = 0;
  private nextZxid = 0;
  private nextTime = 0;

  start(): void {
    this.started = true;
  }

  /** sendPackets, writing a PROPOSAL. Times of 0 mean none (Java's too: nanoTime is never 0 there). */
  updateProposal(zxid: number, timeMs: number): void {
    if (!this.started) return;
    const time = timeMs === 0 ? Number.MIN_VALUE : timeMs;
    if (this.currentTime === 0) {
      this.currentTime = time;
      this.currentZxid = zxid;
    } else {
      this.nextTime = time;
      this.nextZxid = zxid;
    }
  }

  updateAck(zxid: number): void {
    if (this.currentZxid === zxid) {
      this.currentTime = this.nextTime;
      this.currentZxid = this.nextZxid;
      this.nextTime = 0;
      this.nextZxid = 0;
    } else if (this.nextZxid === zxid) {
      // "ACK for <next> received before ACK for <current>!!!!"
      this.nextTime = 0;
      this.nextZxid = 0;
    }
  }

  /** check(System.nanoTime()): false once the oldest unacked proposal has waited syncTimeout ms. */
  check(nowMs: number, syncTimeoutMs: number): boolean {
    if (this.currentTime === 0) return true;
    return Math.floor(nowMs - this.currentTime) < syncTimeoutMs; // msDelay: a long division
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

/** The packets queued so far and LearnerHandler's needOpPacket (shared by both queueCommittedProposals calls). */
interface SyncQueue {
  packets: QuorumPacket[];
  needOpPacket: boolean;
  mode: SyncMode | undefined;
  truncTo: number | undefined;
}

/**
 * LearnerHandler.syncFollower of 3.8: from the learner's last zxid and the leader's committed
 * log (and, below it, the txn log on disk), the packets that bring it up to the leader's last
 * committed zxid. `forceSnapSync` (a test switch) is not modelled.
 */
export function syncFollower(peerLastZxid: number, db: ZKDatabase, bugs: Bugs = NO_BUGS): SyncPlan {
  const isPeerNewEpochZxid = counterOf(peerLastZxid) === 0;
  const lastProcessedZxid = db.lastProcessedZxid;
  // "It is possible that committedLog is empty": then both are lastProcessedZxid.
  const maxCommittedLog = db.maxCommittedLog;
  const minCommittedLog = db.minCommittedLog;
  const q: SyncQueue = { packets: [], needOpPacket: true, mode: undefined, truncTo: undefined };
  const done = (lastZxid: number): SyncPlan =>
    q.truncTo === undefined
      ? { mode: q.mode!, packets: q.packets, lastZxid }
      : { mode: q.mode!, packets: q.packets, lastZxid, truncTo: q.truncTo };
  if (lastProcessedZxid === peerLastZxid) {
    // "Follower is already sync with us, send empty diff".
    return { mode: 'DIFF', packets: [{ type: 'DIFF', zxid: peerLastZxid }], lastZxid: peerLastZxid };
  }
  if (peerLastZxid > maxCommittedLog && !isPeerNewEpochZxid) {
    // "Newer than committedLog, send trunc and done".
    return {
      mode: 'TRUNC',
      packets: [{ type: 'TRUNC', zxid: maxCommittedLog }],
      lastZxid: maxCommittedLog,
      truncTo: maxCommittedLog,
    };
  }
  if (maxCommittedLog >= peerLastZxid && minCommittedLog <= peerLastZxid) {
    // "Using committedLog for peer sid".
    const currentZxid = queueCommittedProposals(q, db.committedLog, peerLastZxid, undefined, maxCommittedLog, bugs);
    // "if (needOpPacket && !needSnap)": Unhandled scenario, fall back to use snapshot.
    if (!q.needOpPacket) return done(currentZxid);
  } else if (peerLastZxid < minCommittedLog && db.isTxnLogSyncEnabled()) {
    // "Use txnlog and committedLog to sync": the log files from the one holding the peer's
    // zxid on, within calculateTxnLogSizeLimit (snapshotSizeFactor times the newest
    // snapshot's length, against the log files' preallocated lengths); none: SNAP.
    const sizeLimit = db.calculateTxnLogSizeLimit();
    const txnLog = usableTxnLog(
      db,
      db.getProposalsFromTxnLog(peerLastZxid, sizeLimit),
      peerLastZxid,
      minCommittedLog,
      bugs,
    );
    if (txnLog.length > 0) {
      let currentZxid = queueCommittedProposals(q, txnLog, peerLastZxid, minCommittedLog, maxCommittedLog, bugs);
      if (currentZxid >= minCommittedLog) {
        currentZxid = queueCommittedProposals(q, db.committedLog, currentZxid, undefined, maxCommittedLog, bugs);
        if (!q.needOpPacket) return done(currentZxid);
      }
      // else "Detected gap between end of txnlog and start of committedLog" (ZOOKEEPER-2418):
      // the queued packets are cleared and a snapshot is sent.
    }
  }
  // "Unhandled scenario" or no usable history: the whole tree.
  return {
    mode: 'SNAP',
    packets: [
      { type: 'SNAP', zxid: lastProcessedZxid, tree: db.tree.serialize(), sessions: [...db.sessionsWithTimeouts] },
    ],
    lastZxid: lastProcessedZxid,
  };
}

/**
 * What of the txn log syncFollower may send. 3.8 sends what getProposalsFromTxnLog read, as
 * it is (ZOOKEEPER-2846, unfixed: "Leader follower sync with on disk txns can possibly leads to
 * data inconsistency"): a leader that was itself synced by SNAP has a hole in its log where the
 * snapshot's txns never were, and the txns below its snapshot may be an old, stale history.
 * With the bug off — the check the JIRA asks for — only the log above the snapshot the tree
 * was built on counts, and only if it runs from the peer's zxid to minCommittedLog without a
 * hole; else nothing (SNAP).
 */
function usableTxnLog(
  db: ZKDatabase,
  read: readonly LoggedTxn[],
  peerLastZxid: number,
  minCommittedLog: number,
  bugs: Bugs,
): readonly LoggedTxn[] {
  if (bugs.has('ZK-2846') || read.length === 0) return read;
  if (peerLastZxid < db.historyBase) return [];
  const ours = read.filter((t) => t.hdr.zxid > db.historyBase && t.hdr.zxid <= minCommittedLog);
  const ok =
    ours.length > 0 &&
    ours[0]!.hdr.zxid <= peerLastZxid &&
    ours.at(-1)!.hdr.zxid === minCommittedLog &&
    contiguous(ours);
  return ok ? ours : [];
}

/** A log without holes: each txn is the next counter of its epoch, or the first of a later epoch. */
function contiguous(log: readonly LoggedTxn[]): boolean {
  for (let i = 1; i < log.length; i++) if (!follows(log[i - 1]!.hdr.zxid, log[i]!.hdr.zxid)) return false;
  return true;
}

/**
 * LearnerHandler.queueCommittedProposals: queue the proposals in (peerLastZxid, maxZxid] as
 * PROPOSAL/COMMIT pairs, the first one preceded by DIFF (or TRUNC to the last common txn,
 * then DIFF) while an op packet is still needed. Returns the last zxid queued.
 */
function queueCommittedProposals(
  q: SyncQueue,
  log: readonly LoggedTxn[],
  peerLastZxid: number,
  maxZxid: number | undefined,
  lastCommittedZxid: number,
  bugs: Bugs,
): number {
  const isPeerNewEpochZxid = counterOf(peerLastZxid) === 0;
  let queuedZxid = peerLastZxid;
  let prevProposalZxid = -1;
  for (const t of log) {
    const packetZxid = t.hdr.zxid;
    // "abort if we hit the limit"
    if (maxZxid !== undefined && packetZxid > maxZxid) break;
    if (packetZxid < peerLastZxid) {
      prevProposalZxid = packetZxid;
      continue;
    }
    if (q.needOpPacket) {
      if (packetZxid === peerLastZxid) {
        // "Send diff when we see the follower's zxid in our history".
        q.packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
        q.mode = 'DIFF';
        q.needOpPacket = false;
        continue;
      }
      if (isPeerNewEpochZxid || (packetZxid > peerLastZxid && bugs.has('ZK-1154'))) {
        // "Send diff and fall through if zxid is of a new-epoch". (ZOOKEEPER-1154 with the bug:
        // a learner whose last txn is not in our log — it has txns we never saw — gets a plain
        // DIFF of what follows, keeping those txns.)
        q.packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
        q.mode = 'DIFF';
        q.needOpPacket = false;
      } else if (packetZxid > peerLastZxid) {
        // The learner has txns we never saw (an old epoch's uncommitted tail).
        if (epochOf(packetZxid) !== epochOf(peerLastZxid)) return queuedZxid; // "Cannot send TRUNC to peer ... different epoch"
        q.packets.push({ type: 'TRUNC', zxid: prevProposalZxid });
        q.truncTo = prevProposalZxid;
        q.mode = 'TRUNC+DIFF';
        q.needOpPacket = false;
      }
    }
    // "We can get here, if we don't have op packet to queue or there is a duplicate txn".
    if (packetZxid <= queuedZxid) continue;
    q.packets.push({ type: 'PROPOSAL', zxid: packetZxid, txn: t });
    q.packets.push({ type: 'COMMIT', zxid: packetZxid });
    queuedZxid = packetZxid;
  }
  if (q.needOpPacket && isPeerNewEpochZxid) {
    // "our history older than learner and there is no new txn since then": an empty diff.
    q.packets.push({ type: 'DIFF', zxid: lastCommittedZxid });
    q.mode = 'DIFF';
    q.needOpPacket = false;
  }
  return queuedZxid;
}
