// QuorumMaj and SyncedLearnerTracker: who votes, and when a set of servers is a quorum.
import type { ServerSpec } from '../config/zoocfg.ts';

export class QuorumMaj {
  readonly voters: ReadonlySet<number>;
  readonly observers: ReadonlySet<number>;
  readonly half: number;

  constructor(readonly servers: readonly ServerSpec[]) {
    this.voters = new Set(servers.filter((s) => s.type === 'participant').map((s) => s.id));
    this.observers = new Set(servers.filter((s) => s.type === 'observer').map((s) => s.id));
    this.half = Math.floor(this.voters.size / 2);
  }

  /** 1 for a voting member, 0 for everyone else (observers, unknown ids). */
  weight(sid: number): number {
    return this.voters.has(sid) ? 1 : 0;
  }

  isVoter(sid: number): boolean {
    return this.voters.has(sid);
  }

  /** A strict majority of the voting members. */
  containsQuorum(ackSet: Iterable<number>): boolean {
    let n = 0;
    for (const sid of ackSet) if (this.voters.has(sid)) n++;
    return n > this.half;
  }

  spec(sid: number): ServerSpec | undefined {
    return this.servers.find((s) => s.id === sid);
  }
}

/** Acks counted per verifier (one here; two during a reconfig in the real server). */
export class SyncedLearnerTracker {
  readonly ackset = new Set<number>();
  constructor(readonly qv: QuorumMaj) {}
  addAck(sid: number): void {
    if (this.qv.isVoter(sid)) this.ackset.add(sid);
  }
  hasAllQuorums(): boolean {
    return this.qv.containsQuorum(this.ackset);
  }
  acks(): number[] {
    return [...this.ackset].sort((a, b) => a - b);
  }
}
