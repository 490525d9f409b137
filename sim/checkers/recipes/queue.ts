// queue (recipe-queue, scenarios/recipes/queue.ts): what a distributed queue promises, judged
// from the committed txns (zab.deliver: the creates and deletes of the queue's children, each
// applied at its first delivery, with the session whose txn it was) and the consumers' claims
// (`queue-took`: "I took this item and process it").
// A txn can be committed without any delivery event (logged by the old leader and a minority,
// loaded from its log by the next leader, sent to the others in a SNAP: ../undelivered.ts): a
// take is then known from the multi its consumer sent (the request's ops, by session and xid),
// its zab.propose (zxid, session, cxid) and the next established epoch, whose leader's log took
// it in (recipe-queue seeds 251 and 670: a take proposed by a leader that lost its quorum, led
// the next epoch with it, and whose consumer's session ended before it heard the answer). An
// item known only from its producer's `queue-put`, or taken with neither, is judged on what the
// claims say (a claim is evidence of the take; its zxid and session are then unknown).
// 1. exactly once: no item is claimed twice; a claim is of an item whose delete committed, on
//    the claimer's own session (a consumer processes only what it took, not what another took);
// 2. nothing left: at the end every item created is taken (the producers stopped long before);
// 3. nothing dropped: a take committed on a session that is its consumer's current one at the
//    end is claimed (a take whose session ended — expired, its process crashed — before the
//    consumer heard the answer is lost with it: at most once, by the recipe's own account);
//    2 and 3 are liveness: judged only when the run had time to drain the queue — an epoch
//    established after the heal whose leader still leads at the end, and since the later of
//    the two at least a session timeout (a consumer's session may have to expire and a new one
//    start) plus QUEUE_DRAIN_MS (recipe-queue seed 388: a take proposed at 0x200000023, logged by
//    a quorum, its consumer's answer lost; no epoch established after it to the end, so nobody
//    could commit it, read its receipt or take anything);
// 4. FIFO: takes commit in sequence-number order — when the take of an item commits, every item
//    with a lower sequence number (created before it) is already taken.
import type { Checker, World } from '../../engine/world.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import type { RequestPacket } from '../../../protocol/proto.ts';
import { OpCode } from '../../../protocol/server/txn.ts';
import { zxidHex } from '../../../protocol/zxid.ts';
import { hexSession } from '../replicas.ts';
import { UndeliveredProposals } from '../undelivered.ts';

/** recipe-queue's queue, and the receipts of its takes. */
export const QUEUE_PATH = '/queue';
export const TAKEN_PATH = '/queue-taken';
/** How long consumers have to take what is left once the ensemble serves again, ms. */
export const QUEUE_DRAIN_MS = 15_000;

/** When the run is calm enough to judge liveness (without: the end is always judged). */
export interface QueueTiming {
  healMs: number;
  sessionTimeoutMs: number;
}

interface Item {
  path: string;
  seq: number;
  /** zxid of its create (-1: not delivered). */
  created: number;
  /** The take: zxid and the session of its txn. */
  taken?: { zxid: number; session: bigint };
  claimed?: { n: string; i: number };
}

export class QueueChecker implements Checker {
  readonly name = 'queue';
  readonly kinds = [
    'zab.deliver',
    'recipe',
    'client.connected',
    'client.call',
    'send',
    'zab.propose',
    'zab.lead',
    'zab.established',
    'state',
    'proc',
  ] as const;
  /** The leader of the last established epoch while it still leads, and since when (µs). */
  private serving: { n: string; since: number } | undefined;
  private readonly items = new Map<string, Item>();
  /** A client's multi calls not sent yet: `node/xid` → its session. */
  private readonly calls = new Map<string, bigint>();
  /** The queue's items each sent multi deletes: `session/xid` → paths. */
  private readonly takes = new Map<string, string[]>();
  private readonly undelivered = new UndeliveredProposals<{ zxid: number; session: bigint; paths: string[] }>();
  /** node → its current session (last connected). */
  private readonly current = new Map<string, bigint>();
  private readonly prefix: string;

  constructor(
    readonly queue = QUEUE_PATH,
    readonly timing?: QueueTiming,
  ) {
    this.prefix = `${queue}/`;
  }

