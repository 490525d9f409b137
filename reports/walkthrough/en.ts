// The English phrasebook: each step in the words of the ZooKeeper docs (vote, round, quorum,
// finalizeWait, LOOKING/FOLLOWING/LEADING, myid, zxid, epoch, DIFF/TRUNC/SNAP, UPTODATE).
import { zxidHex } from '../../protocol/zxid.ts';
import type { Phrasebook, RunSummary } from './render.ts';
import type { Because, Pending, Phase, Reason, Step, SyncWhy, Txn, Vote } from './steps.ts';

const list = (xs: readonly number[]): string =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
const vote = (v: Vote): string => `(epoch ${v.epoch}, zxid ${zxidHex(v.zxid)}, myid ${v.leader})`;
const txn = (t: Txn): string => `${zxidHex(t.zxid)} (${t.op}${t.path !== undefined ? ` ${t.path}` : ''})`;
const txns = (ts: readonly Txn[]): string => ts.map(txn).join(', ');
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const better: Record<Because, string> = {
  peerEpoch: 'a larger epoch',
  zxid: 'the same epoch and a larger zxid (newer data)',
  myid: 'the same epoch and zxid and a larger myid',
};

function reason(r: Reason): string {
  switch (r.code) {
    case 'conn-broken':
      return 'the connection to the leader broke';
    case 'read-timeout':
      return 'nothing heard from the leader within syncLimit';
    case 'no-synced-quorum':
      return `only ${list(r.sids ?? [])} are synced with it, not more than half of the voters`;
    case 'newleader-timeout':
      return `within initLimit only ${list(r.sids ?? [])} acked NEWLEADER, not a quorum`;
    case 'epoch-timeout':
      return 'no quorum agreed on a new epoch within initLimit';
    default:
      return r.text;
  }
}

function syncText(s: Extract<Step, { k: 'sync' }>): string {
  const who = `leader ${s.server} syncs server ${s.peer}`;
  const why: Record<SyncWhy, string> = {
    'in-sync': `DIFF with nothing in it: its last zxid ${zxidHex(s.peerLastZxid)} is the leader's too`,
    behind: `DIFF: its last zxid ${zxidHex(s.peerLastZxid)} is in the leader's history, so the leader sends the ${plural(s.txns.length, 'txn')} after it: ${txns(s.txns)}`,
    ahead: `TRUNC: its log goes past ${zxidHex(s.truncTo ?? s.leaderLastZxid)}, the leader's last committed zxid (its own last is ${zxidHex(s.peerLastZxid)}); what lies above was never committed, so it must cut it off`,
    diverged: `TRUNC+DIFF: its log ends in txns the leader never had (last ${zxidHex(s.peerLastZxid)}); it cuts back to ${zxidHex(s.truncTo ?? 0)}, then gets the ${plural(s.txns.length, 'txn')} after it${s.txns.length ? `: ${txns(s.txns)}` : ''}`,
    empty: `SNAP: it has no data at all (zxid 0x0), and the leader's logs do not reach back that far, so the leader sends a snapshot of its whole data tree (up to ${zxidHex(s.leaderLastZxid)})`,
    'not-in-logs': `SNAP: its last zxid ${zxidHex(s.peerLastZxid)} cannot be continued from the leader's committed log or txn log, so the leader sends a snapshot of its whole data tree (up to ${zxidHex(s.leaderLastZxid)})`,
    'nothing-newer': `DIFF with nothing in it: the leader has nothing newer than ${zxidHex(s.peerLastZxid)}`,
  };
  let out = `${who} with a ${why[s.why]}`;
  if (s.recovered.length)
    out += `. ${txns(s.recovered)} ${s.recovered.length === 1 ? 'was' : 'were'} proposed by the old leader but never committed before it failed; the new leader has ${s.recovered.length === 1 ? 'it' : 'them'} in its log, so ${s.recovered.length === 1 ? 'it stays' : 'they stay'} and ${s.recovered.length === 1 ? 'is' : 'are'} committed in the new epoch`;
  if (s.inflight.length) out += `; then the proposals still in flight: ${s.inflight.map(zxidHex).join(', ')}`;
  return `${out}; then NEWLEADER`;
}

function uncommitted(ps: readonly Pending[]): string {
  if (!ps.length) return '';
  const each = ps
    .map(
      (p) =>
        `${zxidHex(p.zxid)} (${p.op}${p.path !== undefined ? ` ${p.path}` : ''}; ${p.acks.length ? `ACKs of ${list(p.acks)} only` : 'no ACK yet'})`,
    )
    .join(', ');
  return `. It never committed ${each}: no quorum of ACKs`;
}

