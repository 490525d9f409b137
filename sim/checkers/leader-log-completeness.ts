// leader-log-completeness (Remix's leader log completeness; Zab's "the new leader's history
// contains every committed txn"): when a server is established as the leader of epoch e
// (zab.established), its history holds every txn committed before: every zxid delivered by any
// server, committed by a leader, or in the history of an earlier established leader.
// Genesis txns (the starting disks) are exempt.
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas } from './replicas.ts';

export class LeaderLogCompletenessChecker implements Checker {
  readonly name = 'leader-log-completeness';
  readonly kinds = REPLICA_KINDS;

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    if (c.k !== 'established') return;
    // The model already added the leader's history to the committed sequence: what is
    // committed and not in it was committed before.
    const missing = this.m.committed.filter((z) => !this.m.holds(c.r, z));
    if (missing.length === 0) return;
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    world.violate(
      this.name,
      `${c.r.node} established as leader of epoch ${c.epoch} without committed ${zxidHex(missing[0]!)}${more}; its history ends at ${zxidHex(c.r.tip)}`,
      ev.i,
    );
  }
}
