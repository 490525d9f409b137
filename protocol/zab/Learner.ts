// Learner (Follower and Observer share it): followLeader() / observeLeader() of 3.8 as an
// event-driven state machine.
// Connect to the leader's quorum port (5 tries, 100 ms apart, within initLimit ticks), send
// FOLLOWERINFO/OBSERVERINFO with our acceptedEpoch; on LEADERINFO accept the new epoch (written
// to acceptedEpoch first) and ACKEPOCH with our currentEpoch and last zxid; then sync: DIFF,
// TRUNC (cut our log) or SNAP (take the leader's tree), PROPOSAL/COMMIT pairs; on NEWLEADER
// make what we synced durable — a snapshot after a SNAP (synced) or a TRUNC (left to the
// kernel), the txns, then currentEpoch (the order ZOOKEEPER-4643 fixed) — and only then ACK
// (newleader-order.ts: 3.8's steps and the catalog bugs' orders); on UPTODATE serve. In broadcast: log and ACK proposals (observers get
// INFORM and never ack), apply commits, answer pings with the sessions our clients touched. Any
// broken socket or silence (initLimit ticks until the leader pings, syncLimit after) ends it:
// back to LOOKING. Its Context is the role's scope (from QuorumPeer), closed by shutdown(); its
// server has a scope of its own (ZabPeer.serverContext).
import type { ConnId, Context, Message } from '../actor.ts';
import { FollowerZooKeeperServer, type LeaderLink } from '../server/FollowerZooKeeperServer.ts';
import type { Request } from '../server/Request.ts';
import type { LoggedTxn } from '../server/txn.ts';
import { OpCode } from '../server/txn.ts';
import type { ZabPeer } from './ZabPeer.ts';
import { MissingSnapshotError } from '../storage/ZKDatabase.ts';
import { epochOf, makeZxid, zxidHex } from '../zxid.ts';
import { deliverTxn } from './deliver.ts';
import { NEWLEADER_ORDERS, type NewLeaderOrderName, newLeaderOrder } from './newleader-order.ts';
import type { LearnerInfo, Ping, ProposalPacket, QuorumPacket, Revalidate, SnapPacket, SyncPacket } from './packets.ts';

export interface LearnerPeer extends ZabPeer {
  /** /zookeeper/config from the local quorum config, written now (after a SNAP). */
  initConfigInZKDatabase(): void;
  /** /zookeeper/config as it was before the tree was reloaded from disk (after a TRUNC). */
  restoreConfigNode(): void;
  serving(zks: FollowerZooKeeperServer | undefined): void;
  /**
   * The learner lost its leader (back to LOOKING). fullyShutDown: the database is cleared
   * (ZooKeeperServer.shutdown(true)) and loaded from disk again, not kept and fast-forwarded.
   */
  learnerShutdown(reason: string, fullyShutDown?: boolean): void;
}

const MAX_TRIES = 5;
const leaderConnectDelayDuringRetryMs = 100;

type Phase = 'connecting' | 'discovery' | 'sync' | 'synced' | 'broadcast';
/** QuorumPeer.SyncMode. */
type SyncMode = 'NONE' | 'DIFF' | 'TRUNC' | 'SNAP';

