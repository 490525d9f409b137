// FollowerZooKeeperServer (and, with observer set, ObserverZooKeeperServer): a learner's
// pipeline. Client writes (and sync, createSession, closeSession) are forwarded to the leader
// (FollowerRequestProcessor) and wait in the CommitProcessor; reads are served from the local
// tree once the session's earlier writes are committed. Proposals from the leader are logged
// (SyncRequestProcessor) and acked (SendAckRequestProcessor; observers never ack); commits
// apply them in zxid order — a commit that is not the next pending txn ends the process, as
// in 3.8 (UNMATCHED_TXN_COMMIT).
import type { Context } from '../actor.ts';
import type { ZKDatabase } from '../storage/ZKDatabase.ts';
import { zxidHex } from '../zxid.ts';
import { CommitProcessor } from './CommitProcessor.ts';
import { isWrite, type Request } from './Request.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import { type LoggedTxn, OpCode } from './txn.ts';
import { ZooKeeperServer, type ServerConfig } from './ZooKeeperServer.ts';

/** What the pipeline needs of its Learner (protocol/zab/Learner.ts). */
export interface LeaderLink {
  forward(request: Request): void;
  sendAck(zxid: number): void;
  revalidate(sessionId: bigint, timeout: number): void;
  /** A batch of the log is durable and was passed on (the ACK of NEWLEADER may wait for it). */
  logSynced(): void;
}

export class FollowerZooKeeperServer extends ZooKeeperServer {
  readonly commitProcessor: CommitProcessor;
  /** Logged (or being logged) proposals not yet committed, in zxid order. */
  readonly pendingTxns: Request[] = [];
  /** Sessions touched since the last ping (reported to the leader). */
  readonly touched = new Map<bigint, number>();
  /** Connections waiting for the leader to revalidate their session. */
  private readonly revalidating = new Map<bigint, ServerCnxn>();

  constructor(
    ctx: Context,
    cfg: ServerConfig,
    zkDb: ZKDatabase,
    private readonly link: LeaderLink,
    readonly observer: boolean,
  ) {
    super(ctx, cfg, zkDb);
    this.mode = observer ? 'observer' : 'follower';
    this.commitProcessor = new CommitProcessor((r) => this.final.processRequest(r));
  }

  /**
   * Client requests: no local session checks — LearnerSessionTracker with local sessions off:
   * touchSession only records the touch (reported on the next ping), checkSession, setOwner and
   * setSessionClosing do nothing; the leader's tracker judges every session (closing, moved).
   */
  override submitRequest(request: Request): void {
    if (!this.running) return;
    if (request.sessionId !== 0n && request.cnxn)
      this.touched.set(request.sessionId, (request.cnxn as ServerCnxn).sessionTimeout);
    if (isWrite(request.type) || request.type === OpCode.sync) {
      this.commitProcessor.submit(request, true);
      this.link.forward(request);
      return;
    }
    this.commitProcessor.submit(request, false);
  }

  /** A reconnect with an existing session: ask the leader whether it lives. */
  override revalidateSession(cnxn: ServerCnxn, sessionId: bigint, timeout: number): void {
    this.revalidating.set(sessionId, cnxn);
    this.link.revalidate(sessionId, timeout);
  }

  revalidated(sessionId: bigint, valid: boolean): void {
    const cnxn = this.revalidating.get(sessionId);
    this.revalidating.delete(sessionId);
    if (!cnxn || cnxn.closed) return;
    if (valid) this.touched.set(sessionId, cnxn.sessionTimeout);
    this.finishReopen(cnxn, valid);
  }

  /** PROPOSAL (or, for an observer, INFORM): log it; a follower acks once it is durable. */
  logRequest(t: LoggedTxn): void {
    const request: Request = {
      sessionId: t.hdr.clientId,
      cxid: t.hdr.cxid,
      type: t.hdr.type,
      body: { op: OpCode.ping },
      cnxn: null,
      hdr: t.hdr,
      txn: t.txn,
      createTime: this.requestTime(),
    };
    this.pendingTxns.push(request);
    this.sync.processRequest(request);
  }

  override flushed(requests: Request[]): void {
    for (const r of requests) {
      if (!r.hdr) continue;
      this.ctx.trace('zab.logged', { zxid: r.hdr.zxid });
      if (!this.observer) this.link.sendAck(r.hdr.zxid);
    }
  }

  override synced(): void {
    this.link.logSynced();
  }

  /** COMMIT zxid: apply the next pending txn, which must be it. */
  commit(zxid: number): void {
    const first = this.pendingTxns[0];
    if (!first) {
      this.ctx.trace('zk.warn', { message: `Committing ${zxidHex(zxid)} without seeing txn` });
      return;
    }
    if (first.hdr!.zxid !== zxid) {
      this.ctx.exit(12, `Committing zxid ${zxidHex(zxid)} but next pending txn ${zxidHex(first.hdr!.zxid)}`);
      return;
    }
    this.pendingTxns.shift();
    this.commitProcessor.commit(first);
  }

  /** SYNC came back from the leader: the sync request of that session completes. */
  syncDone(sessionId: bigint, cxid: number, path: string): void {
    this.commitProcessor.commit({
      sessionId,
      cxid,
      type: OpCode.sync,
      body: { op: OpCode.sync, path },
      cnxn: null,
      createTime: this.requestTime(),
    });
  }
}
