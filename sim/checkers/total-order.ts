// total-order (the TLA+ spec's TotalOrder: if some server delivers a before b, any server that
// delivers b delivers a before b — here, the order part; that it has a at all is
// prefix-consistency's): every txn is ranked when first delivered by any server (a leader
// delivers its whole history, in zxid order, when it is established); each server must
// deliver in increasing rank. A server's reference point after a reset (restart, reload,
// TRUNC, SNAP) is the rank of its new last txn, if ranked.
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas } from './replicas.ts';

export class TotalOrderChecker implements Checker {
  readonly name = 'total-order';
  readonly kinds = REPLICA_KINDS;
  private readonly rank = new Map<number, number>();
  /** rank → [zxid, the server that delivered it first]. */
  private readonly first: [number, string][] = [];
  /** server → rank of the last txn it delivered. */
  private readonly last = new Map<string, number | undefined>();

  constructor(private readonly m: Replicas = new Replicas()) {}

  private rankOf(zxid: number, node: string): number {
    let r = this.rank.get(zxid);
    if (r === undefined) {
      r = this.first.length;
      this.rank.set(zxid, r);
      this.first.push([zxid, node]);
    }
    return r;
  }

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    if (c.k === 'deliver' && c.zxid > this.m.genesis) {
      const node = c.r.node;
      const r = this.rankOf(c.zxid, node);
      const prev = this.last.get(node);
      if (prev !== undefined && r < prev) {
        const pz = this.first[prev]![0];
        const by = this.first[r]![1];
        world.violate(
          this.name,
          `${node} delivered ${zxidHex(c.zxid)} after ${zxidHex(pz)}, but ${by} delivered ${zxidHex(c.zxid)} before anyone delivered ${zxidHex(pz)}`,
          ev.i,
        );
      }
      this.last.set(node, r); // go on from here: one inversion, one report
    } else if (c.k === 'established') {
      for (const z of c.r.held) this.rankOf(z, c.r.node);
      this.last.set(c.r.node, this.rank.get(c.r.tip));
    } else if (c.k === 'reset') {
      this.last.set(c.r.node, this.rank.get(c.r.tip));
    }
  }
}
