// CommitProcessor of 3.8, reduced to its contract: requests of one session complete in the
// order they were issued. A read waits behind its session's earlier writes until they are
// committed; a committed write of a local client carries the client's connection to the
// FinalRequestProcessor (the reply goes out here), one from elsewhere is just applied.
import type { Request } from './Request.ts';

export class CommitProcessor {
  /** Per session, requests waiting in issue order (a write at the head waits for its commit). */
  private readonly queues = new Map<bigint, { request: Request; write: boolean }[]>();

  constructor(private readonly final: (request: Request) => void) {}

  /** A client request entered the server (a write is also on its way to a commit). */
  submit(request: Request, write: boolean): void {
    const q = this.queues.get(request.sessionId);
    if (!write && (!q || q.length === 0)) {
      this.final(request);
      return;
    }
    if (q) q.push({ request, write });
    else this.queues.set(request.sessionId, [{ request, write }]);
  }

  /** A txn was committed (or a sync answered): apply it, with the local request if it is one of ours. */
  commit(committed: Request): void {
    const q = this.queues.get(committed.sessionId);
    const head = q?.[0];
    // The session's oldest waiting write is this txn (cxids are unique within a session).
    if (head?.write && head.request.cxid === committed.cxid) {
      q!.shift();
      const local = head.request;
      if (committed.hdr) local.hdr = committed.hdr;
      if (committed.txn) local.txn = committed.txn;
      if (committed.err !== undefined) local.err = committed.err;
      this.final(local);
      this.drain(committed.sessionId);
      return;
    }
    this.final(committed);
  }

  /** Run the reads now at the head of the session's queue. */
  private drain(sessionId: bigint): void {
    const q = this.queues.get(sessionId);
    if (!q) return;
    while (q.length > 0 && !q[0]!.write) this.final(q.shift()!.request);
    if (q.length === 0) this.queues.delete(sessionId);
  }

  /** The session's connection went away: what waits for it is dropped (its writes still commit). */
  dropSession(sessionId: bigint): void {
    const q = this.queues.get(sessionId);
    if (!q) return;
    const writes = q.filter((e) => e.write);
    if (writes.length === 0) this.queues.delete(sessionId);
    else this.queues.set(sessionId, writes);
  }

  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }
}
