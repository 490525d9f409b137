// Leader.lead() of 3.8 as an event-driven state machine.
// Discovery: wait (initLimit ticks) for FOLLOWERINFO from a quorum, propose epoch = max
// acceptedEpoch + 1 over every learner heard meanwhile, observers too (written to acceptedEpoch
// first), LEADERINFO, wait for a quorum of ACKEPOCH (one of -1, an epoch already accepted, does
// not count; a learner ahead of us loses its handler, and we keep waiting), write currentEpoch.
// Sync: per learner, DIFF / TRUNC / TRUNC+DIFF / SNAP from the committed log, the proposals in
// flight, then NEWLEADER; the learner's next packet is read as its ACK (LearnerHandler.run: not
// an ACK ends that handler; Leader.waitForNewLeaderAck counts it only with NEWLEADER's zxid);
// once a quorum acked NEWLEADER (within initLimit ticks) the leader is established: it serves,
// and learners get UPTODATE.
// Broadcast: PROPOSAL to followers, COMMIT in zxid order once a voting quorum acked (the
// leader counts its own fsync), INFORM to observers; pings every tickTime/2, and a leader
// without a synced quorum steps down. Its Context is the role's scope (from QuorumPeer),
// closed by shutdown(); its server has a scope of its own (ZabPeer.serverContext).
import type { ConnId, Context, Message } from '../actor.ts';
import type { ProtocolTraceEvents } from '../trace.ts';
import type { QuorumMaj } from '../election/QuorumVerifier.ts';
import { SyncedLearnerTracker } from '../election/QuorumVerifier.ts';
import { LeaderZooKeeperServer } from '../server/LeaderZooKeeperServer.ts';
import type { Request } from '../server/Request.ts';
import type { ZabPeer } from './ZabPeer.ts';
import { COUNTER_SPAN, counterOf, epochOf, makeZxid, zxidHex } from '../zxid.ts';
import { LearnerHandler, syncFollower } from './LearnerHandler.ts';
import type { AckEpoch, ForwardedRequest, LearnerInfo, Ping, QuorumPacket, Revalidate, SyncPacket } from './packets.ts';

export interface LeaderPeer extends ZabPeer {
  readonly qv: QuorumMaj;
  readonly quorumAddr: string;
  /** The server that serves clients now (undefined: none). */
  serving(zks: LeaderZooKeeperServer | undefined): void;
  /** The leader stopped leading (back to LOOKING). */
  leaderShutdown(reason: string): void;
}

type Phase = 'discovery' | 'epoch-ack' | 'newleader' | 'broadcast';

interface Proposal {
  request: Request;
  acks: Set<number>;
}

export class Leader {
  private readonly handlers = new Map<ConnId, LearnerHandler>();
  private phase: Phase = 'discovery';
  /** The epoch being proposed (max acceptedEpoch + 1 over the learners heard while it is open). */
  epoch = -1;
  /** getEpochToPropose's connectingFollowers: the participants heard from while the epoch is open. */
  private readonly connecting = new Set<number>();
  /** waitForEpochAck's electingFollowers. */
  private readonly electing = new Set<number>();
  /** lead(): the leader's StateSummary (currentEpoch, last processed zxid) when it starts to lead. */
  private leaderStateSummary = { currentEpoch: -1, lastZxid: -1 };
  private readonly newLeaderAcks = new Set<number>();
  private newLeaderZxid = 0;
  private acceptedEpochWritten = false;
  private currentEpochWritten = false;
  readonly zks: LeaderZooKeeperServer;
  private readonly outstanding = new Map<number, Proposal>();
  private lastCommitted = 0;
  private lastProposed = 0;
  private readonly pendingSyncs: { zxid: number; request: Request }[] = [];
  private tick = 0;
  private tickSkip = true;
  private timer: number | undefined;
  private running = false;

  constructor(
    private readonly ctx: Context,
    private readonly self: LeaderPeer,
  ) {
    this.zks = new LeaderZooKeeperServer(self.serverContext(), self.serverConfig(), self.zkDb, this);
    this.zks.bugs = self.bugs;
  }

