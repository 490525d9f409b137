// vote-order: FastLeaderElection's votes follow its total order, (peerEpoch, zxid, myid)
// compared lexicographically (FastLeaderElection.totalOrderPredicate of 3.8). From the trace of
// each server's election (fle.start, fle.vote, fle.decide) alone:
// 1. every vote change within a round (updateProposal on a better notification) moves to a
//    strictly greater (peerEpoch, zxid, leader) than the vote it replaces; a change that comes
//    with a newer round ('newer-round': the vote is reset to the better of the server's own and
//    the notification's) is the server's own vote or strictly greater than it;
// 2. the (peerEpoch, zxid) a vote carries for a proposed leader is one that server announced
//    for itself (its currentEpoch and last logged zxid, in a vote for itself: fle.start, or a
//    newer round's reset to its own vote) — a vote never invents its leader's history. Checked
//    for voters: an observer may take the settled vote a voter answers non-voters with
//    (WorkerReceiver: getCurrentVote(), its peerEpoch moved by updateElectionVote), which is
//    no announcement; voters take votes only from voters' proposals;
// 3. a leader decided on a quorum of LOOKING votes of one round (fle.decide, not joined) has a
//    (peerEpoch, zxid) at least that of every server in the quorum that elected it, as each of
//    them announced itself in that round (a server that announced itself twice in a round,
//    across a restart, is taken at its lower announcement). Checked for voters' decisions: an
//    observer counts the settled votes voters answer it with (see 2), not announcements.
// Observers (NON_VOTER votes) announce nothing. A restart starts a server's rounds afresh.
import { NON_VOTER } from '../../protocol/election/Vote.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import type { Checker } from '../engine/world.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';

interface V {
  leader: number;
  zxid: number;
  peerEpoch: number;
}

/** totalOrderPredicate without the weight: is a strictly greater than b? */
function greater(a: V, b: V): boolean {
  if (a.peerEpoch !== b.peerEpoch) return a.peerEpoch > b.peerEpoch;
  if (a.zxid !== b.zxid) return a.zxid > b.zxid;
  return a.leader > b.leader;
}

function show(v: V): string {
  return `(peerEpoch ${v.peerEpoch}, zxid ${zxidHex(v.zxid)}, leader ${v.leader})`;
}

export class VoteOrderChecker implements Checker {
  readonly name = 'vote-order';
  readonly kinds = ['fle.start', 'fle.vote', 'fle.decide', 'proc'] as const;
  /** Per server: its current vote and round. */
  private readonly current = new Map<string, V & { round: number }>();
  /** Per server: its own vote of its current looking period (what it announces for itself). */
  private readonly own = new Map<string, V>();
  /** Per sid: every (peerEpoch, zxid) it announced for itself, as "epoch:zxid". */
  private readonly announced = new Map<number, Set<string>>();
  /** "sid:round" → the lowest (peerEpoch, zxid) it announced for itself in that round. */
  private readonly ownInRound = new Map<string, V>();

  onEvent(ev: TraceEvent, world: World): void {
    switch (ev.k) {
      case 'fle.start': {
        const v: V = { leader: ev.leader, zxid: ev.zxid, peerEpoch: ev.peerEpoch };
        this.current.set(ev.n, { ...v, round: ev.round });
        if (ev.leader === NON_VOTER) {
          this.own.delete(ev.n);
          return;
        }
        this.own.set(ev.n, v);
        this.announce(ev.n, ev.round, v);
        return;
      }
      case 'fle.vote': {
        const n = ev.n;
        const v: V = { leader: ev.leader, zxid: ev.zxid, peerEpoch: ev.peerEpoch };
        const cur = this.current.get(n);
        const own = this.own.get(n);
        if (ev.because === 'newer-round') {
          if (own && !(greater(v, own) || same(v, own)))
            world.violate(
              this.name,
              `${n} in round ${ev.round} (a newer round, from s${ev.from}) voted ${show(v)}, below its own vote ${show(own)}`,
              ev.i,
            );
          if (own) this.announce(n, ev.round, own);
        } else if (cur && cur.round === ev.round && !greater(v, cur)) {
          world.violate(
            this.name,
            `${n} in round ${ev.round} changed its vote from ${show(cur)} to ${show(v)} (on a notification of s${ev.from}, because ${ev.because}), not a greater vote`,
            ev.i,
          );
        }
        this.current.set(n, { ...v, round: ev.round });
        if (own && v.leader !== NON_VOTER && !this.announced.get(v.leader)?.has(`${v.peerEpoch}:${v.zxid}`))
          world.violate(
            this.name,
            `${n} in round ${ev.round} voted for s${v.leader} with peerEpoch ${v.peerEpoch} and zxid ${zxidHex(v.zxid)}, which s${v.leader} never announced for itself`,
            ev.i,
          );
        return;
      }
      case 'fle.decide': {
        if (ev.joined || !this.own.has(ev.n)) return;
        const cur = this.current.get(ev.n);
        if (!cur || cur.leader !== ev.leader) return;
        for (const sid of ev.acks) {
          const a = this.ownInRound.get(`${sid}:${ev.round}`);
          if (a && (a.peerEpoch > cur.peerEpoch || (a.peerEpoch === cur.peerEpoch && a.zxid > cur.zxid))) {
            world.violate(
              this.name,
              `${ev.n} decided on s${ev.leader} ${show(cur)} in round ${ev.round} with the vote of s${sid}, which announced (peerEpoch ${a.peerEpoch}, zxid ${zxidHex(a.zxid)}) for itself: a history the leader lacks`,
              ev.i,
            );
            return;
          }
        }
        return;
      }
      case 'proc':
        if (ev.what === 'crash' || ev.what === 'exit') {
          this.current.delete(ev.n);
          this.own.delete(ev.n);
        }
        return;
      default:
        return;
    }
  }

  private announce(n: string, round: number, v: V): void {
    const sid = v.leader;
    let set = this.announced.get(sid);
    if (!set) this.announced.set(sid, (set = new Set()));
    set.add(`${v.peerEpoch}:${v.zxid}`);
    const key = `${n.slice(1)}:${round}`;
    const prev = this.ownInRound.get(key);
    if (!prev || greater(prev, v)) this.ownInRound.set(key, v);
  }
}

function same(a: V, b: V): boolean {
  return a.leader === b.leader && a.zxid === b.zxid && a.peerEpoch === b.peerEpoch;
}
