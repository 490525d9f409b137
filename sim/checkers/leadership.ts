// leadership: a server may only decide (lead, follow, observe) on a quorum of votes, and no two
// servers may decide to lead in the same election round on disjoint quorums. (Once Zab
// establishes leaders, this grows into "at most one established leader per epoch".)
import type { Checker } from '../checker.ts';
import type { TraceEvent } from '../trace.ts';
import type { World } from '../world.ts';

export class LeadershipChecker implements Checker {
  readonly name = 'leadership';
  /** round → leaders that decided to lead in it, with the quorum they counted. */
  private readonly leaders = new Map<number, { node: string; acks: number[] }[]>();
  private readonly voters: Set<number>;

  constructor(voters: readonly number[]) {
    this.voters = new Set(voters);
  }

  private isQuorum(acks: readonly number[]): boolean {
    return acks.filter((a) => this.voters.has(a)).length > Math.floor(this.voters.size / 2);
  }

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k !== 'fle.decide') return;
    const acks = ev.acks as number[];
    if (!this.isQuorum(acks)) {
      world.violate(this.name, `${ev.n} decided ${ev.state} for leader ${ev.leader} in round ${ev.round} on votes of [${acks.join(',')}], not a quorum of [${[...this.voters].join(',')}]`, ev.i);
      return;
    }
    if (ev.state !== 'LEADING') return;
    const round = ev.round as number;
    const prior = this.leaders.get(round) ?? [];
    for (const p of prior) {
      if (p.node === ev.n) continue;
      if (!p.acks.some((a) => acks.includes(a))) {
        world.violate(
          this.name,
          `${ev.n} and ${p.node} both decided to lead round ${round} on disjoint quorums [${acks.join(',')}] and [${p.acks.join(',')}]`,
          ev.i,
        );
      }
    }
    prior.push({ node: ev.n!, acks });
    this.leaders.set(round, prior);
  }
}