export abstract class Learner implements LeaderLink {
  protected conn: ConnId | undefined;
  private tries = 0;
  private startedAt = 0;
  private readTimer: number | undefined;
  private running = false;
  private phase: Phase = 'connecting';
  private newEpoch = 0;
  private snapshotNeeded = true;
  /** QuorumPeer.SyncMode: how we are being synced, until NEWLEADER persisted it (then NONE). */
  private syncMode: SyncMode = 'NONE';
  private writeToTxnLog = false;
  private readonly packetsNotCommitted: LoggedTxn[] = [];
  /**
   * How many of packetsNotCommitted came before NEWLEADER: the ones its steps log. (3.8's
   * QuorumPeer thread reads nothing while it takes NEWLEADER's snapshot; what arrives meanwhile
   * is read after the ACK, and logged at UPTODATE.)
   */
  private beforeNewLeader = 0;
  private readonly packetsCommitted: number[] = [];
  /** The txns of NEWLEADER's append-txns step whose ACK is held until UPTODATE (not yet flushed). */
  private readonly ackAfterUpToDate = new Set<number>();
  /** Learner.syncWithLeader's requestsToAck: flushed txns of the sync, acked after the UPTODATE ACK. */
  private readonly requestsToAck: number[] = [];
  /** What NEWLEADER's steps do once those writes (and the txn log's) are durable (await-durable). */
  private whenDurable: (() => void) | undefined;
  /** A currentEpoch write the ACK of NEWLEADER waits for (only ZK-4643 starts it before). */
  private epochPending = false;
  /** The steps on NEWLEADER: 3.8's order, or the one a catalog bug switched on changes it to. */
  private readonly newLeaderOrder: NewLeaderOrderName;
  /** takeSnapshot's syncSnapshot after a SNAP sync: false only with ZK-2872. */
  private readonly syncSnapshotAfterSnap: boolean;
  protected abstract readonly infoType: LearnerInfo['type'];
  protected abstract readonly observer: boolean;

  constructor(
    protected readonly ctx: Context,
    protected readonly self: LearnerPeer,
    readonly leaderId: number,
    private readonly leaderAddr: string,
  ) {
    this.newLeaderOrder = newLeaderOrder(self.bugs);
    this.syncSnapshotAfterSnap = !self.bugs.has('ZK-2872');
  }

  /** The learner's ZooKeeperServer (built on first use: observer is a subclass field). */
  server(): FollowerZooKeeperServer {
    if (!this.zksImpl) {
      this.zksImpl = new FollowerZooKeeperServer(
        this.self.serverContext(),
        this.self.serverConfig(),
        this.self.zkDb,
        this,
        this.observer,
      );
      this.zksImpl.bugs = this.self.bugs;
    }
    return this.zksImpl;
  }
  private zksImpl: FollowerZooKeeperServer | undefined;

  /** The server if it was built (a learner that never synced has none). */
  get builtServer(): FollowerZooKeeperServer | undefined {
    return this.zksImpl;
  }

  /** followLeader() / observeLeader(). */
  run(): void {
    this.running = true;
    this.startedAt = this.ctx.currentElapsedTime(); // connectToLeader: startNanoTime = nanoTime()
    this.connectToLeader();
  }

  owns(conn: ConnId): boolean {
    return conn === this.conn;
  }

  private send(p: QuorumPacket): void {
    if (this.conn !== undefined) this.ctx.net.send(this.conn, p as Message);
  }

  private connectTimeoutMs(): number {
    return this.self.tickTime * this.self.initLimit;
  }

  private connectToLeader(): void {
    // connectToLeader: remainingTimeout = connectTimeout - (nanoTime() - startNanoTime) / 1e6.
    const remaining = this.connectTimeoutMs() - (this.ctx.currentElapsedTime() - this.startedAt);
    if (remaining <= 0) {
      this.shutdown('connectToLeader exceeded on retries.');
      return;
    }
    this.tries++;
    this.conn = this.ctx.net.connect(this.leaderAddr, Math.min(this.connectTimeoutMs(), remaining));
  }

  onConnect(conn: ConnId): void {
    if (conn !== this.conn || !this.running) return;
    this.phase = 'discovery';
    this.send({
      type: this.infoType,
      sid: this.self.myid,
      zxid: makeZxid(this.self.getAcceptedEpoch(), 0),
      protocolVersion: 0x10000,
    });
    this.ctx.trace('zab.connected', { leader: this.leaderId });
    this.armReadTimeout();
  }

