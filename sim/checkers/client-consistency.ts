// client-consistency: what clients see (client.call / client.return), per session (a client
// process n and its session id):
// 1. FIFO: the server's replies (a return with zxid >= 0; the client's own failures carry -1)
//    come in the order of the calls, i.e. with increasing xids;
// 2. monotonic reads: the zxid of successive replies (> 0) never decreases;
// and over all clients:
// 3. linearizable writes: if a successful write A returned before a write B was called, A's txn
//    precedes B's: zxid(A) < zxid(B). A write's zxid is that of its txn, the one delivered with
//    its session and cxid = xid (the reply's zxid, the server's last processed, may be later).
import { zxidHex } from '../../protocol/zxid.ts';
import { opName } from '../../protocol/server/txn.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { WRITE_OPS, txnKey } from './durability.ts';
import { hexSession } from './replicas.ts';

// A reply, as a violation names it. Formatted only when there is one: the checker runs on every
// reply, and keeps the reply itself, not its text (module functions, not closures, on this path).
type Reply = EventOf<'client.return'>;
const who = (ev: Reply): string => `${ev.n} session ${hexSession(ev.session)}`;
const desc = (ev: Reply): string => `${opName[ev.op] ?? ev.op} ${ev.path} (xid ${ev.xid})`;
/** The latest acknowledged write: its reply and its txn. */
interface Acked {
  ev: Reply;
  txn: number;
}
const ackedWhat = (a: Acked | undefined): string =>
  a === undefined ? '' : `${desc(a.ev)} of ${who(a.ev)} at ${zxidHex(a.txn)}`;

interface SessionSeen {
  xid: number;
  zxid: number;
}

export class ClientConsistencyChecker implements Checker {
  readonly name = 'client-consistency';
  readonly kinds = ['zab.deliver', 'client.call', 'client.return'] as const;
  private readonly seen = new Map<string, SessionSeen>();
  /** session:cxid → zxid of its txn (first delivery). */
  private readonly txnOf = new Map<string, number>();
  /** The highest txn zxid among writes that returned OK so far, and which. */
  private maxAcked = 0;
  private maxAckedWhat: Acked | undefined;
  /** Pending write calls: "n|session|xid" → maxAcked when called. */
  private readonly calls = new Map<string, { max: number; what: Acked | undefined }>();

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'zab.deliver') {
      if (ev.cxid === undefined || ev.session === 0n) return;
      const key = txnKey(ev.session, ev.cxid);
      if (!this.txnOf.has(key)) this.txnOf.set(key, ev.zxid);
    } else if (ev.k === 'client.call') {
      if (WRITE_OPS.has(ev.op))
        this.calls.set(`${ev.n}|${ev.session}|${ev.xid}`, { max: this.maxAcked, what: this.maxAckedWhat });
    } else if (ev.k === 'client.return') {
      this.onReturn(ev, world);
    }
  }

  private onReturn(ev: EventOf<'client.return'>, world: World): void {
    const { xid, zxid } = ev;
    if (zxid >= 0) {
      const key = `${ev.n}|${ev.session}`;
      const s = this.seen.get(key);
      if (s && xid <= s.xid)
        world.violate(
          this.name,
          `${who(ev)} got the reply to ${desc(ev)} after the reply to xid ${s.xid}: not in call order`,
          ev.i,
        );
      else if (s && zxid > 0 && zxid < s.zxid)
        world.violate(
          this.name,
          `${who(ev)} got ${desc(ev)} at zxid ${zxidHex(zxid)} after a reply at ${zxidHex(s.zxid)}: reads went back in time`,
          ev.i,
        );
      this.seen.set(key, { xid: Math.max(xid, s?.xid ?? 0), zxid: Math.max(zxid, s?.zxid ?? 0) });
    }
    if (!WRITE_OPS.has(ev.op)) return;
    const call = this.calls.get(`${ev.n}|${ev.session}|${xid}`) ?? this.calls.get(`${ev.n}|0|${xid}`);
    this.calls.delete(`${ev.n}|${ev.session}|${xid}`);
    this.calls.delete(`${ev.n}|0|${xid}`);
    if (ev.rc !== 0) return;
    const txn = this.txnOf.get(txnKey(ev.session, xid));
    if (txn === undefined) return; // durability reports an OK without a delivered txn
    if (call && txn <= call.max)
      world.violate(
        this.name,
        `${who(ev)} write ${desc(ev)} got txn ${zxidHex(txn)}, though it was called after ${ackedWhat(call.what)} had returned: writes not linearizable`,
        ev.i,
      );
    if (txn > this.maxAcked) {
      this.maxAcked = txn;
      this.maxAckedWhat = { ev, txn };
    }
  }
}
