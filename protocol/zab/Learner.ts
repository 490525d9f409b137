// Learner: what Follower and Observer share. Connect to the leader's quorum port (up to 5
// tries, 100 ms apart, within initLimit ticks, as LeaderConnector does), introduce ourselves
// (FOLLOWERINFO/OBSERVERINFO), answer PINGs, and give up on the leader when the socket breaks
// or nothing arrives in time: the socket's read timeout is initLimit ticks until the leader is
// in its broadcast loop (its first PING), then syncLimit ticks, as in 3.8.
import type { ConnId, Context, Message } from '../actor.ts';
import type { LearnerInfo, Ping } from './packets.ts';

export interface LearnerPeer {
  readonly myid: number;
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  getAcceptedEpoch(): number;
  getLastLoggedZxid(): number;
  /** The learner lost its leader (back to LOOKING). */
  learnerShutdown(reason: string): void;
}

const MAX_TRIES = 5;
const leaderConnectDelayDuringRetryMs = 100;

export abstract class Learner {
  protected conn: ConnId | undefined;
  private tries = 0;
  private startedAt = 0;
  private timer: number | undefined;
  private running = false;
  /** The leader is past discovery and sync (it pings): reads now time out after syncLimit ticks. */
  private leaderActive = false;
  protected abstract readonly infoType: LearnerInfo['type'];

  constructor(
    protected readonly ctx: Context,
    protected readonly self: LearnerPeer,
    readonly leaderId: number,
    private readonly leaderAddr: string,
  ) {}

  /** followLeader() / observeLeader(). */
  run(): void {
    this.running = true;
    this.startedAt = this.ctx.now();
    this.connectToLeader();
  }

  owns(conn: ConnId): boolean {
    return conn === this.conn;
  }

  private connectTimeoutMs(): number {
    return this.self.tickTime * this.self.initLimit;
  }

  private connectToLeader(): void {
    const remaining = this.connectTimeoutMs() - (this.ctx.now() - this.startedAt);
    if (remaining <= 0) {
      this.shutdown('connectToLeader exceeded on retries.');
      return;
    }
    this.tries++;
    this.conn = this.ctx.net.connect(this.leaderAddr, Math.min(this.connectTimeoutMs(), remaining));
  }

  onConnect(conn: ConnId): void {
    if (conn !== this.conn || !this.running) return;
    const info: LearnerInfo = {
      type: this.infoType,
      sid: this.self.myid,
      acceptedEpoch: this.self.getAcceptedEpoch(),
      lastZxid: this.self.getLastLoggedZxid(),
      protocolVersion: 0x10000,
    };
    this.ctx.net.send(conn, info);
    this.ctx.trace({ ev: 'zab.connected', leader: this.leaderId });
    this.armReadTimeout();
  }

  onConnectFailed(conn: ConnId): void {
    if (conn !== this.conn || !this.running) return;
    this.conn = undefined;
    const remaining = this.connectTimeoutMs() - (this.ctx.now() - this.startedAt);
    if (this.tries >= MAX_TRIES || remaining <= leaderConnectDelayDuringRetryMs) {
      this.shutdown(`Failed connect to leader ${this.leaderId} after ${this.tries} tries`);
      return;
    }
    this.timer = this.ctx.setTimer(leaderConnectDelayDuringRetryMs, 'learner.retry');
  }

  onMessage(conn: ConnId, msg: Message): void {
    if (conn !== this.conn || !this.running) return;
    if (msg.type === 'PING') this.leaderActive = true;
    this.armReadTimeout();
    if (msg.type === 'PING') {
      const reply: Ping = { type: 'PING', zxid: (msg as Ping).zxid };
      this.ctx.net.send(conn, reply);
    }
  }

  onClose(conn: ConnId): void {
    if (conn !== this.conn || !this.running) return;
    this.conn = undefined;
    this.shutdown('Connection to leader broken');
  }

  onTimer(tag: string): boolean {
    if (tag === 'learner.retry') {
      this.timer = undefined;
      if (this.running) this.connectToLeader();
      return true;
    }
    if (tag === 'learner.read') {
      this.timer = undefined;
      if (this.running) this.shutdown('Read timed out');
      return true;
    }
    return false;
  }

  private armReadTimeout(): void {
    if (this.timer !== undefined) this.ctx.cancelTimer(this.timer);
    const ticks = this.leaderActive ? this.self.syncLimit : this.self.initLimit;
    this.timer = this.ctx.setTimer(this.self.tickTime * ticks, 'learner.read');
  }

  shutdown(reason: string): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer !== undefined) this.ctx.cancelTimer(this.timer);
    if (this.conn !== undefined) this.ctx.net.close(this.conn);
    this.conn = undefined;
    this.ctx.trace({ ev: 'zab.learner-shutdown', leader: this.leaderId, reason });
    this.self.learnerShutdown(reason);
  }
}