function reply(s: Extract<Step, { k: 'reply' }>): string {
  const what = `${s.op} ${s.path}`;
  if (s.rc === 0)
    return `client ${s.client} gets its answer${s.server !== undefined ? ` from server ${s.server}` : ''}: ${what} done (zxid ${zxidHex(s.zxid)})`;
  if (s.rc === -4)
    return `client ${s.client}'s ${what} fails with CONNECTIONLOSS: the connection broke before an answer, so the client cannot tell whether it happened`;
  if (s.rc === -110) return `client ${s.client}'s ${what} fails: NODEEXISTS`;
  return `client ${s.client}'s ${what} fails with error ${s.rc}`;
}

function step(s: Step): string {
  switch (s.k) {
    case 'start': {
      const as = s.observer ? ' as an observer' : '';
      const verb = s.restart ? 'restarts' : 'starts';
      if (s.txns === 0 && s.lastZxid === 0)
        return `server ${s.server} ${verb}${as} (myid ${s.server}) with an empty data directory: zxid 0x0, epoch 0`;
      return `server ${s.server} ${verb}${as} (myid ${s.server}) and loads its data: last zxid ${zxidHex(s.lastZxid)}, currentEpoch ${s.currentEpoch}`;
    }
    case 'crash':
      return `server ${s.server} crashes: its memory is gone, and so is whatever it had not yet fsynced${uncommitted(s.uncommitted)}`;
    case 'exit':
      return `server ${s.server} exits: ${s.reason}`;
    case 'partition':
      return `the network splits into ${s.groups.map((g) => `{${list(g)}}`).join(' and ')}: no message crosses, and nobody is told (sockets stay open; only timeouts notice)`;
    case 'heal':
      return 'the partition heals: every server can reach every other again';
    case 'latency':
      return s.servers
        ? `the link between servers ${s.servers.join(' and ')} slows down to ${s.ms} ms each way`
        : `every link now takes ${s.ms} ms`;
    case 'looking': {
      if (s.observer)
        return `server ${s.server} (an observer) is LOOKING for the leader: it does not vote, it only asks the voters whom they follow`;
      const from = s.from ? `leaves ${s.from} and ` : '';
      return `server ${s.server} ${from}is LOOKING (election round ${s.round}) and votes for itself: ${vote(s.vote)}; it sends this vote to every other server`;
    }
    case 'hear': {
      if (s.observer && s.outcome !== 'settled') {
        const guess =
          s.outcome === 'adopt' || (s.outcome === 'newer-round' && !s.keeps)
            ? `; its best guess of the leader is now ${s.vote.leader} (an observer's own vote counts for nothing)`
            : '';
        return `observer ${s.server} hears from server ${s.from}: a vote for ${s.vote.leader} ${vote(s.vote)}${guess}`;
      }
      const head = `server ${s.server} hears from server ${s.from}`;
      switch (s.outcome) {
        case 'adopt':
          return `${head}: a vote for ${s.vote.leader} ${vote(s.vote)}. That beats its own vote for ${s.own.leader} with ${better[s.because!]}: server ${s.server} now votes for ${s.vote.leader} and tells everyone`;
        case 'agree':
          return `${head}: a vote for ${s.vote.leader} ${vote(s.vote)}, the same as its own`;
        case 'weaker':
          return `${head}: a vote for ${s.vote.leader} ${vote(s.vote)}. Its own vote for ${s.own.leader} ${vote(s.own)} is better, with ${better[s.because!]}: it keeps it`;
        case 'newer-round':
          return s.keeps
            ? `${head}: a vote of round ${s.theirRound}, newer than its round ${s.round}. It moves to round ${s.theirRound}, and its own vote ${vote(s.own)} still beats ${vote(s.vote)}: it keeps it`
            : `${head}: a vote of round ${s.theirRound}, newer than its round ${s.round}. It moves to round ${s.theirRound}, and the vote for ${s.vote.leader} ${vote(s.vote)} beats its own ${vote(s.own)} with ${better[s.because!]}: it now votes for ${s.vote.leader}`;
        case 'old-round':
          return `${head}: a vote for ${s.vote.leader} of round ${s.theirRound}, older than its round ${s.round}: ignored`;
        case 'settled':
          return s.fromState === 'LEADING'
            ? `${head}: its notification says LEADING, vote ${vote(s.vote)}: a leader may already be in place`
            : `${head}: its notification says FOLLOWING ${s.vote.leader}, vote ${vote(s.vote)}`;
      }
      return head;
    }
    case 'timeout':
      return `server ${s.server} hears no notification for ${s.waitedMs} ms: it tries again (sends its vote, or reconnects) and will wait ${s.nextMs} ms next time`;
    case 'quorum':
      return `server ${s.server} sees a quorum for server ${s.leader}: the votes of ${list(s.acks)} are ${s.acks.length} of ${s.voters} voters, more than half. It waits finalizeWait (200 ms) for a better vote before deciding`;
    case 'reopen':
      return `during finalizeWait, server ${s.server} hears a better vote, for ${s.leader} (from server ${s.from}): it does not decide yet`;
    case 'decide': {
      if (s.joined) {
        const role = s.state === 'OBSERVING' ? 'observes' : 'follows';
        return `server ${s.server} finds leader ${s.leader} in place: ${list(s.acks)} say so (a quorum) and ${s.leader} itself says LEADING. LOOKING → ${s.state}: it ${role} ${s.leader} without a new election`;
      }
      const wait = s.waitedMs !== undefined ? `no better vote in ${s.waitedMs} ms: ` : '';
      if (s.state === 'LEADING') return `${wait}server ${s.server} LOOKING → LEADING (votes of ${list(s.acks)})`;
      return `${wait}server ${s.server} LOOKING → ${s.state}, leader ${s.leader}`;
    }
    case 'lead':
      return `leader ${s.server} begins discovery: it waits for FOLLOWERINFO from a quorum to choose the new epoch (its own acceptedEpoch is ${s.acceptedEpoch}, last zxid ${zxidHex(s.lastZxid)})`;
    case 'learner': {
      const info = s.kind === 'observer' ? `OBSERVERINFO from observer ${s.sid}` : `FOLLOWERINFO from server ${s.sid}`;
      if (s.late)
        return `leader ${s.server} gets ${info} (acceptedEpoch ${s.acceptedEpoch}); the epoch is already chosen, it is told ${s.epoch}`;
      return `leader ${s.server} gets ${info} (acceptedEpoch ${s.acceptedEpoch})`;
    }
    case 'newepoch': {
      const sids = Object.keys(s.accepted).map(Number);
      const acc = `the acceptedEpochs of ${list(sids)} are ${
        sids.length < 2
          ? ''
          : `${sids
              .slice(0, -1)
              .map((x) => s.accepted[x])
              .join(', ')} and `
      }${s.accepted[sids.at(-1)!]}`;
      const rule =
        s.epoch === s.maxAccepted + 1
          ? `the largest is ${s.maxAccepted}, so the new epoch is ${s.epoch}`
          : `the new epoch is ${s.epoch}`;
      return `leader ${s.server} has FOLLOWERINFO from a quorum (${list(s.acks)}); ${acc}: ${rule}. It sends LEADERINFO; each follower records the epoch and answers ACKEPOCH with its last zxid`;
    }
    case 'sync':
      return syncText(s);
    case 'truncate':
      return s.dropped.length
        ? `server ${s.server} truncates its log to ${zxidHex(s.zxid)}, dropping ${txns(s.dropped)}`
        : `server ${s.server} truncates its log to ${zxidHex(s.zxid)}`;
    case 'established':
      return `leader ${s.server} is established for epoch ${s.epoch}: a quorum (${list(s.acks)}) acked NEWLEADER; it sends UPTODATE and serves clients`;
    case 'uptodate':
      return `server ${s.server} gets UPTODATE: in sync with leader ${s.leader} (epoch ${s.epoch}, last zxid ${zxidHex(s.lastZxid)}), it serves clients`;
    case 'leader-shutdown':
      return `leader ${s.server} stops LEADING epoch ${s.epoch}: ${reason(s.reason)}${uncommitted(s.uncommitted)}`;
    case 'learner-shutdown':
      return `server ${s.server} stops following ${s.leader}: ${reason(s.reason)}`;
    case 'session':
      return s.reconnect
        ? `client ${s.client} reconnects its session ${s.session} to server ${s.server}`
        : `client ${s.client} has a session (${s.session}) on server ${s.server}`;
    case 'call':
      return `client ${s.client} sends ${s.op} ${s.path}${s.server !== undefined ? ` to server ${s.server}` : ' (not connected: it waits)'}`;
    case 'forward':
      return `${s.observer ? 'observer' : 'follower'} ${s.server} forwards ${s.op}${s.path !== undefined ? ` ${s.path}` : ''} to leader ${s.leader} (REQUEST): only the leader orders writes`;
    case 'propose':
      return `leader ${s.server} proposes ${txn(s)}: PROPOSAL to ${s.to.length ? list(s.to) : 'no follower'}; each logs it and ACKs`;
    case 'commit': {
      const to = [
        s.commitTo.length ? `COMMIT to ${list(s.commitTo)}` : '',
        s.informTo.length
          ? `INFORM (the txn itself) to observer${s.informTo.length > 1 ? 's' : ''} ${list(s.informTo)}`
          : '',
      ]
        .filter(Boolean)
        .join('; ');
      return `leader ${s.server} commits ${txn(s)} on the ACKs of ${list(s.acks)} (${s.acks.length} of ${s.voters} voters)${to ? `: ${to}` : ''}`;
    }
    case 'apply':
      return `observer ${s.server} applies ${txn(s)} from the INFORM`;
    case 'reply':
      return reply(s);
  }
}

