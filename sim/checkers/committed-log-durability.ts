// committed-log-durability (Remix's committed log durability: a committed txn is never lost):
// once a txn is committed, a quorum of voters keeps it on disk. For every committed zxid the
// checker counts the voters whose disk holds it (zab.logged, a leader's ACK of itself, a SNAP,
// what a restart loaded); the count moves with every disk change, and a change that takes a
// committed txn from a quorum to fewer — a TRUNC, a SNAP replacing it, a restart that comes
// back without it — on the voters is a violation. (That it had a quorum when committed is
// quorum-commit's.) Genesis txns (the starting disks) are exempt.
// When the run ends, each voter's disk is loaded as a restart now would (restart-view.ts): the
// txns it replays on top of its snapshot include every committed txn above the snapshot up to
// where it reaches — a disk that skips one would lose it silently on the next restart.
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { REPLICA_KINDS, Replicas, diskChanges, has, newlyCommitted, quorumSize } from './replicas.ts';
import { restartView } from './restart-view.ts';

export class CommittedLogDurabilityChecker implements Checker {
  readonly name = 'committed-log-durability';
  readonly kinds = REPLICA_KINDS;
  private readonly voters: Set<string>;
  private readonly quorum: number;
  /** committed zxid → how many voters have it on disk. */
  private readonly count = new Map<number, number>();

  constructor(
    voters: readonly number[],
    private readonly m: Replicas = new Replicas(),
  ) {
    this.voters = new Set(voters.map((sid) => `s${sid}`));
    this.quorum = quorumSize(voters.length);
  }

  onEvent(ev: TraceEvent, world: World): void {
    const c = this.m.observe(ev);
    for (const z of newlyCommitted(c)) {
      let n = 0;
      for (const v of this.voters) if (has(this.m.rep(v).disk, z)) n++;
      this.count.set(z, n);
    }
    const d = diskChanges(c);
    if (!d || !this.voters.has(d.r.node)) return;
    for (const z of d.gained) {
      const n = this.count.get(z);
      if (n !== undefined) this.count.set(z, n + 1);
    }
    for (const z of d.lost) {
      const n = this.count.get(z);
      if (n === undefined) continue;
      this.count.set(z, n - 1);
      if (n === this.quorum) {
        const how =
          c.k === 'reset' ? { loaded: 'restart', reloaded: 'reload', truncate: 'TRUNC', snap: 'SNAP' }[c.why] : ev.k;
        world.violate(
          this.name,
          `${d.r.node} dropped committed ${zxidHex(z)} from its disk (${how}): now on ${n - 1} voters' disks, fewer than a quorum of ${this.quorum}`,
          ev.i,
        );
      }
    }
  }

  finish(world: World): void {
    for (const v of [...this.voters].sort()) {
      const node = world.nodes.get(v);
      const view = node && restartView(node.disk);
      if (!view) continue;
      const replayed = new Set(view.replayed);
      const missing = this.m.committed.filter(
        (z) => z > this.m.genesis && z > view.snapshotZxid && z <= view.lastZxid && !replayed.has(z),
      );
      if (missing.length === 0) continue;
      world.violate(
        this.name,
        `${v}'s disk would restart without committed ${zxidHex(missing[0]!)}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}: neither its snapshot (${zxidHex(view.snapshotZxid)}) nor its log holds it, though the log goes on to ${zxidHex(view.lastZxid)}`,
        world.trace.count - 1,
      );
    }
  }
}
