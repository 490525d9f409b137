// LeaderZooKeeperServer: the leader's pipeline. Prep → ProposalRequestProcessor (a write is
// proposed to the learners and logged locally; the local fsync is the leader's own ACK) →
// CommitProcessor (a write goes on once a quorum acked it; reads wait behind their session's
// writes) → FinalRequestProcessor. Requests forwarded by learners enter at Prep.
import type { Context } from '../actor.ts';
import type { Id } from '../data.ts';
import type { ZKDatabase } from '../storage/ZKDatabase.ts';
import { CommitProcessor } from './CommitProcessor.ts';
import { Code, KeeperException } from '../errors.ts';
import { CNXN_ME, isWrite, type Request, type RequestOrigin } from './Request.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import { OpCode } from './txn.ts';
import { ZooKeeperServer, type ServerConfig } from './ZooKeeperServer.ts';

/** What the pipeline needs of the Leader (protocol/zab/Leader.ts). */
export interface ProposalSink {
  propose(request: Request): void;
  processAck(sid: number, zxid: number): void;
  /** A learner's sync (or a local one): answered once everything proposed before it is committed. */
  processSync(request: Request): void;
}

export class LeaderZooKeeperServer extends ZooKeeperServer {
  readonly commitProcessor: CommitProcessor;

  constructor(
    ctx: Context,
    cfg: ServerConfig,
    zkDb: ZKDatabase,
    private readonly leader: ProposalSink,
  ) {
    super(ctx, cfg, zkDb);
    this.mode = 'leader';
    this.commitProcessor = new CommitProcessor((r) => this.final.processRequest(r));
  }

  /** After Prep: propose and log writes; everything waits its turn in the CommitProcessor. */
  override next(request: Request): void {
    if (request.type === OpCode.sync) {
      this.commitProcessor.submit(request, true);
      this.leader.processSync(request);
      return;
    }
    if (!request.hdr) {
      this.commitProcessor.submit(request, false);
      return;
    }
    if (request.cnxn && !isLearnerOrigin(request.cnxn)) this.commitProcessor.submit(request, true);
    this.leader.propose(request);
    this.sync.processRequest(request);
  }

  /** The local log has the txns: that is the leader's own ACK. */
  override flushed(requests: Request[]): void {
    for (const r of requests) {
      if (!r.hdr) continue;
      this.ctx.trace('zab.logged', { zxid: r.hdr.zxid });
      this.leader.processAck(this.cfg.serverId, r.hdr.zxid);
    }
  }

  /** A quorum acked (or a sync's turn came): on to FinalRequestProcessor. */
  commit(request: Request): void {
    this.commitProcessor.commit(request);
  }

  /**
   * LeaderSessionTracker.checkSession (local sessions off): the global tracker's check, an
   * unknown session SessionExpired.
   */
  override checkSession(sessionId: bigint, owner: unknown): void {
    try {
      super.checkSession(sessionId, owner);
    } catch (e) {
      if (e instanceof KeeperException && e.code === Code.UNKNOWNSESSION)
        throw new KeeperException(Code.SESSIONEXPIRED);
      throw e;
    }
  }

  /**
   * LeaderZooKeeperServer.revalidateSession: a client reconnecting here makes the leader itself
   * the session's owner (ServerCnxn.me), unless the session is gone or closing.
   */
  override revalidateSession(cnxn: ServerCnxn, sessionId: bigint, timeout: number): void {
    super.revalidateSession(cnxn, sessionId, timeout);
    try {
      this.setOwner(sessionId, CNXN_ME);
    } catch (e) {
      if (!(e instanceof KeeperException)) throw e; // the revalidation failed: nothing to own
    }
  }

  /**
   * A request a learner forwarded (REQUEST): into Prep, with the client's auth ids, owned by
   * the learner's LearnerHandler (LearnerHandler.run: si.setOwner(this)).
   */
  submitLearnerRequest(
    sessionId: bigint,
    cxid: number,
    op: number,
    body: Request['body'],
    authInfo: Id[],
    owner: unknown,
    timeout?: number,
  ): void {
    const origin: RequestOrigin & { learner: true } = { learner: true, authInfo, reply: () => {} };
    const request: Request = {
      sessionId,
      cxid,
      type: op as Request['type'],
      body,
      cnxn: origin,
      createTime: this.requestTime(),
      owner,
    };
    if (timeout !== undefined) request.timeout = timeout;
    if (op === OpCode.createSession) this.sessionTracker.addSession(sessionId, timeout ?? this.cfg.minSessionTimeout);
    this.prep.processRequest(request);
  }

  isWriteOp(type: number): boolean {
    return isWrite(type as Request['type']);
  }
}

/** A request a learner forwarded: its reply goes out on the learner, not here. */
export function isLearnerOrigin(o: RequestOrigin): boolean {
  return (o as { learner?: boolean }).learner === true;
}
