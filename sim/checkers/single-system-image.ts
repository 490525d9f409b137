// single-system-image: a client never sees an older state of the service than one it has seen,
// whichever server it is connected to (Programmer's Guide, "ZooKeeper consistency
// guarantees": Single System Image). Judged on what the client observed: every reply a
// session gets carries the zxid of the state the server answered from (the reply header's
// zxid: the server's last processed zxid), and the data it read carries its version.
// 3.8 keeps the promise across reconnects by refusing a session whose last seen zxid is ahead
// of the server's ("Refusing session request for client ... as it has seen zxid ..."); the
// client sends the highest reply zxid it has seen. Checked, per session:
// 1. the zxids of its replies never go down: a reply below the highest one the session has
//    seen means it was answered from an older state;
// 2. a read never returns an older version of a node than a read of the session returned
//    before, nor NoNode for it, unless the node may have been deleted (and created again) between the two states
//    the reads came from: a node's version only goes back through a delete. Between the two
//    replies' zxids (z1, z2], a delete of that path delivered by any server, or a txn that may
//    delete it and whose paths no delivery has shown (a delete-capable proposal — delete,
//    deleteContainer, multi, closeSession — applied only by a SNAP or fastForwardDataBase is
//    never delivered), explains it. Without either, the server at z2 lacks a committed change
//    the client saw: an older state behind a newer zxid (a replica that skipped txns, as the
//    data-inconsistency JIRAs leave one).
// Replies without a zxid (<= 0: the client failed the call itself) say nothing.
import { Code } from '../../protocol/errors.ts';
import { OpCode, opName } from '../../protocol/server/txn.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { hexSession } from './replicas.ts';

interface Seen {
  /** The highest reply zxid, and which reply brought it. */
  zxid: number;
  by: string;
  /** path → the version a read returned and the reply zxid it came with. */
  versions: Map<string, { version: number; zxid: number; unstamped?: boolean }>;
}

/** Txn types that may delete a node: delete, deleteContainer (containers and TTL), multi, closeSession. */
const MAY_DELETE: ReadonlySet<number> = new Set([
  OpCode.delete,
  OpCode.deleteContainer,
  OpCode.multi,
  OpCode.closeSession,
]);

export class SingleSystemImageChecker implements Checker {
  readonly name = 'single-system-image';
  readonly kinds = ['zab.propose', 'zab.deliver', 'client.expired', 'client.return'] as const;
  private readonly seen = new Map<bigint, Seen>();
  /** path → zxids of deliveries (any server) that deleted it. */
  private readonly deletes = new Map<string, number[]>();
  /** zxids of delete-capable proposals, and those of them some server delivered (paths known). */
  private readonly mayDelete: number[] = [];
  private readonly delivered = new Set<number>();

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'zab.propose') {
      if (ev.type !== undefined && MAY_DELETE.has(ev.type)) this.mayDelete.push(ev.zxid);
      return;
    }
    if (ev.k === 'zab.deliver') {
      if (MAY_DELETE.has(ev.type)) this.noteDeletes(ev);
      return;
    }
    if (ev.k === 'client.expired') {
      this.seen.delete(ev.session);
      return;
    }
    if (ev.k !== 'client.return') return;
    let s = this.seen.get(ev.session);
    if (!s) this.seen.set(ev.session, (s = { zxid: 0, by: '', versions: new Map() }));
    const what = `${opName[ev.op] ?? ev.op} ${ev.path} (xid ${ev.xid})`;
    const read = ev.op === OpCode.getData || ev.op === OpCode.exists;
    if (ev.zxid <= 0) {
      // A read answered without a zxid (a learner's read under ZOOKEEPER-1412): the state it came
      // from is at least the newest the session had seen — the server took the session with a
      // last zxid no newer than its own, and only moves forward — so the version is kept at that
      // lower bound, which widens the span a delete may explain and never narrows it.
      if (read && ev.rc === 0 && ev.version !== undefined)
        s.versions.set(ev.path, { version: ev.version, zxid: s.zxid, unstamped: true });
      return;
    }
    if (ev.zxid < s.zxid) {
      world.violate(
        this.name,
        `${ev.n} session ${hexSession(ev.session)}: ${what} was answered at ${zxidHex(ev.zxid)}, older than ${zxidHex(s.zxid)} it had seen (${s.by})`,
        ev.i,
      );
      return;
    }
    if (ev.zxid > s.zxid) {
      s.zxid = ev.zxid;
      s.by = what;
    }
    if (!read) return;
    const before = s.versions.get(ev.path);
    if (ev.rc === Code.NONODE && before) {
      if (!this.mayHaveBeenDeleted(ev.path, before.zxid, ev.zxid))
        world.violate(
          this.name,
          `${ev.n} session ${hexSession(ev.session)}: ${what} answered NoNode at ${zxidHex(ev.zxid)}, though it read version ${before.version} at ${at(before)} and no delete of it lies between`,
          ev.i,
        );
      s.versions.delete(ev.path);
      return;
    }
    if (ev.rc !== 0 || ev.version === undefined) return;
    if (before && ev.version < before.version && !this.mayHaveBeenDeleted(ev.path, before.zxid, ev.zxid))
      world.violate(
        this.name,
        `${ev.n} session ${hexSession(ev.session)}: ${what} returned version ${ev.version} at ${zxidHex(ev.zxid)}, older than the version ${before.version} it read at ${at(before)}`,
        ev.i,
      );
    s.versions.set(ev.path, { version: ev.version, zxid: ev.zxid });
  }

  /** DataTree.processTxn's deletes of one delivered txn: its path, a multi's deletes, a close's ephemerals. */
  private noteDeletes(ev: Extract<TraceEvent, { k: 'zab.deliver' }>): void {
    if (this.delivered.has(ev.zxid)) return;
    this.delivered.add(ev.zxid);
    const add = (path: string | undefined) => {
      if (path === undefined) return;
      const l = this.deletes.get(path);
      if (l) l.push(ev.zxid);
      else this.deletes.set(path, [ev.zxid]);
    };
    if (ev.type === OpCode.delete || ev.type === OpCode.deleteContainer) add(ev.path);
    for (const p of ev.paths ?? []) add(p);
    for (const o of ev.ops ?? []) if (o.type === OpCode.delete || o.type === OpCode.deleteContainer) add(o.path);
  }

  /** Could the state at z2 have deleted (and re-created) path since the state at z1? */
  private mayHaveBeenDeleted(path: string, z1: number, z2: number): boolean {
    if (z2 <= z1) return false;
    const within = (z: number) => z > z1 && z <= z2;
    if (this.deletes.get(path)?.some(within)) return true;
    return this.mayDelete.some((z) => within(z) && !this.delivered.has(z));
  }
}

/** Where a read's state was: its reply zxid, or for a reply without one the bound it is kept at. */
function at(r: { zxid: number; unstamped?: boolean }): string {
  return r.unstamped ? `a state at or after ${zxidHex(r.zxid)} (its reply had no zxid)` : zxidHex(r.zxid);
}