  onConnectFailed(conn: ConnId): void {
    if (conn !== this.conn || !this.running) return;
    this.conn = undefined;
    const remaining = this.connectTimeoutMs() - (this.ctx.currentElapsedTime() - this.startedAt); // nanoTime()
    if (this.tries >= MAX_TRIES || remaining <= leaderConnectDelayDuringRetryMs) {
      this.shutdown(`Failed connect to leader ${this.leaderId} after ${this.tries} tries`);
      return;
    }
    this.ctx.setTimer(leaderConnectDelayDuringRetryMs, 'learner.retry', () => {
      if (this.running) this.connectToLeader();
    });
  }

  onMessage(conn: ConnId, msg: Message): void {
    if (conn !== this.conn || !this.running) return;
    const p = msg as QuorumPacket;
    if (p.type === 'PING') this.leaderPings = true;
    this.armReadTimeout();
    switch (this.phase) {
      case 'discovery':
        if (p.type === 'LEADERINFO') this.onLeaderInfo(p.zxid);
        return;
      case 'sync':
      case 'synced':
        this.onSyncPacket(p);
        return;
      case 'broadcast':
        this.onBroadcastPacket(p);
        return;
      default:
        return;
    }
  }

  private leaderPings = false;
  /** NEWLEADER's steps are running (onNewLeader until the 'ack' step): the QuorumPeer thread reads nothing. */
  private inNewLeaderSteps = false;
  /** The connection broke during NEWLEADER's steps: the role ends at the ACK (Learner.writePacket's IOException). */
  private brokenInSteps = false;

  // ---- discovery ------------------------------------------------------------------------

  private onLeaderInfo(newEpochZxid: number): void {
    const newEpoch = epochOf(newEpochZxid);
    const accepted = this.self.getAcceptedEpoch();
    const ackEpoch = (epoch: number) => {
      this.phase = 'sync';
      this.send({ type: 'ACKEPOCH', zxid: this.self.zkDb.lastProcessedZxid, epoch });
    };
    if (newEpoch > accepted) {
      const current = this.self.getCurrentEpoch();
      this.self.setAcceptedEpoch(newEpoch, () => {
        if (this.running) ackEpoch(current);
      });
    } else if (newEpoch === accepted) {
      // We already acked an epoch equal to the leader's: Zab lets us ack it only as -1.
      ackEpoch(-1);
    } else {
      this.shutdown(`Leaders epoch, ${newEpoch} is less than accepted epoch, ${accepted}`);
      return;
    }
    this.newEpoch = newEpoch;
  }

  // ---- sync -----------------------------------------------------------------------------

