// durability: a write acknowledged to a client is never lost. A write is acknowledged by a
// client.return with rc 0 for create, create2, createContainer, createTTL, delete, setData,
// setACL or multi; its txn is the one delivered with the same session and cxid = xid
// (zab.deliver carries both). Then:
// 1. some server delivered that txn before the reply came back, and the reply's zxid (the
//    server's last processed zxid) is at least the txn's;
// 2. no server moves past it without it: a server whose data tree goes from below the txn to
//    above it by a delivery must have delivered it; a TRUNC never cuts it — unless the leader
//    that sent the TRUNC had proposed it and not yet committed it when it decided
//    (LearnerHandler.syncFollower: TRUNC to maxCommittedLog; Leader.startForwarding re-sends
//    the outstanding proposals right after it, and the commit may come before the learner
//    reads its TRUNC; whether a quorum still holds it is committed-log-durability's); a learner
//    that finished syncing (UPTODATE) or took a SNAP holds every acknowledged txn up to its last
//    zxid, and an established leader holds every acknowledged txn of its epoch and earlier
//    ones (a leader of an older epoch established after a newer one, its NEWLEADER acks read
//    late after a pause, owes none of the newer epoch's: see leader-log-completeness);
// 3. when the run ends, the leader established in the highest epoch (if it is still leading)
//    holds every acknowledged write.
import { makeZxid, zxidHex } from '../../protocol/zxid.ts';
import { OpCode, opName } from '../../protocol/server/txn.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, type Replica, hexSession, insert, lowerBound, newlyCommitted } from './replicas.ts';

export const WRITE_OPS: ReadonlySet<number> = new Set([
  OpCode.create,
  OpCode.create2,
  OpCode.createContainer,
  OpCode.createTTL,
  OpCode.delete,
  OpCode.setData,
  OpCode.setACL,
  OpCode.multi,
]);

export const txnKey = (session: bigint, cxid: number): string => `${session}:${cxid}`;

/** A client op, as a violation names it (formatted only then: the checker runs on every acknowledged write). */
function describeOp(ev: EventOf<'client.return'>): string {
  return `${opName[ev.op] ?? ev.op} ${ev.path} (session ${hexSession(ev.session)}, xid ${ev.xid})`;
}

