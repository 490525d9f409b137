// digest: 3.8's data-tree digest check (ZOOKEEPER-3114, zookeeper.digest.enabled). Every
// server's DataTree keeps the sum of its nodes' DigestCalculator digests
// (protocol/datatree/DigestCalculator.ts) and puts it on the zab.deliver of every txn it
// applies; 3.8 compares it with the digest the leader sent with the txn (DataTree.compareDigest).
// Here the checker compares every server's digest at a zxid with the first one seen at that zxid
// on any server: replicas that apply the same committed txns and end up with different data,
// versions, stats or ephemerals are caught at the first txn after which their trees differ.
// The report names the zxid, the txn (type, path) and both servers' digests; the first differing
// znode is not on the trace (the trace carries the tree's digest, not every node's).
// A server that differs is reported once (every later zxid would differ too).
// Memory: a zxid's entry is dropped once every server has applied it, and the map is
// capped (oldest entries dropped first), so a long run keeps a bounded window.
import { opName } from '../../protocol/server/txn.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker, World } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';

interface Seen {
  digest: number;
  node: string;
  /** How many servers applied this zxid (entry dropped when all known servers did). */
  count: number;
}

const CAP = 20_000;

export const digestHex = (d: number): string => `0x${d.toString(16)}`;

export class DigestChecker implements Checker {
  readonly name = 'digest';
  readonly kinds = ['zab.deliver'] as const;
  private readonly byZxid = new Map<number, Seen>();
  private readonly servers: number;
  private readonly reported = new Set<string>();

  /** servers: how many servers apply txns (voters and observers); 0: never drop an entry early. */
  constructor(servers = 0) {
    this.servers = servers;
  }

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k !== 'zab.deliver' || ev.n === undefined || ev.digest === undefined) return;
    const n = ev.n;
    const seen = this.byZxid.get(ev.zxid);
    if (seen === undefined) {
      this.byZxid.set(ev.zxid, { digest: ev.digest, node: n, count: 1 });
      if (this.byZxid.size > CAP) {
        const oldest = this.byZxid.keys().next().value;
        if (oldest !== undefined) this.byZxid.delete(oldest);
      }
      return;
    }
    if (seen.digest !== ev.digest && !this.reported.has(n)) {
      this.reported.add(n);
      const txn = `${opName[ev.type] ?? ev.type}${ev.path === undefined ? '' : ` ${ev.path}`}`;
      world.violate(
        this.name,
        `${n}'s data tree digest after ${zxidHex(ev.zxid)} (${txn}) is ${digestHex(ev.digest)}, but ${seen.node}'s after the same zxid is ${digestHex(seen.digest)}: the replicas applied the same txns to different trees`,
        ev.i,
      );
    }
    if (++seen.count >= this.servers && this.servers > 0) this.byZxid.delete(ev.zxid);
  }
}