  private onSyncPacket(p: QuorumPacket): void {
    const db = this.self.zkDb;
    switch (p.type) {
      case 'DIFF':
        this.ctx.trace('zab.sync-learner', { mode: 'DIFF', zxid: p.zxid });
        this.syncMode = 'DIFF';
        this.snapshotNeeded = false;
        this.writeToTxnLog = true;
        return;
      case 'TRUNC': {
        this.ctx.trace('zab.sync-learner', { mode: 'TRUNC', zxid: p.zxid });
        this.syncMode = 'TRUNC';
        // Learner.syncWithLeader: ZKDatabase.truncateLog cuts the log (RandomAccessFile.setLength,
        // no fsync) and reloads the database from the newest snapshot, which may be newer than
        // the truncation (FileTxnSnapLog.truncateLog keeps every snapshot); false ("Not able to
        // truncate the log") exits. Then setlastProcessedZxid(qp.getZxid()) whatever the reload
        // reached.
        let truncated: string[] | undefined;
        try {
          truncated = db.truncateLog(p.zxid);
        } catch (e) {
          if (!(e instanceof MissingSnapshotError)) throw e;
          truncated = undefined;
        }
        if (truncated === undefined) {
          this.ctx.exit(12, `Not able to truncate the log ${zxidHex(p.zxid)}`);
          return;
        }
        const reloaded = db.lastProcessedZxid;
        this.self.restoreConfigNode();
        db.setlastProcessedZxid(p.zxid);
        this.ctx.trace('zab.truncate', { zxid: p.zxid, reloadedZxid: reloaded });
        return;
      }
      case 'SNAP': {
        const s = p as SnapPacket;
        this.ctx.trace('zab.sync-learner', { mode: 'SNAP', zxid: s.zxid });
        this.syncMode = 'SNAP';
        db.restoreSnapshot(s.tree, s.sessions, s.zxid);
        // "Reset config node content from local config after deserialization of snapshot."
        this.self.initConfigInZKDatabase();
        this.ctx.trace('zab.snap', { zxid: s.zxid, from: this.leaderId });
        return;
      }
      case 'PROPOSAL':
        this.packetsNotCommitted.push((p as ProposalPacket).txn);
        return;
      case 'COMMIT':
        if (!this.writeToTxnLog || (this.phase === 'synced' && this.self.bugs.has('ZK-1264'))) {
          // (ZOOKEEPER-1264 with the bug: a COMMIT after NEWLEADER is applied in memory as during
          // the sync, though NEWLEADER's snapshot is taken: nothing on disk will hold it.)
          // Before NEWLEADER after a SNAP/TRUNC: apply in memory; the snapshot at NEWLEADER persists it.
          const head = this.packetsNotCommitted[0];
          if (head && head.hdr.zxid === p.zxid) {
            this.packetsNotCommitted.shift();
            this.applyInMemory(head);
          }
        } else this.packetsCommitted.push(p.zxid);
        return;
      case 'INFORM': {
        const t = (p as ProposalPacket).txn;
        if (!this.writeToTxnLog) this.applyInMemory(t);
        else {
          this.packetsNotCommitted.push(t);
          this.packetsCommitted.push(p.zxid);
        }
        return;
      }
      case 'NEWLEADER':
        this.onNewLeader(p.zxid);
        return;
      case 'UPTODATE':
        this.onUpToDate();
        return;
      default:
        return;
    }
  }

  /**
   * zk.processTxn(hdr, txn) during the sync (before NEWLEADER after a SNAP or TRUNC): the tree
   * only — unlike FinalRequestProcessor's processTxn(Request), it does not add the txn to the
   * committedLog.
   */
  private applyInMemory(t: LoggedTxn): void {
    deliverTxn(this.ctx, this.self.zkDb, t, false);
  }

  /** Learner.syncWithLeader on NEWLEADER: the learner's step order, chosen once from the run's bugs. */
  private onNewLeader(newLeaderZxid: number): void {
    this.phase = 'synced';
    this.inNewLeaderSteps = true;
    this.server();
    const syncedBy = this.syncMode;
    // QuorumPeer.setSyncMode(NONE); anything after this goes to the txn log, not applied in memory.
    this.syncMode = 'NONE';
    this.writeToTxnLog = true;
    this.beforeNewLeader = this.packetsNotCommitted.length;
    this.newLeaderSteps(0, newLeaderZxid, syncedBy);
  }

