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
//    acts on it (until the path is created again);
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
// Memory: the closeSessions' path sets are kept for 20k zxids.
import { zxidHex } from '../../protocol/zxid.ts';
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

/** Txn types that can remove an ephemeral besides closeSession. */
const REMOVING: ReadonlySet<number> = new Set([OpCode.delete, OpCode.deleteContainer, OpCode.multi]);

interface Gone {
  zxid: number;
  owner: bigint;
}

/** How a violation's message begins (formatted only then: the checker runs on every txn). */
const deliveredAt = (ev: EventOf<'zab.deliver'>): string => `${ev.n} delivered ${zxidHex(ev.zxid)}:`;

export class SessionChecker implements Checker {
  readonly name = 'session';
  readonly kinds = ['zab.deliver', 'client.return', 'zab.propose'] as const;
  /**
   * Proposed txns that may remove an ephemeral (delete, deleteContainer, multi) and were not
   * delivered yet, by zxid. One can reach every tree without a delivery: logged by a leader that
   * then went, replayed from its own disk when it came back and led (no zab.deliver for a replay),
   * and sent to the others in a SNAP. While one is below a closeSession, the ephemerals the model
   * has but the closeSession's tree had not may have gone by it: rule 2 does not judge them. (A
   * proposal truncated away stays here: rule 2 is that much more lenient for the rest of the run.)
   */
  private readonly removals = new Map<number, number>();
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
      if (REMOVING.has(ev.type ?? 0)) this.removals.set(ev.zxid, ev.type!);
      return;
    }
    if (ev.k === 'zab.deliver') {
      const zxid = ev.zxid;
      this.removals.delete(zxid);
      if (zxid <= this.done && (this.applied.has(zxid) || zxid === this.done || zxid < this.floor)) {
        if (ev.type === OpCode.closeSession) this.againClose(world, ev);
        return;
      }
      this.late = zxid < this.done;
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
      const g = this.gone.get(ev.path);
      const zxid = ev.zxid;
      if (g && zxid >= g.zxid)
        world.violate(
          this.name,
          `${ev.n} session ${hexSession(ev.session)} read ${ev.path} (${opName[ev.op]} OK at ${zxidHex(zxid)}), an ephemeral of session ${hexSession(g.owner)} removed by its closeSession at ${zxidHex(g.zxid)}`,
          ev.i,
        );
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
        let left = paths ? [...mine].filter((p) => !paths.includes(p)) : [];
        if (left.length > 0 && [...this.removals.keys()].some((z) => z < zxid)) {
          // Maybe removed by a txn that reached the trees undelivered (see removals): gone, unjudged.
          for (const p of left) {
            mine.delete(p);
            this.owner.delete(p);
          }
          left = [];
        }
        if (left.length > 0)
          world.violate(
            this.name,
            `${deliveredAt(ev)} closeSession of ${hexSession(session)} leaves its ephemerals ${left.join(', ')}`,
            ev.i,
          );
        for (const p of mine) {
          this.owner.delete(p);
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
        const o = op.ephemeralOwner;
        if (o === undefined) return;
        const closedAt = this.closed.get(o);
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
            this.bySession.get(o)?.delete(path);
          }
        }
        return;
      }
    }
  }
}
