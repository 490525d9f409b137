// Leader.lead(), the part that lands with the election: open the quorum port, wait for a
// quorum of learners to connect (getEpochToPropose waits initLimit ticks for FOLLOWERINFO
// from a quorum), then tick every tickTime/2, ping every learner, and step down ("Not
// sufficient number of followers synced") when the synced learners are no quorum.
// Discovery (LEADERINFO/ACKEPOCH), sync and broadcast land with the ensemble.
import type { ConnId, Context, Message } from '../actor.ts';
import type { QuorumMaj } from '../election/QuorumVerifier.ts';
import { SyncedLearnerTracker } from '../election/QuorumVerifier.ts';
import { LearnerHandler } from './LearnerHandler.ts';
import type { LearnerInfo, Ping } from './packets.ts';

export interface LeaderPeer {
  readonly myid: number;
  readonly qv: QuorumMaj;
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly quorumAddr: string;
  getLastLoggedZxid(): number;
  /** The leader stopped leading (back to LOOKING). */
  leaderShutdown(reason: string): void;
}

export class Leader {
  private readonly handlers = new Map<ConnId, LearnerHandler>();
  private tick = 0;
  private tickSkip = true;
  private waitingForQuorum = true;
  private timer: number | undefined;
  private running = false;

  constructor(
    private readonly ctx: Context,
    private readonly self: LeaderPeer,
  ) {}

  lead(): void {
    this.running = true;
    this.ctx.net.listen(this.self.quorumAddr);
    this.ctx.trace({ ev: 'zab.lead', waitFor: 'learners' });
    this.timer = this.ctx.setTimer(this.self.initLimit * this.self.tickTime, 'leader.initLimit');
  }

  owns(conn: ConnId): boolean {
    return this.handlers.has(conn);
  }

  onAccept(conn: ConnId): void {
    this.handlers.set(conn, new LearnerHandler(conn));
  }

  onMessage(conn: ConnId, msg: Message): void {
    const h = this.handlers.get(conn);
    if (!h || !this.running) return;
    h.tickOfNextAckDeadline = this.tick + this.self.syncLimit;
    if (msg.type === 'FOLLOWERINFO' || msg.type === 'OBSERVERINFO') {
      const info = msg as LearnerInfo;
      h.sid = info.sid;
      h.info = info;
      h.learnerType = info.type === 'FOLLOWERINFO' ? 'participant' : 'observer';
      this.ctx.trace({ ev: 'zab.learner', sid: info.sid, kind: info.type });
      if (this.waitingForQuorum) this.checkQuorumConnected();
    }
  }

  onClose(conn: ConnId): void {
    const h = this.handlers.get(conn);
    if (h) h.alive = false;
    this.handlers.delete(conn);
  }

  onTimer(tag: string): boolean {
    if (tag === 'leader.initLimit') {
      this.timer = undefined;
      if (this.running && this.waitingForQuorum) this.shutdown('Timeout while waiting for epoch from quorum');
      return true;
    }
    if (tag === 'leader.tick') {
      this.timer = undefined;
      if (this.running) this.onTick();
      return true;
    }
    return false;
  }

  private voterSids(): SyncedLearnerTracker {
    const t = new SyncedLearnerTracker(this.self.qv);
    t.addAck(this.self.myid);
    return t;
  }

  private checkQuorumConnected(): void {
    const t = this.voterSids();
    for (const h of this.handlers.values()) if (h.sid !== undefined && h.learnerType === 'participant') t.addAck(h.sid);
    if (!t.hasAllQuorums()) return;
    this.waitingForQuorum = false;
    if (this.timer !== undefined) this.ctx.cancelTimer(this.timer);
    this.ctx.trace({ ev: 'zab.quorum-connected', acks: t.acks() });
    this.timer = this.ctx.setTimer(this.self.tickTime / 2, 'leader.tick');
  }

  private onTick(): void {
    if (!this.tickSkip) this.tick++;
    const synced = this.voterSids();
    for (const h of this.handlers.values()) if (h.synced(this.tick)) synced.addAck(h.sid!);
    if (!this.tickSkip && !synced.hasAllQuorums()) {
      this.shutdown(`Not sufficient number of followers synced, only synced with sids: [ ${synced.acks().join(',')} ]`);
      return;
    }
    this.tickSkip = !this.tickSkip;
    const ping: Ping = { type: 'PING', zxid: this.self.getLastLoggedZxid() };
    for (const h of this.handlers.values()) if (h.sid !== undefined) this.ctx.net.send(h.conn, ping);
    this.timer = this.ctx.setTimer(this.self.tickTime / 2, 'leader.tick');
  }

  shutdown(reason: string): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer !== undefined) this.ctx.cancelTimer(this.timer);
    this.ctx.net.unlisten(this.self.quorumAddr);
    for (const h of this.handlers.values()) this.ctx.net.close(h.conn);
    this.handlers.clear();
    this.ctx.trace({ ev: 'zab.leader-shutdown', reason });
    this.self.leaderShutdown(reason);
  }
}