export class DurabilityChecker implements Checker {
  readonly name = 'durability';
  readonly kinds = [...REPLICA_KINDS, 'client.return', 'zab.sync'] as const;
  /** session:cxid → the zxid of its txn (first delivery). */
  private readonly txnOf = new Map<string, number>();
  /** Acknowledged txns, ascending, and what they were. */
  private readonly acked: number[] = [];
  /** The reply that acknowledged each (a violation's message is formatted from it: what()). */
  private readonly ackedBy = new Map<number, EventOf<'client.return'>>();
  private leader: string | undefined;
  private leaderEpoch = -1;
  /** learner → the last TRUNC a leader decided for it (zab.sync): who, to which zxid, at which event. */
  private readonly truncs = new Map<string, { leader: string; to: number; i: number }>();
  /** zxid → the event that first committed it. */
  private readonly committedAt = new Map<number, number>();

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'zab.sync') {
      if (ev.mode === 'TRUNC' && ev.truncTo !== undefined && ev.n !== undefined)
        this.truncs.set(`s${ev.peer}`, { leader: ev.n, to: ev.truncTo, i: ev.i });
      return;
    }
    const c = this.m.observe(ev);
    for (const z of newlyCommitted(c)) this.committedAt.set(z, ev.i);
    switch (c.k) {
      case 'deliver': {
        if (ev.k === 'zab.deliver' && ev.cxid !== undefined && ev.session !== 0n) {
          const key = txnKey(ev.session, ev.cxid);
          if (!this.txnOf.has(key)) this.txnOf.set(key, c.zxid);
        }
        const a = this.firstAckedAbove(c.prevTip);
        if (a !== undefined && a < c.zxid && c.prevTip < c.zxid)
          world.violate(
            this.name,
            `${c.r.node} went from ${zxidHex(c.prevTip)} to ${zxidHex(c.zxid)} past acknowledged ${this.what(a)} without it`,
            ev.i,
          );
        return;
      }
      case 'reset':
        if (c.why === 'truncate') {
          const a = this.cutByTrunc(ev, c.r.node, c.r.tip, c.oldTip);
          if (a !== undefined)
            world.violate(
              this.name,
              `${c.r.node} truncated to ${zxidHex(c.r.tip)}, cutting acknowledged ${this.what(a)}`,
              ev.i,
            );
        } else if (c.why === 'snap') this.holdsAll(world, ev, c.r, 'took a snapshot');
        return;
      case 'established':
        if (c.epoch >= this.leaderEpoch) [this.leader, this.leaderEpoch] = [c.r.node, c.epoch];
        this.holdsAll(world, ev, c.r, `became leader of epoch ${c.epoch}`, makeZxid(c.epoch + 1, 0) - 1);
        return;
      case 'uptodate':
        this.holdsAll(world, ev, c.r, 'finished syncing');
        return;
    }
    if (ev.k === 'client.return' && ev.rc === 0 && WRITE_OPS.has(ev.op)) this.onAck(ev, world);
  }

  finish(world: World): void {
    const r = this.leader === undefined ? undefined : this.m.replicas.get(this.leader);
    if (r?.up && r.synced) this.holdsAll(world, undefined, r, 'leads at the end of the run', Infinity);
  }

  /** An acknowledged txn, as a violation names it. */
  private what(zxid: number): string {
    const ev = this.ackedBy.get(zxid);
    return ev === undefined ? String(zxid) : `${describeOp(ev)} at ${zxidHex(zxid)}`;
  }

  private onAck(ev: EventOf<'client.return'>, world: World): void {
    const zxid = this.txnOf.get(txnKey(ev.session, ev.xid));
    if (zxid === undefined) {
      world.violate(this.name, `${ev.n} got OK for ${describeOp(ev)}, but no server delivered its txn`, ev.i);
      return;
    }
    if (ev.zxid < zxid)
      world.violate(
        this.name,
        `${ev.n} got OK for ${describeOp(ev)} with zxid ${zxidHex(ev.zxid)}, below its txn's ${zxidHex(zxid)}`,
        ev.i,
      );
    if (zxid <= this.m.genesis || this.ackedBy.has(zxid)) return;
    insert(this.acked, zxid);
    this.ackedBy.set(zxid, ev);
  }

  /**
   * The first acknowledged txn a TRUNC of `node` to `tip` cut from its tree (up to `oldTip`),
   * other than one its leader had proposed and not yet committed when it decided that TRUNC.
   */
  private cutByTrunc(ev: TraceEvent, node: string, tip: number, oldTip: number): number | undefined {
    const d = this.truncs.get(node);
    const decided = d !== undefined && ev.k === 'zab.truncate' && ev.zxid === d.to ? d : undefined;
    for (let j = lowerBound(this.acked, tip + 1); j < this.acked.length; j++) {
      const a = this.acked[j]!;
      if (a > oldTip) return undefined;
      const outstanding =
        decided !== undefined &&
        this.m.proposals.get(a)?.by === decided.leader &&
        (this.committedAt.get(a) ?? Number.POSITIVE_INFINITY) > decided.i;
      if (!outstanding) return a;
    }
    return undefined;
  }

  private firstAckedAbove(zxid: number): number | undefined {
    return this.acked[lowerBound(this.acked, zxid + 1)];
  }

  /** r holds every acknowledged txn up to its last zxid (or all of them). */
  private holdsAll(world: World, ev: TraceEvent | undefined, r: Replica, when: string, upTo = r.tip): void {
    const end = lowerBound(this.acked, upTo + 1);
    for (let i = 0; i < end; i++) {
      const a = this.acked[i]!;
      if (!this.m.holds(r, a)) {
        world.violate(this.name, `${r.node} ${when} at ${zxidHex(r.tip)} without acknowledged ${this.what(a)}`, ev?.i);
        return;
      }
    }
  }
}