  lead(): void {
    this.running = true;
    // Leader.lead → zk.loadData(): the database is already loaded (ZOOKEEPER-1642), "Make a
    // clean snapshot": takeSnapshot() — FileTxnSnapLog.save(..., syncSnap false), the tree as
    // the election left it (fast-forwarded to the log: uncommitted txns too), written in place
    // and left to the kernel's writeback. (loadData's killSession of sessions with ephemerals
    // but no timeout is not modelled: every session here has both or neither.)
    // ZK-1549 (the ZOOKEEPER-1549 class, open; on in every 3.5–3.9 release and so in every 3.8
    // profile): that snapshot holds the uncommitted tail, and a later TRUNC below it reloads the
    // database from it (FileTxnSnapLog.truncateLog keeps newer snapshots). Off (--no-lead-snapshot),
    // lead() takes none, as ZOOKEEPER-1558's fix did on branch-3.4 (3.4.6–3.4.14).
    if (this.self.bugs.has('ZK-1549')) {
      const db = this.self.zkDb;
      const file = db.save(false);
      this.ctx.trace('zk.snapshot', { file, zxid: db.lastProcessedZxid, appliedSince: 0 });
    }
    this.ctx.net.listen(this.self.quorumAddr);
    this.ctx.trace('zab.lead', {
      acceptedEpoch: this.self.getAcceptedEpoch(),
      lastZxid: this.self.zkDb.lastProcessedZxid,
    });
    this.leaderStateSummary = {
      currentEpoch: this.self.getCurrentEpoch(),
      lastZxid: this.self.zkDb.lastProcessedZxid,
    };
    this.armInitLimit();
    this.getEpochToPropose(this.self.myid, this.self.getAcceptedEpoch());
  }

  owns(conn: ConnId): boolean {
    return this.handlers.has(conn);
  }

  onAccept(conn: ConnId): void {
    this.handlers.set(conn, new LearnerHandler(conn));
  }

  private send(h: LearnerHandler, p: QuorumPacket): void {
    this.ctx.net.send(h.conn, p as Message);
  }

  private quorum(sids: Iterable<number>): boolean {
    const t = new SyncedLearnerTracker(this.self.qv);
    for (const s of sids) t.addAck(s);
    return t.hasAllQuorums();
  }

  // ---- discovery ------------------------------------------------------------------------

  /** Leader.isParticipant: a voting member of the quorum config (whatever the learner says it is). */
  private isParticipant(sid: number): boolean {
    return this.self.qv.isVoter(sid);
  }

  /**
   * Leader.getEpochToPropose, while waitingForNewEpoch: every learner's acceptedEpoch raises the
   * epoch to propose (an observer's too: "if (lastAcceptedEpoch >= epoch) epoch =
   * lastAcceptedEpoch + 1" comes before the isParticipant test), but only participants make up
   * the quorum (connectingFollowers). Once the epoch is chosen a learner just gets it.
   */
  private getEpochToPropose(sid: number, lastAcceptedEpoch: number): void {
    if (this.phase !== 'discovery') return;
    if (lastAcceptedEpoch >= this.epoch) this.epoch = lastAcceptedEpoch + 1;
    if (this.isParticipant(sid)) this.connecting.add(sid);
    if (!this.connecting.has(this.self.myid) || !this.quorum(this.connecting)) return;
    const epoch = this.epoch;
    this.phase = 'epoch-ack';
    this.ctx.trace('zab.newepoch', { epoch, acks: [...this.connecting].sort((a, b) => a - b) });
    const proposeEpoch = () => {
      if (!this.running) return;
      this.acceptedEpochWritten = true;
      for (const h of this.handlers.values())
        if (h.sid !== undefined)
          this.send(h, { type: 'LEADERINFO', zxid: makeZxid(epoch, 0), protocolVersion: 0x10000 });
      this.waitForEpochAck(this.self.myid, this.leaderStateSummary);
    };
    // ZOOKEEPER-1291 (with the bug): getEpochToPropose proposes the epoch without first making
    // it the leader's own acceptedEpoch, which stays at the old value.
    if (this.self.bugs.has('ZK-1291')) proposeEpoch();
    else this.self.setAcceptedEpoch(epoch, proposeEpoch);
  }