const phases: Record<Phase, string> = {
  process: 'server',
  fault: 'fault',
  election: 'election',
  discovery: 'discovery',
  sync: 'sync',
  broadcast: 'broadcast',
  client: 'client',
};

function intro(name: string, s: RunSummary): string[] {
  const n = s.voters.length;
  switch (name) {
    case 'first-start':
      return [
        `The docs' first walkthrough (seed 003 §3.1, seed 002 §4): ${n} servers with empty data directories start one after another. Each votes for itself and sends its vote to the others; with no zxid yet, the vote for the larger myid wins; the first server to hold the votes of more than half of the ${n} servers leads, and servers started after that follow it.`,
        'Below, every step is read from the trace of a real run.',
      ];
    case 'restart':
      return [
        "The docs' second walkthrough (seed 003 §3.2): five servers ran with server 3 leading; servers 3 and 5 fail. Servers 1, 2 and 4 vote with (EPOCH, ZXID, SID) = (1,8,1), (1,8,2), (1,7,4). The rule: the larger EPOCH wins; with the same EPOCH the larger zxid; with the same zxid the larger SID.",
        'Below, every step is read from the trace of a real run.',
      ];
    case 'leader-crash':
      return [
        "A leader dies under client writes (seed 002 §4 and §5). Servers 2..5 start and elect; a client writes through server 2; the link 5–4 turns slow; leader 5 crashes right after proposing /d. The survivors elect by (epoch, zxid, myid); the new leader syncs each server from its last zxid: DIFF when it is behind, TRUNC when it is ahead, SNAP when the leader's logs cannot bring it up. Later server 5 comes back and server 1 starts with an empty disk.",
        'Below, every step is read from the trace of a real run.',
      ];
    case 'partition':
      return [
        'The leader is cut off with a minority (seed 002 §3: a leader that has fewer than half of the followers with it stops leading). A client keeps writing to the old leader after the cut: it logs the writes, but without a quorum of ACKs they are never committed. The majority elects a new leader. When the partition heals, the old leader follows the new one, whose log does not have that uncommitted tail: it is told to TRUNC (seed 002 §4: a follower whose zxid is ahead rolls back).',
        'Below, every step is read from the trace of a real run.',
      ];
    case 'observer':
      return [
        'An observer on the path of a write (seed 002 §1 and §6): an observer accepts client connections and forwards writes to the leader, but does not vote. Here 3 voters and observer 4; a client connected to the observer creates /a.',
        'Below, every step is read from the trace of a real run.',
      ];
    default:
      return ['Every step below is read from the trace of a real run.'];
  }
}

