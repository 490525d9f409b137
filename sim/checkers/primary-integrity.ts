// primary-integrity (the TLA+ spec's PrimaryIntegrity: if the primary p of epoch e broadcasts
// a, and some server delivers b of an epoch < e, then p delivered b before broadcasting a):
// 1. when the leader of epoch e first proposes (zab.propose), its history holds every txn of
//    an earlier epoch committed so far (committed: delivered anywhere, committed by a leader,
//    or in an established leader's history);
// 2. no txn of an epoch below the latest epoch whose leader has broadcast is committed for the
//    first time afterwards: that leader's history did not have it (everything it had became
//    committed when it was established).
import { epochOf, makeZxid, zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, lowerBound, newlyCommitted } from './replicas.ts';

export class PrimaryIntegrityChecker implements Checker {
  readonly name = 'primary-integrity';
  readonly kinds = REPLICA_KINDS;
  /** The latest epoch whose leader broadcast, and that leader. */
  private latest: { epoch: number; node: string } | undefined;

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    if (c.k === 'propose') {
      const e = c.p.epoch;
      if (this.latest && this.latest.epoch >= e) return;
      this.latest = { epoch: e, node: c.r.node };
      const committed = this.m.committed;
      const end = lowerBound(committed, makeZxid(e, 0));
      for (let i = 0; i < end; i++) {
        const b = committed[i]!;
        if (!this.m.holds(c.r, b)) {
          world.violate(
            this.name,
            `${c.r.node} broadcast ${zxidHex(c.p.zxid)} as leader of epoch ${e} without ${zxidHex(b)}, committed in epoch ${epochOf(b)}`,
            ev.i,
          );
          return;
        }
      }
      return;
    }
    if (!this.latest) return;
    for (const b of newlyCommitted(c)) {
      if (epochOf(b) < this.latest.epoch) {
        world.violate(
          this.name,
          `${zxidHex(b)} of epoch ${epochOf(b)} committed after ${this.latest.node} broadcast as leader of epoch ${this.latest.epoch} without it`,
          ev.i,
        );
        return;
      }
    }
  }
}
