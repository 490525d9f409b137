// leadership (before Zab establishes leaders): every election decision rests on a real quorum.
// - A server decides (LEADING, FOLLOWING, OBSERVING) only on the votes of a quorum of voters.
// - Every vote it counted for a leader in a round was really cast: the voter proposed that
//   leader in that round (its first vote, or a change of vote, as the trace shows them), or
//   had settled on it in that round (FastLeaderElection counts a FOLLOWING/LEADING
//   notification of the same round alongside LOOKING ones, as 3.8 does).
// Two servers may still decide to lead one round (a vote can change during finalizeWait), but
// never on disjoint quorums: with honest counting the quorums intersect in a server that
// proposed both.
// And once Zab establishes leaders (zab.established, a quorum acked NEWLEADER):
// - at most one server is established as the leader of any epoch (the TLA+ spec's
//   Leadership2: Cardinality(epochLeader[e]) <= 1);
// - it is established on the NEWLEADER acks of a quorum of voters;
// - while it waits for that quorum, every learner's ACK of NEWLEADER is counted: the first
//   packet a LearnerHandler reads after NEWLEADER (LearnerHandler.run) is the learner's ACK of
//   NEWLEADER, not an ACK of a proposal it was synced — Zab's order (the follower acks the new
//   leader's history as a whole before anything in it). Leader.waitForNewLeaderAck takes the
//   other for the NEWLEADER ACK and drops it ("from a different epoch"), so a leader that
//   needed it gives up after initLimit ticks (ZOOKEEPER-4685, 3.8.0–3.8.4).
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';

export class LeadershipChecker implements Checker {
  readonly name = 'leadership';
  readonly kinds = ['fle.start', 'fle.vote', 'fle.decide', 'zab.established', 'zab.learner-handler-error'] as const;
  /** "sid:round" → the leaders that server proposed in that round. */
  private readonly proposed = new Map<string, Set<number>>();
  private readonly voters: Set<number>;
  /** epoch → the server established as its leader. */
  private readonly established = new Map<number, string>();

  constructor(voters: readonly number[]) {
    this.voters = new Set(voters);
  }

  private isQuorum(acks: readonly number[]): boolean {
    return acks.filter((a) => this.voters.has(a)).length > Math.floor(this.voters.size / 2);
  }

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'fle.start' || ev.k === 'fle.vote') {
      const key = `${ev.n.slice(1)}:${ev.round}`;
      let set = this.proposed.get(key);
      if (!set) this.proposed.set(key, (set = new Set()));
      set.add(ev.leader);
      return;
    }
    if (ev.k === 'zab.established') return this.onEstablished(ev, world);
    if (ev.k === 'zab.learner-handler-error') {
      const m =
        /^NEWLEADER ACK from sid: (\d+) is from a different epoch - current (0x[0-9a-f]+) received (0x[0-9a-f]+)$/.exec(
          ev.message,
        );
      if (m)
        world.violate(
          this.name,
          `${ev.n} took an ACK of ${m[3]} from s${m[1]} for its ACK of NEWLEADER ${m[2]} (the first packet after NEWLEADER) and did not count it: s${m[1]} acked a synced proposal before the new leader`,
          ev.i,
        );
      return;
    }
    if (ev.k !== 'fle.decide') return;
    const acks = ev.acks;
    const settledKey = `${ev.n.slice(1)}:${ev.round}`;
    let settled = this.proposed.get(settledKey);
    if (!settled) this.proposed.set(settledKey, (settled = new Set()));
    settled.add(ev.leader);
    if (!this.isQuorum(acks)) {
      world.violate(
        this.name,
        `${ev.n} decided ${ev.state} for leader ${ev.leader} in round ${ev.round} on votes of [${acks.join(',')}], not a quorum of [${[...this.voters].join(',')}]`,
        ev.i,
      );
      return;
    }
    if (ev.joined) return; // counted FOLLOWING/LEADING notifications of settled servers
    // An observer counts the answers voters send a non-voter: their current (last decided)
    // vote stamped with their current round — not a proposal of that round.
    if (!this.voters.has(Number(ev.n.slice(1)))) return;
    for (const sid of acks) {
      if (!this.proposed.get(`${sid}:${ev.round}`)?.has(ev.leader)) {
        world.violate(
          this.name,
          `${ev.n} counted a vote of server ${sid} for ${ev.leader} in round ${ev.round}, but server ${sid} never proposed ${ev.leader} in that round`,
          ev.i,
        );
        return;
      }
    }
  }

  private onEstablished(ev: EventOf<'zab.established'>, world: World): void {
    const epoch = ev.epoch;
    const acks = ev.acks;
    if (!this.isQuorum(acks))
      world.violate(
        this.name,
        `${ev.n} established as leader of epoch ${epoch} on NEWLEADER acks of [${acks.join(',')}], not a quorum of [${[...this.voters].join(',')}]`,
        ev.i,
      );
    const other = this.established.get(epoch);
    if (other === undefined) this.established.set(epoch, ev.n);
    else if (other !== ev.n)
      world.violate(this.name, `${ev.n} established as leader of epoch ${epoch}, which ${other} already leads`, ev.i);
  }
}