  /** Run NEWLEADER's steps from step i; a step that waits goes on with the next when it is done. */
  private newLeaderSteps(i: number, newLeaderZxid: number, syncedBy: SyncMode): void {
    const steps = NEWLEADER_ORDERS[this.newLeaderOrder];
    const next = () => this.newLeaderSteps(i + 1, newLeaderZxid, syncedBy);
    switch (steps[i]) {
      case undefined:
        return;
      case 'snapshot':
        if (this.snapshotNeeded) {
          // After a SNAP or TRUNC the txns committed during the sync were applied in memory only:
          // this snapshot is what persists them (the learner's history is the leader's up to here).
          // zk.takeSnapshot(syncSnapshot) runs in the QuorumPeer thread before the steps after it:
          // after a SNAP sync the snapshot is written atomically and fsynced, and only then do the
          // synced txns go to the log; after a TRUNC it is written in place and left to the
          // kernel's writeback. ZOOKEEPER-2872: before its fix a SNAP sync's snapshot was not
          // synced either: we go on to currentEpoch and the ACK, and a crash before the kernel
          // flushes it loses the leader's tree while the new epoch and the cut log are on disk.
          const db = this.self.zkDb;
          const synced = syncedBy === 'SNAP' && this.syncSnapshotAfterSnap;
          if (synced)
            db.save(true, () => {
              if (this.running) next();
            });
          else db.save(false);
          this.ctx.trace('zab.snap', { zxid: db.lastProcessedZxid, from: this.leaderId });
          if (synced) return;
        }
        return next();
      case 'log-txns':
        // `if (zk instanceof FollowerZooKeeperServer)`: an observer logs nothing here; its
        // packetsNotCommitted wait for UPTODATE (onUpToDate).
        if (this.observer) return next();
        for (const t of this.packetsNotCommitted.splice(0, this.beforeNewLeader)) this.server().logRequest(t);
        return next();
      case 'append-txns':
        // fzk.appendRequest + requestsToAck: their ACKs wait for UPTODATE (sendAck holds them).
        // As log-txns, a follower's step only (FollowerZooKeeperServer).
        if (this.observer) return next();
        for (const t of this.packetsNotCommitted.splice(0, this.beforeNewLeader)) {
          this.ackAfterUpToDate.add(t.hdr.zxid);
          this.server().logRequest(t);
        }
        return next();
      case 'begin-epoch-write':
        // A crash before the txns are durable leaves a server whose currentEpoch says it joined
        // the new epoch while its log lacks what it was synced: its vote then beats servers with
        // more txns but the older epoch.
        this.epochPending = true;
        this.self.setCurrentEpoch(this.newEpoch, () => {
          this.epochPending = false;
          this.maybeAckNewLeader();
        });
        return next();
      case 'await-durable':
        this.whenDurable = next;
        this.maybeAckNewLeader();
        return;
      case 'write-epoch':
        this.self.setCurrentEpoch(this.newEpoch, next);
        return;
      case 'ack': {
        // ZOOKEEPER-4685 (3.8.0–3.8.4): the synced txns went to the SyncThread (log-txns), whose
        // SendAckRequestProcessor ACKs each once it is fsynced, while the QuorumPeer thread goes
        // on to writePacket(ACK of NEWLEADER): two threads on one socket. When the QuorumPeer
        // thread is preempted in between for longer than the fsync, a PROPOSAL ACK reaches the
        // LearnerHandler first, which takes it for the NEWLEADER ACK (Leader.waitForNewLeaderAck:
        // "from a different epoch", not counted). zksim runs a node's threads one at a time; the
        // preemption is drawn here: a time slice of up to 10 ms, one time in four.
        const preempted = this.self.bugs.has('ZK-4685') && steps.includes('log-txns') && !this.observer;
        const delayMs = preempted && this.ctx.random() < 0.25 ? this.ctx.random() * 10 : 0;
        const ack = () => {
          this.inNewLeaderSteps = false;
          if (this.brokenInSteps) {
            // writePacket(ACK) on the broken socket: the IOException ends the role here.
            if (this.running) this.shutdown('Connection to leader broken');
            return;
          }
          if (this.running) this.send({ type: 'ACK', zxid: newLeaderZxid });
          next();
        };
        if (delayMs > 0) this.ctx.setTimer(delayMs, 'learner.quorumpeer-preempted', ack);
        else ack();
        return;
      }
    }
  }

  private maybeAckNewLeader(): void {
    if (!this.whenDurable || this.epochPending || this.server().sync.pending() > 0) return;
    const ack = this.whenDurable;
    this.whenDurable = undefined;
    ack();
  }