  onEvent(ev: TraceEvent, world: World): void {
    switch (ev.k) {
      case 'client.connected':
        this.current.set(ev.n, ev.session);
        return;
      case 'client.call':
        if (ev.op === OpCode.multi) this.calls.set(`${ev.n}/${ev.xid}`, ev.session);
        return;
      case 'send': {
        const m = ev.msg as RequestPacket;
        if (m.type !== 'request' || m.body.op !== OpCode.multi) return;
        const key = `${ev.n}/${m.xid}`;
        const session = this.calls.get(key);
        if (session === undefined) return;
        this.calls.delete(key);
        const paths = m.body.ops
          .filter((o) => o.op === OpCode.delete && o.path.startsWith(this.prefix))
          .map((o) => o.path);
        if (paths.length > 0) this.takes.set(`${session}/${m.xid}`, paths);
        return;
      }
      case 'zab.propose': {
        if (ev.type !== OpCode.multi || ev.session === undefined) return;
        const paths = this.takes.get(`${ev.session}/${ev.cxid}`);
        if (paths) this.undelivered.propose(ev.zxid, { zxid: ev.zxid, session: ev.session, paths });
        return;
      }
      case 'zab.lead':
        this.undelivered.lead(ev.n, ev.lastZxid);
        return;
      case 'state':
        if (this.serving?.n === ev.n && ev.state !== 'LEADING') this.serving = undefined;
        return;
      case 'proc':
        if (this.serving?.n === ev.n && (ev.what === 'crash' || ev.what === 'exit')) this.serving = undefined;
        return;
      case 'zab.established':
        this.serving = { n: ev.n, since: ev.t };
        for (const t of this.undelivered.established(ev.n, ev.epoch))
          for (const p of t.paths) {
            const it = this.item(p);
            if (!it.taken) it.taken = { zxid: t.zxid, session: t.session };
          }
        return;
      case 'zab.deliver': {
        this.undelivered.deliver(ev.zxid);
        const ops = ev.type === OpCode.multi ? (ev.ops ?? []) : [{ type: ev.type, path: ev.path }];
        for (const op of ops) {
          if (op.path === undefined || !op.path.startsWith(this.prefix)) continue;
          if (op.type === OpCode.create || op.type === OpCode.create2) {
            const it = this.item(op.path);
            if (it.created < 0) it.created = ev.zxid;
          } else if (op.type === OpCode.delete) {
            const it = this.item(op.path);
            if (!it.taken) it.taken = { zxid: ev.zxid, session: ev.session };
          }
        }
        return;
      }
      case 'recipe': {
        if (ev.what === 'queue-put') this.item(ev.item);
        if (ev.what !== 'queue-took') return;
        const it = this.item(ev.item);
        if (it.claimed)
          world.violate(
            this.name,
            `${ev.n} processes ${ev.item} (${ev.value}), already processed by ${it.claimed.n}: taken twice`,
            ev.i,
          );
        else if (it.taken && it.taken.session !== ev.session)
          world.violate(
            this.name,
            `${ev.n} processes ${ev.item} (${ev.value}) on session ${hexSession(ev.session)}, but session ${hexSession(it.taken.session)} took it at ${zxidHex(it.taken.zxid)}`,
            ev.i,
          );
        it.claimed ??= { n: ev.n, i: ev.i };
        return;
      }
    }
  }

  private item(path: string): Item {
    let it = this.items.get(path);
    if (!it) this.items.set(path, (it = { path, seq: Number(path.slice(-10)), created: -1 }));
    return it;
  }

  finish(world: World): void {
    // a run stopped at a violation is not at its end: what the end is judged on has not happened
    if (world.violations.length > 0) return;
    const live = new Set(
      [...this.current].filter(([n]) => (world.nodes.get(n)?.state ?? 'up') === 'up').map(([, s]) => s),
    );
    const all = [...this.items.values()].sort((a, b) => a.seq - b.seq);
    for (const it of this.drained(world.now) ? all : []) {
      if (!it.taken && !it.claimed) world.violate(this.name, `${it.path} is never taken`);
      else if (!it.claimed && it.taken && live.has(it.taken.session))
        world.violate(
          this.name,
          `${it.path} was taken at ${zxidHex(it.taken.zxid)} by session ${hexSession(it.taken.session)}, still live, which never processed it`,
        );
    }
    // FIFO (safety: judged whatever the end): going down the sequence numbers, each take must come before the earliest take of the items above it
    let earliest: Item | undefined;
    for (const it of [...all].reverse()) {
      if (!it.taken && it.claimed) continue; // taken, at an unknown zxid
      const z = it.taken?.zxid ?? Number.POSITIVE_INFINITY;
      if (earliest?.taken && z > earliest.taken.zxid) {
        world.violate(
          this.name,
          `${earliest.path} was taken at ${zxidHex(earliest.taken.zxid)} before ${it.path}, which has a lower sequence number (${it.taken ? `taken at ${zxidHex(it.taken.zxid)}` : 'never taken'}): not FIFO`,
        );
        return;
      }
      if (it.taken && (!earliest?.taken || it.taken.zxid < earliest.taken.zxid)) earliest = it;
    }
  }

  /** Whether the queue had time to drain by `end` (µs): see 2 and 3 above. */
  private drained(end: number): boolean {
    if (!this.timing) return true;
    if (!this.serving) return false;
    const calm = Math.max(this.timing.healMs * 1000, this.serving.since);
    return end - calm >= (this.timing.sessionTimeoutMs + QUEUE_DRAIN_MS) * 1000;
  }
}
