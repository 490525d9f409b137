// agreement (the TLA+ spec's Agreement: if some server delivers a and another delivers b, then
// the second delivers a or the first delivers b), over the servers serving in broadcast at the
// same time (synced: an established leader, a learner past zab.uptodate, until it crashes or
// changes role), each with its history (its data tree's txns). Checked whenever a synced
// server s delivers a txn a, or becomes synced with a last txn a, against every other synced
// server o:
// - if o is at or past a, o has a;
// - otherwise (o is behind), s has o's last txn.
// With histories gap-free in zxid order this is "of any two, one is a prefix of the other",
// compared pairwise and directly (prefix-consistency compares each with the committed sequence).
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, type Replica } from './replicas.ts';

export class AgreementChecker implements Checker {
  readonly name = 'agreement';
  readonly kinds = REPLICA_KINDS;

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    let s: Replica;
    let a: number;
    if (c.k === 'deliver' && c.r.synced) [s, a] = [c.r, c.zxid];
    else if (c.k === 'uptodate' || c.k === 'established') [s, a] = [c.r, c.r.tip];
    else return;
    if (a <= this.m.genesis) return;
    for (const o of this.m.replicas.values()) {
      if (o === s || !o.up || !o.synced) continue;
      if (o.tip >= a) {
        if (!this.m.holds(o, a)) {
          world.violate(
            this.name,
            `${s.node} delivered ${zxidHex(a)}, which ${o.node} lacks though it is at ${zxidHex(o.tip)}`,
            ev.i,
          );
          return;
        }
      } else if (!this.m.holds(s, o.tip)) {
        world.violate(
          this.name,
          `${o.node} delivered ${zxidHex(o.tip)}, which ${s.node} lacks though it is at ${zxidHex(a)}`,
          ev.i,
        );
        return;
      }
    }
  }
}
