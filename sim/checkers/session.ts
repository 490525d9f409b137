// session: an ephemeral exists only while its owner session lives. The checker keeps the
// ensemble's sessions and ephemerals from the txns as first delivered, in zxid order
// (zab.deliver with its optional content fields: path, ephemeralOwner, paths, ops), and checks:
// 1. an ephemeral is created (create/create2 with ephemeralOwner, also inside a multi) only for
//    a session that is not closed: once closeSession of a session is committed, no ephemeral
//    of it may follow (it would never be deleted);
// 2. closeSession removes every ephemeral of its session (its `paths` cover all the session's
//    ephemerals the checker knows of) — but one that a proposed, never delivered delete or multi
//    below it may have removed is not judged (such a txn can reach the trees through a replay from
//    disk and a SNAP, never delivered);
// 3. an ephemeral removed by a closeSession is gone: no later setData, setACL or delete txn
//    acts on it (until the path is created again). One the model holds as uncertain (below) and
//    the closeSession's `paths` leave out was deleted before the close, not by it: not gone;
// 4. no client reads it either: an exists, getData, getACL or getChildren that returns OK for
//    that path with a reply zxid at or past the closeSession (the reply's zxid is the state
//    the read saw) is a violation.
// 5. every server's apply of a closeSession removes the session's ephemerals: each later
//    delivery of the same closeSession (another server's) has in its `paths` every ephemeral
//    the first delivery removed — not only the first delivery's tree is judged.
// A txn is applied to the model at its first delivery. One first delivered below the highest
// already applied (a server that replayed part of an epoch from its own log at startup — not a
// delivery — and got the rest by DIFF delivers the gap's txns after later ones) is applied too,
// but not to a path a later txn already touched (its state there is the later txn's).
// A txn nobody delivers: a server applies the logged txns above its tree when its role ends
// (ZKDatabase.fastForwardDataBase) or when it loads its database at start, and neither is a
// delivery; when every server had such a txn logged, a later DIFF carries only what follows it,
// so the model never sees it delivered (a 5-server clean sweep's seeds 251 and 400: a
// closeSession everybody logged, then the leader's second closeSession of that session, from its
// expiry, with no paths, judged against ephemerals the first had removed). The leader's
// zab.propose says what each zxid was (type, session); a delivery past such a gap fills it from
// there: a closeSession in the delivery's epoch (so committed) closes its session in the model
// (its uncertain ephemerals leave the model, not as gone: a gap delete may have gone first);
// one of an earlier epoch (committed or truncated: unknown) makes that session's ephemerals
// uncertain; a gap txn that may delete nodes (delete, deleteContainer, multi) makes every
// ephemeral uncertain, and one that may create them (create*, multi) clears what rules 3 and 4
// remember as gone. Rule 2 leaves uncertain ephemerals alone.
// Memory: the closeSessions' path sets are kept for 20k zxids.
import { epochOf, zxidHex } from '../../protocol/zxid.ts';
import { OpCode, opName } from '../../protocol/server/txn.ts';
import type { DeliveredOp } from '../../protocol/trace.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { hexSession } from './replicas.ts';

const READS: ReadonlySet<number> = new Set([
  OpCode.exists,
  OpCode.getData,
  OpCode.getACL,
  OpCode.getChildren,
  OpCode.getChildren2,
]);

interface Gone {
  zxid: number;
  owner: bigint;
}

/** How a violation's message begins (formatted only then: the checker runs on every txn). */
const deliveredAt = (ev: EventOf<'zab.deliver'>): string => `${ev.n} delivered ${zxidHex(ev.zxid)}:`;

