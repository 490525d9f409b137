// integrity (the TLA+ spec's Integrity: if some server delivers a txn, some primary broadcast
// it): every txn a server delivers (zab.deliver), and every txn in a leader's history when it
// is established (which it thereby delivers), was proposed (zab.propose) by the established
// leader of the epoch in its zxid; and when both events carry them, the delivered txn's type,
// session and cxid are the proposed ones. Genesis txns (the starting disks) are exempt.
import { epochOf, zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, hexSession } from './replicas.ts';

export class IntegrityChecker implements Checker {
  readonly name = 'integrity';
  readonly kinds = REPLICA_KINDS;

  constructor(private readonly m: Replicas = new Replicas()) {}

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    if (c.k === 'deliver' && ev.k === 'zab.deliver' && c.zxid > this.m.genesis) {
      const problem = this.proposed(c.zxid) ?? this.sameTxn(ev);
      if (problem) world.violate(this.name, `${c.r.node} delivered ${zxidHex(c.zxid)}, ${problem}`, ev.i);
    } else if (c.k === 'established') {
      for (const z of c.r.held) {
        const problem = this.proposed(z);
        if (problem) {
          world.violate(
            this.name,
            `${c.r.node} established as leader of epoch ${c.epoch} holding ${zxidHex(z)}, ${problem}`,
            ev.i,
          );
          return;
        }
      }
    }
  }

  private proposed(zxid: number): string | undefined {
    const p = this.m.proposals.get(zxid);
    if (!p) return 'which no leader proposed';
    if (p.epoch !== epochOf(zxid)) return `which ${p.by} proposed in epoch ${p.epoch}, not in the epoch of its zxid`;
    const leader = this.m.leaders.get(p.epoch);
    if (leader !== p.by)
      return `which ${p.by} proposed in epoch ${p.epoch} without being its established leader${leader ? ` (${leader} is)` : ''}`;
    return undefined;
  }

  private sameTxn(ev: EventOf<'zab.deliver'>): string | undefined {
    const p = this.m.proposals.get(ev.zxid)!;
    const diff: string[] = [];
    if (p.type !== undefined && p.type !== ev.type) diff.push(`type ${ev.type} (proposed ${p.type})`);
    if (p.session !== undefined && p.session !== ev.session)
      diff.push(`session ${hexSession(ev.session)} (proposed ${hexSession(p.session)})`);
    if (p.cxid !== undefined && ev.cxid !== undefined && p.cxid !== ev.cxid)
      diff.push(`cxid ${ev.cxid} (proposed ${p.cxid})`);
    return diff.length > 0 ? `but not the txn ${p.by} proposed: ${diff.join(', ')}` : undefined;
  }
}