  /**
   * Leader.waitForEpochAck, for the leader itself (after getEpochToPropose) and for each
   * learner's ACKEPOCH (StateSummary(its currentEpoch, its last zxid)): once the quorum has acked
   * (electionFinished) it returns at once, unchecked. Before, a learner whose state is more
   * recent than the leader's is an IOException of its LearnerHandler alone ("Follower is ahead
   * of the leader": that handler ends, the leader keeps waiting); an ACKEPOCH counts only from a
   * participant whose currentEpoch and last zxid are not -1 (-1: it had already accepted this
   * epoch, so it cannot ack it again). Returns false when the handler ended.
   */
  private waitForEpochAck(sid: number, ss: { currentEpoch: number; lastZxid: number }, h?: LearnerHandler): boolean {
    if (this.phase !== 'epoch-ack') return true; // electionFinished
    if (ss.currentEpoch !== -1) {
      const ours = this.leaderStateSummary;
      const moreRecent =
        ss.currentEpoch > ours.currentEpoch || (ss.currentEpoch === ours.currentEpoch && ss.lastZxid > ours.lastZxid);
      if (moreRecent && h) {
        // Java's message prints the zxid as a decimal long.
        this.ctx.trace('zab.learner-handler-error', {
          sid,
          message: `Follower is ahead of the leader, leader summary: ${ours.currentEpoch} (current epoch), ${ours.lastZxid} (last zxid)`,
        });
        this.closeHandler(h);
        return false;
      }
      if (ss.lastZxid !== -1 && this.isParticipant(sid)) this.electing.add(sid);
    }
    if (!this.electing.has(this.self.myid) || !this.quorum(this.electing)) return true;
    this.phase = 'newleader';
    this.newLeaderZxid = makeZxid(this.epoch, 0);
    this.self.setCurrentEpoch(this.epoch, () => {
      if (!this.running) return;
      this.currentEpochWritten = true;
      this.newLeaderAcks.add(this.self.myid);
      // Restart the clock: NEWLEADER must be acked by a quorum within initLimit ticks.
      if (this.timer !== undefined) this.ctx.cancelTimer(this.timer);
      this.armInitLimit();
      for (const h of this.handlers.values()) if (h.ackedEpoch) this.startSync(h);
      this.checkNewLeaderQuorum();
    });
    return true;
  }

  // ---- sync -----------------------------------------------------------------------------

  private startSync(h: LearnerHandler): void {
    const db = this.self.zkDb;
    const plan = syncFollower(h.peerLastZxid, db, this.self.bugs);
    const fields: ProtocolTraceEvents['zab.sync'] = {
      peer: h.sid!,
      mode: plan.mode,
      peerLastZxid: h.peerLastZxid,
      leaderLastZxid: db.lastProcessedZxid,
    };
    if (plan.truncTo !== undefined) fields.truncTo = plan.truncTo;
    this.ctx.trace('zab.sync', fields);
    // ZOOKEEPER-1136 (with the bug): NEWLEADER is written to the learner at once, not queued
    // behind its sync packets — the learner ACKs it before it has the history it is synced to.
    const newLeaderFirst = this.self.bugs.has('ZK-1136');
    if (newLeaderFirst) this.send(h, { type: 'NEWLEADER', zxid: this.newLeaderZxid });
    for (const p of plan.packets) this.send(h, p);
    // Proposals in flight follow (startForwarding) — "only participants need to get
    // outstanding proposals": an observer gets them as INFORM once committed.
    const inFlight = h.learnerType === 'participant' ? [...this.outstanding.keys()].sort((a, b) => a - b) : [];
    for (const zxid of inFlight) {
      const r = this.outstanding.get(zxid)!.request;
      this.send(h, { type: 'PROPOSAL', zxid, txn: { hdr: r.hdr!, txn: r.txn! } });
    }
    h.forwarding = true;
    if (!newLeaderFirst) this.send(h, { type: 'NEWLEADER', zxid: this.newLeaderZxid });
    // LearnerHandler.run reads the learner's next packet now (one that came already is read first).
    this.readNewLeaderAck(h);
  }

  private checkNewLeaderQuorum(): void {
    if (this.phase !== 'newleader' || !this.quorum(this.newLeaderAcks)) return;
    this.phase = 'broadcast';
    if (this.timer !== undefined) this.ctx.cancelTimer(this.timer);
    this.ctx.trace('zab.established', { epoch: this.epoch, acks: [...this.newLeaderAcks].sort((a, b) => a - b) });
    this.startZkServer();
    for (const h of this.handlers.values())
      if (h.newLeaderAcked) this.send(h, { type: 'UPTODATE', zxid: this.newLeaderZxid });
    this.armTick();
  }