  private onUpToDate(): void {
    const zks = this.server();
    this.phase = 'broadcast';
    zks.startServing({ leader: false, hzxid: this.self.zkDb.lastProcessedZxid });
    // Learner.syncWithLeader: after startServing, updateElectionVote(newEpoch) (ZOOKEEPER-1732;
    // with the bug, the vote keeps the peerEpoch this learner decided on, whichever epoch it joined).
    if (!this.self.bugs.has('ZK-1732')) this.self.updateElectionVote(this.newEpoch);
    this.self.serving(zks);
    if (this.self.bugs.has('ZK-1264')) {
      // ZOOKEEPER-1264: what came between NEWLEADER's snapshot and UPTODATE is not logged: the
      // proposals still uncommitted are dropped (never logged nor acked; their COMMIT later
      // finds no pending txn).
      this.packetsNotCommitted.length = 0;
      this.packetsCommitted.length = 0;
    }
    if (this.observer) this.observerCommitsAtUpToDate();
    else {
      // What came between NEWLEADER and UPTODATE: log the proposals, then apply the commits.
      for (const t of this.packetsNotCommitted) zks.logRequest(t);
      this.packetsNotCommitted.length = 0;
      for (const zxid of this.packetsCommitted) zks.commit(zxid);
      this.packetsCommitted.length = 0;
    }
    this.send({ type: 'ACK', zxid: makeZxid(this.newEpoch, 0) });
    // Learner.syncWithLeader: "reply ACK of PROPOSAL after ACK of NEWLEADER" (requestsToAck).
    for (const zxid of this.requestsToAck) this.send({ type: 'ACK', zxid });
    this.requestsToAck.length = 0;
    this.ctx.trace('zab.uptodate', {
      leader: this.leaderId,
      epoch: this.newEpoch,
      lastZxid: this.self.zkDb.lastProcessedZxid,
    });
  }

  /**
   * Learner.syncWithLeader after UPTODATE, `else if (zk instanceof ObserverZooKeeperServer)`:
   * an observer logged nothing at NEWLEADER; now each txn of its sync (the DIFF's proposals and
   * the INFORMs since NEWLEADER) that has its commit next is ObserverZooKeeperServer
   * .commitRequest — logged (syncRequestProcessorEnabled) and applied; one without ("old leader
   * send outstanding proposal to observer") is skipped with a warning.
   */
  private observerCommitsAtUpToDate(): void {
    const zks = this.server();
    for (const t of this.packetsNotCommitted) {
      const zxid = this.packetsCommitted[0];
      if (t.hdr.zxid !== zxid) {
        this.ctx.trace('zk.warn', {
          message: `Committing ${zxid === undefined ? 'null' : zxidHex(zxid)}, but next proposal is ${zxidHex(t.hdr.zxid)}`,
        });
        continue;
      }
      this.packetsCommitted.shift();
      zks.logRequest(t);
      zks.commit(t.hdr.zxid);
    }
    this.packetsNotCommitted.length = 0;
    this.packetsCommitted.length = 0;
  }

  // ---- broadcast ------------------------------------------------------------------------

  private onBroadcastPacket(p: QuorumPacket): void {
    const zks = this.server();
    switch (p.type) {
      case 'PING': {
        const sessions: [bigint, number][] = [...zks.touched];
        zks.touched.clear();
        const reply: Ping = { type: 'PING', zxid: (p as Ping).zxid, sessions };
        this.send(reply);
        return;
      }
      case 'PROPOSAL':
        zks.logRequest((p as ProposalPacket).txn);
        return;
      case 'COMMIT':
        zks.commit(p.zxid);
        return;
      case 'INFORM': {
        // An observer logs and applies a committed txn at once.
        const t = (p as ProposalPacket).txn;
        zks.logRequest(t);
        zks.commit(t.hdr.zxid);
        return;
      }
      case 'REVALIDATE': {
        const r = p as Revalidate;
        zks.revalidated(r.sessionId, r.valid === true);
        return;
      }
      case 'SYNC': {
        const s = p as SyncPacket;
        zks.syncDone(s.sessionId, s.cxid, s.path);
        return;
      }
      case 'UPTODATE':
        this.ctx.trace('zk.warn', { message: 'Received an UPTODATE message after Follower started' });
        return;
      default:
        return;
    }
  }

