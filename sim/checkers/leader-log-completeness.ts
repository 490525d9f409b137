// leader-log-completeness (Remix's leader log completeness; Zab's "the new leader's history
// contains every committed txn"): when a server is established as the leader of epoch e
// (zab.established), its history holds every txn committed before: every zxid delivered by any
// server, committed by a leader, or in the history of an earlier established leader.
// Genesis txns (the starting disks) are exempt. What it owes is what was committed in epochs
// up to its own: a leader of an older epoch can still be established after a newer one was
// (a pause held it in Leader.waitForNewLeaderAck while the NEWLEADER acks of its quorum waited
// in its sockets; its LearnerHandlers read them on resume, before its own wait timed out, and
// Java's threads may run in that order), and the txns of that newer epoch are not its history.
// Such a stale leader commits nothing: its followers have accepted the newer epoch and left.
import { makeZxid, zxidHex } from '../../protocol/zxid.ts';
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
    const end = makeZxid(c.epoch + 1, 0);
    const missing = this.m.committed.filter((z) => z < end && !this.m.holds(c.r, z));
    if (missing.length === 0) return;
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    world.violate(
      this.name,
      `${c.r.node} established as leader of epoch ${c.epoch} without committed ${zxidHex(missing[0]!)}${more}; its history ends at ${zxidHex(c.r.tip)}`,
      ev.i,
    );
  }
}