export class SessionChecker implements Checker {
  readonly name = 'session';
  readonly kinds = ['zab.deliver', 'client.return', 'zab.propose'] as const;
  /** Proposed zxids not yet delivered, ascending, with what the leader proposed there. */
  private readonly proposals: { zxid: number; type: number; session: bigint | undefined }[] = [];
  private proposalHead = 0;
  /** Ephemerals a gap may have removed: rule 2 does not count them. */
  private readonly uncertain = new Set<string>();
  /** The highest zxid applied to the model, and every zxid applied below it that came late. */
  private done = 0;
  private readonly applied = new Set<number>();
  /** path → the highest zxid that touched it in the model (a late txn below it leaves the path alone). */
  private readonly touched = new Map<string, number>();
  /** closeSession zxid → its session and the ephemerals its first delivery removed (rule 5). */
  private readonly closes = new Map<number, { session: bigint; paths: string[] }>();
  /** session → zxid of its closeSession. */
  private readonly closed = new Map<bigint, number>();
  /** live ephemeral path → owner, and owner → its paths. */
  private readonly owner = new Map<string, bigint>();
  private readonly bySession = new Map<bigint, Set<string>>();
  /** Ephemerals removed by a closeSession, not created again since. */
  private readonly gone = new Map<string, Gone>();

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'zab.propose') {
      const last = this.proposals.at(-1);
      if (ev.type !== undefined && ev.zxid > (last?.zxid ?? this.done))
        this.proposals.push({ zxid: ev.zxid, type: ev.type, session: ev.session });
      return;
    }
    if (ev.k === 'zab.deliver') {
      const zxid = ev.zxid;
      if (zxid <= this.done && (this.applied.has(zxid) || zxid === this.done || zxid < this.floor)) {
        if (ev.type === OpCode.closeSession) this.againClose(world, ev);
        return;
      }
      this.late = zxid < this.done;
      if (!this.late) this.fillGap(zxid);
      if (this.late) this.applied.add(zxid);
      else {
        this.done = zxid;
        this.applied.add(zxid);
      }
      if (this.applied.size > 20_000) this.trim();
      const op: DeliveredOp = { type: ev.type };
      if (ev.path !== undefined) op.path = ev.path;
      if (ev.ephemeralOwner !== undefined) op.ephemeralOwner = ev.ephemeralOwner;
      if (op.type === OpCode.multi) for (const sub of ev.ops ?? []) this.apply(world, ev, sub);
      else this.apply(world, ev, op);
    } else if (ev.k === 'client.return' && ev.rc === 0 && READS.has(ev.op)) {
      const zxid = ev.zxid;
      // A read of a state past every delivery (a txn fast-forwarded into a new epoch's history and
      // never delivered before it: recipe-registry seed 708, a provider's re-create) fills the
      // gap up to the state it read first.
      if (zxid > this.done) this.fillGap(zxid + 1);
      const g = this.gone.get(ev.path);
      if (g && zxid >= g.zxid)
        world.violate(
          this.name,
          `${ev.n} session ${hexSession(ev.session)} read ${ev.path} (${opName[ev.op]} OK at ${zxidHex(zxid)}), an ephemeral of session ${hexSession(g.owner)} removed by its closeSession at ${zxidHex(g.zxid)}`,
          ev.i,
        );
    }
  }

  /** The proposals below `zxid` that nobody delivered (see the header): what they may have done. */
  private fillGap(zxid: number): void {
    const q = this.proposals;
    while (this.proposalHead < q.length && q[this.proposalHead]!.zxid <= zxid) {
      const g = q[this.proposalHead++]!;
      if (g.zxid === zxid || g.zxid <= this.done || this.applied.has(g.zxid)) continue;
      const committed = epochOf(g.zxid) === epochOf(zxid);
      if (g.type === OpCode.closeSession && g.session !== undefined) {
        const mine = this.bySession.get(g.session) ?? new Set<string>();
        if (committed) {
          for (const p of mine) {
            this.owner.delete(p);
            // an uncertain one may have gone before the close (an earlier gap delete): not known gone
            if (!this.uncertain.delete(p)) this.gone.set(p, { zxid: g.zxid, owner: g.session });
          }
          this.bySession.delete(g.session);
          this.closed.set(g.session, g.zxid);
        } else for (const p of mine) this.uncertain.add(p);
      } else if (g.type === OpCode.createSession && g.session !== undefined && committed) {
        this.closed.delete(g.session);
      }
      if (g.type === OpCode.delete || g.type === OpCode.deleteContainer || g.type === OpCode.multi)
        for (const p of this.owner.keys()) this.uncertain.add(p);
      if (
        g.type === OpCode.multi ||
        g.type === OpCode.create ||
        g.type === OpCode.create2 ||
        g.type === OpCode.createContainer ||
        g.type === OpCode.createTTL
      )
        this.gone.clear();
    }
    if (this.proposalHead > 1024) {
      q.splice(0, this.proposalHead);
      this.proposalHead = 0;
    }
  }

  /** Below this, zxids are no longer remembered (trim): a delivery there is taken as seen. */
  private floor = 0;
  /** The txn being applied came below the highest applied. */
  private late = false;

  private trim(): void {
    const keep = [...this.applied].sort((a, b) => a - b).slice(-10_000);
    this.floor = keep[0]!;
    this.applied.clear();
    for (const z of keep) this.applied.add(z);
    for (const z of [...this.closes.keys()]) if (z < this.floor) this.closes.delete(z);
  }

  /** Rule 5: another server's apply of a closeSession already applied removes what the first removed. */
  private againClose(world: World, ev: EventOf<'zab.deliver'>): void {
    const first = this.closes.get(ev.zxid);
    const paths = ev.paths;
    if (!first || !paths || first.session !== ev.session) return;
    const left = first.paths.filter((p) => !paths.includes(p));
    if (left.length > 0)
      world.violate(
        this.name,
        `${deliveredAt(ev)} closeSession of ${hexSession(ev.session)} leaves its ephemerals ${left.join(', ')} (the first delivery removed them)`,
        ev.i,
      );
  }

  private apply(world: World, ev: EventOf<'zab.deliver'>, op: DeliveredOp): void {
    const zxid = ev.zxid;
    const session = ev.session;
    const path = op.path;
    if (path !== undefined) {
      // a late txn leaves a path a later one already touched as the later one left it
      if (this.late && (this.touched.get(path) ?? -1) > zxid) return;
      if ((this.touched.get(path) ?? -1) < zxid) this.touched.set(path, zxid);
    }
    switch (op.type) {
      case OpCode.createSession:
        this.closed.delete(session);
        return;
      case OpCode.closeSession: {
        const mine = this.bySession.get(session) ?? new Set<string>();
        // A late closeSession leaves a path a later txn already touched as the later one left it
        // (re-created by another session, say: not this session's ephemeral any more).
        if (this.late) for (const p of [...mine]) if ((this.touched.get(p) ?? -1) > zxid) mine.delete(p);
        const paths = ev.paths;
        const left = paths ? [...mine].filter((p) => !paths.includes(p) && !this.uncertain.has(p)) : [];
        if (left.length > 0)
          world.violate(
            this.name,
            `${deliveredAt(ev)} closeSession of ${hexSession(session)} leaves its ephemerals ${left.join(', ')}`,
            ev.i,
          );
        for (const p of mine) {
          this.owner.delete(p);
          // An uncertain ephemeral this closeSession's tree no longer had (its `paths` leave it
          // out) was deleted before it by a txn the model has not seen delivered: the close did
          // not remove it, so it is not gone — that delete may still be delivered late, below the
          // close (a leader fast-forwards its logged delete, SNAPs it to a second server, a third
          // gets it by DIFF after the close: the 3-server clean sweep's seeds 1174 and 1962).
          if (this.uncertain.delete(p) && paths && !paths.includes(p)) continue;
          this.gone.set(p, { zxid, owner: session });
        }
        this.closes.set(zxid, { session, paths: paths ? [...mine].filter((p) => paths.includes(p)) : [...mine] });
        this.bySession.delete(session);
        this.closed.set(session, zxid);
        return;
      }
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
      case OpCode.createTTL: {
        if (path === undefined) return;
        this.gone.delete(path);
        this.uncertain.delete(path);
        // A create succeeds only on an absent path: an ephemeral the model still has there was
        // deleted by a txn it never saw (a gap's delete, which only made it uncertain), so it is
        // no longer its old owner's.
        const prev = this.owner.get(path);
        if (prev !== undefined) {
          this.owner.delete(path);
          this.bySession.get(prev)?.delete(path);
        }
        const o = op.ephemeralOwner;
        if (o === undefined) return;
        const closedAt = this.closed.get(o);
        // A late create below its session's closeSession (a DIFF that fills a gap after the close
        // was applied: the 5-server clean sweep's seed 1528) came before the close in zxid order:
        // the close removed it, no violation, and the model keeps it as gone.
        if (closedAt !== undefined && closedAt > ev.zxid) return;
        if (closedAt !== undefined)
          world.violate(
            this.name,
            `${deliveredAt(ev)} ephemeral ${path} created for session ${hexSession(o)}, closed at ${zxidHex(closedAt)}`,
            ev.i,
          );
        const before = this.owner.get(path);
        if (before !== undefined && before !== o) this.bySession.get(before)?.delete(path);
        this.owner.set(path, o);
        let set = this.bySession.get(o);
        if (!set) this.bySession.set(o, (set = new Set()));
        set.add(path);
        return;
      }
      case OpCode.delete:
      case OpCode.deleteContainer:
      case OpCode.setData:
      case OpCode.setACL: {
        if (path === undefined) return;
        const g = this.gone.get(path);
        if (g)
          world.violate(
            this.name,
            `${deliveredAt(ev)} ${opName[op.type]} ${path}, an ephemeral of session ${hexSession(g.owner)} removed by its closeSession at ${zxidHex(g.zxid)}`,
            ev.i,
          );
        if (op.type === OpCode.delete || op.type === OpCode.deleteContainer) {
          const o = this.owner.get(path);
          if (o !== undefined) {
            this.owner.delete(path);
            this.uncertain.delete(path);
            this.bySession.get(o)?.delete(path);
          }
        }
        return;
      }
    }
  }
}