  /**
   * Leader.startZkServer: lastCommitted is the new epoch's zxid, the server starts,
   * updateElectionVote(epoch) (ZOOKEEPER-1732), and the database's last processed zxid becomes
   * epoch << 32 — so a learner that joins later is synced from there (a SNAP at 0x100000000 on
   * a first start: it is behind a committed log that is empty), and the zxid stays when the
   * role ends (ZKDatabase.fastForwardDataBase keeps the in-memory tree).
   */
  private startZkServer(): void {
    this.lastCommitted = this.newLeaderZxid;
    this.lastProposed = this.newLeaderZxid;
    this.zks.startServing({ leader: true, hzxid: this.newLeaderZxid });
    // ZOOKEEPER-1732 (with the bug): no updateElectionVote — the leader's vote keeps the peerEpoch
    // it was elected with, which a LOOKING server then compares with its followers' votes.
    if (!this.self.bugs.has('ZK-1732')) this.self.updateElectionVote(this.epoch);
    this.self.zkDb.setlastProcessedZxid(this.newLeaderZxid);
    this.self.serving(this.zks);
  }

  // ---- learner packets ------------------------------------------------------------------

  onMessage(conn: ConnId, msg: Message): void {
    const h = this.handlers.get(conn);
    if (!h || !this.running) return;
    h.tickOfNextAckDeadline = this.tick + this.self.syncLimit;
    const p = msg as QuorumPacket;
    if (h.unread) {
      // LearnerHandler.run has not read past ACKEPOCH yet: the packet waits in the socket.
      h.unread.push(p);
      if (h.forwarding) this.readNewLeaderAck(h);
      return;
    }
    this.onPacket(h, p);
  }

  /**
   * LearnerHandler.run after the sync packets and NEWLEADER are queued: the learner's next packet
   * is read as the ACK of NEWLEADER — anything else ends this handler ("Next packet was supposed
   * to be an ACK"); then Leader.waitForNewLeaderAck counts it unless its zxid is not NEWLEADER's;
   * the packets after it go to the main loop.
   */
  private readNewLeaderAck(h: LearnerHandler): void {
    const [first, ...rest] = h.unread ?? [];
    if (!first) return;
    h.unread = undefined;
    if (first.type !== 'ACK') {
      this.ctx.trace('zab.learner-handler-error', {
        sid: h.sid!,
        message: `Next packet was supposed to be an ACK, but received packet: ${first.type}`,
      });
      this.closeHandler(h);
      return;
    }
    // Leader.waitForStartup, then UPTODATE: at once if the leader already serves, else when it
    // does (checkNewLeaderQuorum sends it to every handler past this read, this one included).
    const serving = this.phase === 'broadcast';
    h.newLeaderAcked = true;
    this.waitForNewLeaderAck(h, first.zxid);
    if (serving) this.send(h, { type: 'UPTODATE', zxid: this.newLeaderZxid });
    for (const p of rest) if (this.handlers.get(h.conn) === h && this.running) this.onPacket(h, p);
  }

  /** Leader.waitForNewLeaderAck: once a quorum formed, any ACK will do; before, only one of NEWLEADER's zxid counts. */
  private waitForNewLeaderAck(h: LearnerHandler, zxid: number): void {
    if (this.phase === 'broadcast') return; // quorumFormed
    if (zxid !== this.newLeaderZxid) {
      this.ctx.trace('zab.learner-handler-error', {
        sid: h.sid!,
        message: `NEWLEADER ACK from sid: ${h.sid} is from a different epoch - current ${zxidHex(this.newLeaderZxid)} received ${zxidHex(zxid)}`,
      });
      return;
    }
    // "Note that addAck already checks that the learner is a PARTICIPANT."
    if (h.learnerType !== 'participant') return;
    this.newLeaderAcks.add(h.sid!);
    this.checkNewLeaderQuorum();
  }

  /** LearnerHandler.run returned: its finally shuts the handler down and closes the socket. */
  private closeHandler(h: LearnerHandler): void {
    h.alive = false;
    this.handlers.delete(h.conn);
    this.ctx.net.close(h.conn);
  }

