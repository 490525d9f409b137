// Proposals no server delivered, and which of them a later epoch's history took in.
// A txn can be committed without any zab.deliver: a leader that proposed it and lost its quorum
// before committing it keeps it in its log, applies it when its role ends
// (ZKDatabase.fastForwardDataBase) or when it loads its database at a restart — neither is a
// delivery — and, elected again, makes it part of the new epoch's initial history, which its
// followers get in a SNAP (or in a DIFF past it, when they logged it too). Zab settles it: the
// first epoch established after the proposal's epoch takes in exactly the txns of the log its
// leader had when it began to lead (zab.lead's lastZxid: Leader.lead after
// QuorumPeer.getLastLoggedZxid) — a proposal of an earlier epoch at or below that zxid is
// committed, one above it is truncated everywhere. Later epochs keep that history, so one
// established epoch decides every proposal pending from the epochs before it.
import { epochOf } from '../../protocol/zxid.ts';

export class UndeliveredProposals<T> {
  /** The proposals not known delivered, in zxid order, each with what its checker keeps of it. */
  private pending: { zxid: number; value: T }[] = [];
  /** Leader node → its last zxid when it began to lead. */
  private readonly leadZxid = new Map<string, number>();

  /** zab.propose of a txn the checker cares about. */
  propose(zxid: number, value: T): void {
    this.pending.push({ zxid, value });
  }

  /** zab.deliver: a delivered proposal is its checker's to judge from the delivery. */
  deliver(zxid: number): void {
    if (this.pending.some((p) => p.zxid === zxid)) this.pending = this.pending.filter((p) => p.zxid !== zxid);
  }

  /** zab.lead on node n. */
  lead(n: string, lastZxid: number): void {
    this.leadZxid.set(n, lastZxid);
  }

  /** zab.established of epoch by leader n: the pending proposals of earlier epochs its history took in. */
  established(n: string, epoch: number): T[] {
    const last = this.leadZxid.get(n);
    if (last === undefined) return [];
    const taken: T[] = [];
    const still: { zxid: number; value: T }[] = [];
    for (const p of this.pending) {
      if (epochOf(p.zxid) >= epoch) still.push(p);
      else if (p.zxid <= last) taken.push(p.value);
    }
    this.pending = still;
    return taken;
  }
}