function result(s: RunSummary): string[] {
  const out: string[] = [];
  const byRole = new Map<string, string[]>();
  for (const [id, role] of Object.entries(s.roles)) byRole.set(role, [...(byRole.get(role) ?? []), id]);
  out.push(
    `leader: ${s.leader ?? 'none'}${s.epoch !== null ? ` (epoch ${s.epoch})` : ''}; ${[...byRole].map(([r, ids]) => `${r}: ${ids.join(', ')}`).join('; ')}`,
  );
  if (s.docs) {
    out.push(
      s.leader === s.docs.leader
        ? `as the docs say (${s.docs.where}), server ${s.docs.leader} leads`
        : `the docs (${s.docs.where}) expect server ${s.docs.leader} to lead, but this run elected ${s.leader ?? 'no one'}`,
    );
  }
  out.push(
    s.ok
      ? `checkers: all ${s.checkers} passed`
      : `checkers: ${s.violations.length} violation(s): ${s.violations.map((v) => `${v.checker}: ${v.message}`).join('; ')}`,
  );
  out.push(
    `seed ${s.seed}, ${s.events} trace events, ${(s.simTimeMs / 1000).toFixed(3)} s simulated, trace hash ${s.traceHash}`,
  );
  return out;
}

export const en: Phrasebook = {
  lang: 'en',
  title: (name, s) =>
    `zksim walkthrough: ${name}${name === 'first-start' ? `, ${s.voters.length} servers` : ''} (seed ${s.seed})`,
  intro,
  phase: (p) => phases[p],
  step,
  result,
  headings: { time: 'time', phase: 'phase', step: 'what happens', result: 'Result', colon: ':' },
};