  /** LearnerHandler.run's main loop, after the NEWLEADER ACK (and discovery's packets before it). */
  private onPacket(h: LearnerHandler, p: QuorumPacket): void {
    switch (p.type) {
      case 'FOLLOWERINFO':
      case 'OBSERVERINFO':
        return this.onLearnerInfo(h, p);
      case 'ACKEPOCH':
        return this.onAckEpoch(h, p);
      case 'ACK':
        if (h.learnerType === 'participant') this.processAck(h.sid!, p.zxid);
        return;
      case 'REQUEST':
        return this.onRequest(h, p);
      case 'PING':
        for (const [id, to] of (p as Ping).sessions ?? []) this.zks.sessionTracker.touchSession(id, to);
        return;
      case 'REVALIDATE': {
        // Leader.revalidateSession: checkIfValidGlobalSession (touch), and a valid session is
        // now owned by this learner (setOwner(id, learnerHandler)): requests for it still on
        // their way from another server are SessionMoved.
        const r = p as Revalidate;
        const valid = this.phase === 'broadcast' && this.zks.sessionTracker.touchSession(r.sessionId, r.timeout);
        if (valid) this.zks.setOwner(r.sessionId, h);
        this.send(h, { type: 'REVALIDATE', sessionId: r.sessionId, timeout: r.timeout, valid });
        return;
      }
      case 'SYNC': {
        const s = p as SyncPacket;
        const origin = { learner: true as const, authInfo: [], reply: () => {}, handler: h, path: s.path };
        this.processSync({
          sessionId: s.sessionId,
          cxid: s.cxid,
          type: 9,
          body: { op: 9, path: s.path },
          cnxn: origin,
          createTime: this.ctx.currentElapsedTime(), // Request.createTime: Time.currentElapsedTime()
        });
        return;
      }
      default:
        return;
    }
  }

  private onLearnerInfo(h: LearnerHandler, info: LearnerInfo): void {
    h.sid = info.sid;
    h.learnerType = info.type === 'FOLLOWERINFO' ? 'participant' : 'observer';
    h.acceptedEpoch = epochOf(info.zxid);
    this.ctx.trace('zab.learner', { sid: info.sid, kind: info.type, acceptedEpoch: h.acceptedEpoch });
    if (this.phase === 'discovery') {
      this.getEpochToPropose(info.sid, h.acceptedEpoch);
      return;
    }
    // The epoch is already chosen (a learner that joins late): tell it, once it is durable.
    if (this.acceptedEpochWritten)
      this.send(h, { type: 'LEADERINFO', zxid: makeZxid(this.epoch, 0), protocolVersion: 0x10000 });
  }

  /** LearnerHandler.run after LEADERINFO: the ACKEPOCH read, waitForEpochAck, then (the quorum acked) the sync. */
  private onAckEpoch(h: LearnerHandler, a: AckEpoch): void {
    const late = this.phase !== 'epoch-ack';
    h.peerLastZxid = a.zxid;
    h.ackedEpoch = true;
    h.unread = [];
    if (!this.waitForEpochAck(h.sid!, { currentEpoch: a.epoch, lastZxid: a.zxid }, h)) return;
    // One that acks after the quorum is synced at once (the others once currentEpoch is durable).
    if (late && this.currentEpochWritten) this.startSync(h);
  }

  private onRequest(h: LearnerHandler, r: ForwardedRequest): void {
    if (this.phase !== 'broadcast') return;
    this.zks.submitLearnerRequest(r.sessionId, r.cxid, r.op, r.body, r.authInfo, h, r.timeout);
  }

  // ---- broadcast ------------------------------------------------------------------------

  /** ProposalRequestProcessor: send the txn to every forwarding follower. */
  propose(request: Request): void {
    const zxid = request.hdr!.zxid;
    if (counterOf(zxid) === COUNTER_SPAN - 1) {
      // "zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start"
      this.shutdown('zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start');
      return;
    }
    this.outstanding.set(zxid, { request, acks: new Set() });
    this.lastProposed = zxid;
    this.ctx.trace('zab.propose', {
      zxid,
      epoch: this.epoch,
      type: request.hdr!.type,
      session: request.hdr!.clientId,
      cxid: request.hdr!.cxid,
    });
    const txn = { hdr: request.hdr!, txn: request.txn! };
    for (const h of this.handlers.values())
      if (h.forwarding && h.learnerType === 'participant') this.send(h, { type: 'PROPOSAL', zxid, txn });
  }

  processAck(sid: number, zxid: number): void {
    if (!this.running || !this.self.qv.isVoter(sid)) return;
    // Leader.processAck: "We no longer process NEWLEADER ack with this method" — an ACK of a
    // zxid with counter 0 (a NEWLEADER ACK the handler did not read as one, the ACK after UPTODATE).
    if (counterOf(zxid) === 0) return;
    const p = this.outstanding.get(zxid);
    if (!p) return; // already committed, or not ours
    p.acks.add(sid);
    this.ctx.trace('zab.ack', { zxid, from: sid });
    this.tryToCommit();
  }