  // ---- LeaderLink (the follower's pipeline talks to the leader through us) ---------------

  forward(request: Request): void {
    if (request.type === OpCode.sync) {
      this.send({
        type: 'SYNC',
        sessionId: request.sessionId,
        cxid: request.cxid,
        path: (request.body as { path: string }).path,
      });
      return;
    }
    const r: QuorumPacket = {
      type: 'REQUEST',
      sessionId: request.sessionId,
      cxid: request.cxid,
      op: request.type,
      body: request.body,
      authInfo: (request.cnxn?.authInfo ?? []).map((a) => ({ scheme: a.scheme, id: a.id })),
      ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
    };
    this.send(r);
  }

  sendAck(zxid: number): void {
    if (this.observer) return;
    if (this.ackAfterUpToDate.delete(zxid)) {
      this.requestsToAck.push(zxid);
      return;
    }
    this.send({ type: 'ACK', zxid });
  }

  revalidate(sessionId: bigint, timeout: number): void {
    this.send({ type: 'REVALIDATE', sessionId, timeout });
  }

  logSynced(): void {
    if (this.running) this.maybeAckNewLeader();
  }

  // ---- timers, shutdown -------------------------------------------------------------------

  onClose(conn: ConnId): void {
    if (conn !== this.conn || !this.running) return;
    this.conn = undefined;
    // Learner.syncWithLeader, case NEWLEADER: the QuorumPeer thread does the steps (snapshot,
    // txns to the log and their fsync, currentEpoch) without touching the socket; a connection
    // reset or closed meanwhile is an IOException only at writePacket(ACK) (or the readPacket
    // after it), which throws out of syncWithLeader. So the steps run on, and the role ends there.
    if (this.inNewLeaderSteps) {
      this.brokenInSteps = true;
      return;
    }
    this.shutdown('Connection to leader broken');
  }

  /** The socket's read timeout (sock.setSoTimeout): initLimit ticks until the leader pings, syncLimit after. */
  private armReadTimeout(): void {
    if (this.readTimer !== undefined) this.ctx.cancelTimer(this.readTimer);
    const ticks = this.leaderPings ? this.self.syncLimit : this.self.initLimit;
    this.readTimer = this.ctx.setTimer(this.self.tickTime * ticks, 'learner.read', () => {
      this.readTimer = undefined;
      if (this.running) this.shutdown('Read timed out');
    });
  }

  /**
   * Learner.shutdown (Follower.shutdown / Observer.shutdown): the role's timers and fsync
   * callbacks stop (its scope closes), the socket to the leader closes, its server shuts down
   * (which flushes its log before that server's scope closes); then the peer goes LOOKING.
   */
  shutdown(reason: string): void {
    if (!this.running) return;
    this.running = false;
    this.ctx.close();
    if (this.conn !== undefined) this.ctx.net.close(this.conn);
    this.conn = undefined;
    this.zksImpl?.shutdown();
    this.self.serving(undefined);
    this.ctx.trace('zab.learner-shutdown', { leader: this.leaderId, reason });
    // Learner.shutdown: zk.shutdown(syncMode == SNAP) — "If we haven't finished SNAP sync, force
    // fully shutdown to avoid potential inconsistency" (the fix of ZOOKEEPER-3642): that tree is
    // on no disk, so it is cleared; otherwise the database is kept and fast-forwarded. With
    // ZK-3642 the unpersisted SNAP tree is kept too.
    const fully = this.syncMode === 'SNAP' && !this.self.bugs.has('ZK-3642');
    this.self.learnerShutdown(reason, fully);
  }
}
