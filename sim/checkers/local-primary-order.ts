// local-primary-order (the TLA+ spec's LocalPrimaryOrder: if a primary broadcasts a before it
// broadcasts b, a server that delivers b delivers a before b): the proposals of each epoch are
// ordered as the trace shows them (zab.propose); when a server delivers b, it must already
// hold the proposal of b's epoch made just before b (delivered, or in its history from a
// restart, reload, TRUNC or SNAP). By induction it then holds all of that leader's earlier
// proposals. Genesis txns (the starting disks) are exempt.
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas } from './replicas.ts';

export class LocalPrimaryOrderChecker implements Checker {
  readonly name = 'local-primary-order';
  readonly kinds = REPLICA_KINDS;

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    if (c.k !== 'deliver') return;
    const p = this.m.proposals.get(c.zxid);
    if (!p || p.prev === undefined || p.prev <= this.m.genesis) return;
    if (!this.m.holds(c.r, p.prev))
      world.violate(
        this.name,
        `${c.r.node} delivered ${zxidHex(c.zxid)} without ${zxidHex(p.prev)}, which ${p.by} proposed before it in epoch ${p.epoch}`,
        ev.i,
      );
  }
}
