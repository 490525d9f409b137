// Who leads and why, told from a run's trace, in time order: the vote each server starts
// with, each change of vote and its reason (peerEpoch, then zxid, then myid — the docs'
// order), the quorum and finalizeWait, the decisions, servers that join a leader already in
// place, and role losses.
import type { TraceEvent } from '../sim/engine/trace.ts';
import type { VoteReason } from '../protocol/trace.ts';
import { zxidHex } from '../protocol/zxid.ts';

const sid = (n: string | undefined): string => (n ?? '?').replace(/^s/, '');
const secs = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

const reasonText: Record<VoteReason, string> = {
  peerEpoch: 'its epoch is larger',
  zxid: 'same epoch, its zxid is larger',
  myid: 'same epoch and zxid, its myid is larger',
  'newer-round': 'a newer election round began',
};

export function voteText(leader: number, zxid: number, peerEpoch: number): string {
  return `(epoch ${peerEpoch}, zxid ${zxidHex(zxid)}, sid ${leader})`;
}

/** The story line for one trace event, or undefined if the event is not part of the story. */
export function storyLine(ev: TraceEvent): string | undefined {
  const who = sid(ev.n);
  const at = secs(ev.t);
  switch (ev.k) {
    case 'proc':
      if (ev.what === 'crash') return `${at}  server ${who} fails`;
      if (ev.what === 'exit') return `${at}  server ${who} exits: ${ev.reason}`;
      return undefined;
    case 'fle.start':
      return `${at}  server ${who} is LOOKING (round ${ev.round}) and votes for itself ${voteText(ev.leader, ev.zxid, ev.peerEpoch)}`;
    case 'fle.vote':
      return `${at}  server ${who} now votes for server ${ev.leader} (heard from ${ev.from}: ${reasonText[ev.because]})`;
    case 'fle.quorum':
      return `${at}  server ${who} sees a quorum for server ${ev.leader} (votes of ${ev.acks.join(',')}); it waits finalizeWait (200 ms) for a better vote`;
    case 'fle.decide':
      if (ev.joined)
        return `${at}  server ${who} finds leader ${ev.leader} in place (a quorum says FOLLOWING/LEADING) and joins it: ${ev.state}`;
      if (ev.state === 'LEADING') return `${at}  server ${who} LEADS round ${ev.round}`;
      return `${at}  server ${who} is ${ev.state} leader ${ev.leader} (round ${ev.round})`;
    case 'zab.newepoch':
      return `${at}  server ${who} has FOLLOWERINFO from a quorum (${ev.acks.join(',')}): it proposes epoch ${ev.epoch}`;
    case 'zab.sync':
      return `${at}  server ${who} syncs server ${ev.peer} with a ${ev.mode} (its last zxid ${zxidHex(ev.peerLastZxid)}, ours ${zxidHex(ev.leaderLastZxid)}${ev.truncTo !== undefined ? `, cut back to ${zxidHex(ev.truncTo)}` : ''})`;
    case 'zab.established':
      return `${at}  server ${who} is established as leader of epoch ${ev.epoch}: a quorum (${ev.acks.join(',')}) acked NEWLEADER`;
    case 'zab.uptodate':
      return `${at}  server ${who} is UPTODATE with leader ${ev.leader} (epoch ${ev.epoch}, last zxid ${zxidHex(ev.lastZxid)}) and serves clients`;
    case 'zab.leader-shutdown':
    case 'zab.learner-shutdown':
      return `${at}  server ${who} leaves its role: ${ev.reason}`;
    default:
      return undefined;
  }
}

/** Lines telling the elections of a run, in time order. */
export function electionStory(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const ev of events) {
    const line = storyLine(ev);
    if (line) out.push(line);
  }
  return out;
}
