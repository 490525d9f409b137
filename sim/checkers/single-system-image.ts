// single-system-image: a client never sees an older state of the service than one it has seen,
// whichever server it is connected to (Programmer's Guide, "ZooKeeper consistency
// guarantees": Single System Image). Judged only on what the client observed: every reply a
// session gets carries the zxid of the state the server answered from (the reply header's
// zxid: the server's last processed zxid), and the data it read carries its version.
// 3.8 keeps the promise across reconnects by refusing a session whose last seen zxid is ahead
// of the server's ("Refusing session request for client ... as it has seen zxid ..."); the
// client sends the highest reply zxid it has seen. Checked, per session:
// 1. the zxids of its replies never go down: a reply below the highest one the session has
//    seen means it was answered from an older state;
// 2. a read never returns an older version of a node than a read of the session returned
//    before, unless a state it saw since (a later reply zxid) may have deleted the node: the
//    version only goes back through a delete and a create, which the zxids then show.
// Replies without a zxid (<= 0: the client failed the call itself) say nothing.
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
  versions: Map<string, { version: number; zxid: number }>;
}

export class SingleSystemImageChecker implements Checker {
  readonly name = 'single-system-image';
  private readonly seen = new Map<bigint, Seen>();

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'client.expired') {
      this.seen.delete(ev.session);
      return;
    }
    if (ev.k !== 'client.return' || ev.zxid <= 0) return;
    let s = this.seen.get(ev.session);
    if (!s) this.seen.set(ev.session, (s = { zxid: 0, by: '', versions: new Map() }));
    const what = `${opName[ev.op] ?? ev.op} ${ev.path} (xid ${ev.xid})`;
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
    const read = ev.op === OpCode.getData || ev.op === OpCode.exists;
    if (!read || ev.rc !== 0 || ev.version === undefined) return;
    const before = s.versions.get(ev.path);
    if (before && ev.version < before.version && ev.zxid <= before.zxid)
      world.violate(
        this.name,
        `${ev.n} session ${hexSession(ev.session)}: ${what} returned version ${ev.version} at ${zxidHex(ev.zxid)}, older than the version ${before.version} it read at ${zxidHex(before.zxid)}`,
        ev.i,
      );
    s.versions.set(ev.path, { version: ev.version, zxid: ev.zxid });
  }
}
