// global-primary-order (the TLA+ spec's GlobalPrimaryOrder: a server that delivers a of epoch
// e and b of epoch e' > e delivers a before b): along each server's delivered sequence the
// txns' epochs never decrease. A txn's epoch is that of the leader that proposed it
// (zab.propose), or the epoch in its zxid if the trace never showed it proposed. The sequence
// restarts at a reset (restart, reload, TRUNC, SNAP) from the epoch of the new last txn; an
// established leader's history ends at its last txn.
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas } from './replicas.ts';

export class GlobalPrimaryOrderChecker implements Checker {
  readonly name = 'global-primary-order';
  readonly kinds = REPLICA_KINDS;
  /** server → the txn of the highest epoch in its sequence. */
  private readonly top = new Map<string, { zxid: number; epoch: number }>();

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    if (c.k === 'reset' || c.k === 'established') {
      this.top.set(c.r.node, { zxid: c.r.tip, epoch: this.m.epochOfTxn(c.r.tip) });
      return;
    }
    if (c.k !== 'deliver') return;
    const epoch = this.m.epochOfTxn(c.zxid);
    const top = this.top.get(c.r.node);
    if (top && epoch < top.epoch) {
      world.violate(
        this.name,
        `${c.r.node} delivered ${zxidHex(c.zxid)} of epoch ${epoch} after ${zxidHex(top.zxid)} of epoch ${top.epoch}`,
        ev.i,
      );
      return;
    }
    if (!top || epoch > top.epoch) this.top.set(c.r.node, { zxid: c.zxid, epoch });
  }
}