  /** Commit, in zxid order, every proposal at the front that has a quorum. */
  private tryToCommit(): void {
    for (;;) {
      const next = this.lastCommitted + 1;
      const p = this.outstanding.get(next);
      if (!p || !this.quorum(p.acks)) return;
      this.outstanding.delete(next);
      this.lastCommitted = next;
      this.ctx.trace('zab.commit', { zxid: next, acks: [...p.acks].sort((a, b) => a - b) });
      const txn = { hdr: p.request.hdr!, txn: p.request.txn! };
      for (const h of this.handlers.values()) {
        if (!h.forwarding) continue;
        if (h.learnerType === 'participant') this.send(h, { type: 'COMMIT', zxid: next });
        else this.send(h, { type: 'INFORM', zxid: next, txn });
      }
      this.zks.commit(p.request);
      while (this.pendingSyncs.length > 0 && this.pendingSyncs[0]!.zxid <= this.lastCommitted)
        this.completeSync(this.pendingSyncs.shift()!.request);
    }
  }

  /** Leader.processSync (a learner's sync): answered now, or once what was proposed before it commits. */
  processSync(request: Request): void {
    if (this.outstanding.size === 0) this.completeSync(request);
    else this.pendingSyncs.push({ zxid: this.lastProposed, request });
  }

  /** Leader.sendSync: SYNC back to the learner that forwarded it. */
  private completeSync(request: Request): void {
    const origin = request.cnxn as (Request['cnxn'] & { handler?: LearnerHandler; path?: string }) | null;
    if (!origin?.handler) return;
    this.send(origin.handler, {
      type: 'SYNC',
      sessionId: request.sessionId,
      cxid: request.cxid,
      path: origin.path ?? '/',
    });
  }

  onClose(conn: ConnId): void {
    const h = this.handlers.get(conn);
    if (h) h.alive = false;
    this.handlers.delete(conn);
  }

  /** The waits of lead() for a quorum (getEpochToPropose, waitForEpochAck, waitForNewLeaderAck): initLimit ticks. */
  private armInitLimit(): void {
    this.timer = this.ctx.setTimer(this.self.initLimit * this.self.tickTime, 'leader.initLimit', () => {
      this.timer = undefined;
      if (!this.running) return;
      if (this.phase === 'discovery') this.shutdown('Timeout while waiting for epoch from quorum');
      else if (this.phase === 'epoch-ack') this.shutdown('Timeout while waiting for epoch to be acked by quorum');
      else if (this.phase === 'newleader')
        this.shutdown(
          `Waiting for a quorum of followers, only synced with sids: [ ${[...this.newLeaderAcks].sort().join(',')} ]`,
        );
    });
  }

  /** lead()'s loop: every tickTime / 2, check the synced quorum and ping. */
  private armTick(): void {
    this.timer = this.ctx.setTimer(this.self.tickTime / 2, 'leader.tick', () => {
      this.timer = undefined;
      if (this.running) this.onTick();
    });
  }

  private onTick(): void {
    if (!this.tickSkip) this.tick++;
    const synced = new SyncedLearnerTracker(this.self.qv);
    synced.addAck(this.self.myid);
    for (const h of this.handlers.values()) if (h.synced(this.tick) && h.newLeaderAcked) synced.addAck(h.sid!);
    if (!this.tickSkip && !synced.hasAllQuorums()) {
      this.shutdown(`Not sufficient number of followers synced, only synced with sids: [ ${synced.acks().join(',')} ]`);
      return;
    }
    this.tickSkip = !this.tickSkip;
    const ping: Ping = { type: 'PING', zxid: this.lastProposed };
    for (const h of this.handlers.values()) if (h.newLeaderAcked) this.send(h, ping);
    this.armTick();
  }

  /**
   * Leader.shutdown: the role's timers stop (its scope closes), its server shuts down (which
   * flushes its log before that server's scope closes), the quorum port stops accepting and
   * every LearnerHandler's socket is closed; then the peer goes back to LOOKING.
   */
  shutdown(reason: string): void {
    if (!this.running) return;
    this.running = false;
    this.ctx.close();
    this.zks.shutdown();
    this.self.serving(undefined);
    this.ctx.net.unlisten(this.self.quorumAddr);
    for (const h of this.handlers.values()) this.ctx.net.close(h.conn);
    this.handlers.clear();
    this.ctx.trace('zab.leader-shutdown', { reason, epoch: this.epoch });
    this.self.leaderShutdown(reason);
  }
}
