// A run's trace → the steps of its walkthrough, language-free: who starts, which vote each
// server starts with, which notifications it hears and what it makes of them (adopt a better
// vote and why — peerEpoch, then zxid, then myid —, agree, ignore a weaker one, join a leader
// in place), the quorum and finalizeWait, LOOKING → LEADING/FOLLOWING/OBSERVING, discovery
// (the new epoch), sync (DIFF/TRUNC/TRUNC+DIFF/SNAP and why), UPTODATE, the path of each
// client write, faults and role losses. Everything here is read from trace events, so a
// change in the protocol changes the steps; the phrasebooks (en.ts, zh.ts) only put words to them.
import type { Message } from '../../protocol/actor.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { firedFault } from '../../sim/faults/registry.ts';
import { winReason } from '../../protocol/election/Vote.ts';
import { opName } from '../../protocol/server/txn.ts';

export interface Vote {
  leader: number;
  zxid: number;
  /** peerEpoch: the epoch of the proposed leader's history. */
  epoch: number;
}

export type Because = 'peerEpoch' | 'zxid' | 'myid';

/** What a server makes of a notification it hears. */
export type Outcome =
  | 'adopt' // better than its own vote: it votes for that server now
  | 'agree' // the same vote as its own
  | 'weaker' // its own vote is better: it keeps it
  | 'newer-round' // the sender is in a later election round: it joins that round
  | 'old-round' // the sender is in an earlier round: ignored (it answers with its own vote)
  | 'settled'; // the sender already FOLLOWs/LEADs: a leader may be in place

export type SyncWhy =
  | 'in-sync' // same last zxid: an empty DIFF
  | 'behind' // its last zxid is in the leader's history: DIFF with what follows
  | 'ahead' // its log goes past the leader's last committed zxid: TRUNC
  | 'diverged' // its tail is not in the leader's history: TRUNC to the common point, then DIFF
  | 'empty' // no data at all (zxid 0): SNAP
  | 'not-in-logs' // the leader's logs cannot continue from its zxid: SNAP
  | 'nothing-newer'; // a new-epoch zxid with nothing newer: empty DIFF

export interface Txn {
  zxid: number;
  op: string;
  path?: string;
}

/** A proposal a leader never committed, with the ACKs it had. */
export interface Pending extends Txn {
  acks: number[];
}

export interface Reason {
  code: 'conn-broken' | 'read-timeout' | 'no-synced-quorum' | 'newleader-timeout' | 'epoch-timeout' | 'other';
  sids?: number[];
  text: string;
}

export type StepBody =
  | {
      k: 'start';
      server: number;
      restart: boolean;
      observer: boolean;
      lastZxid: number;
      currentEpoch: number;
      txns: number;
    }
  | { k: 'crash'; server: number; uncommitted: Pending[] }
  | { k: 'exit'; server: number; reason: string }
  | { k: 'partition'; groups: number[][] }
  | { k: 'heal' }
  | { k: 'latency'; servers?: number[]; ms: number }
  | { k: 'looking'; server: number; round: number; vote: Vote; from: string | null; observer: boolean }
  | {
      k: 'hear';
      server: number;
      observer: boolean;
      from: number;
      fromState: string;
      vote: Vote;
      theirRound: number;
      round: number;
      own: Vote;
      outcome: Outcome;
      because?: Because;
      keeps?: boolean;
    }
  | { k: 'timeout'; server: number; waitedMs: number; nextMs: number }
  | { k: 'quorum'; server: number; leader: number; acks: number[]; voters: number }
  | { k: 'reopen'; server: number; from: number; leader: number }
  | {
      k: 'decide';
      server: number;
      state: string;
      leader: number;
      joined: boolean;
      acks: number[];
      voters: number;
      waitedMs?: number;
    }
  | { k: 'lead'; server: number; acceptedEpoch: number; lastZxid: number }
  | {
      k: 'learner';
      server: number;
      sid: number;
      kind: 'follower' | 'observer';
      acceptedEpoch: number;
      late: boolean;
      epoch?: number;
    }
  | {
      k: 'newepoch';
      server: number;
      epoch: number;
      acks: number[];
      accepted: Record<number, number>;
      maxAccepted: number;
    }
  | {
      k: 'sync';
      server: number;
      peer: number;
      mode: string;
      why: SyncWhy;
      peerLastZxid: number;
      leaderLastZxid: number;
      truncTo?: number;
      txns: Txn[];
      inflight: number[];
      recovered: Txn[];
    }
  | { k: 'truncate'; server: number; zxid: number; dropped: Txn[] }
  | { k: 'established'; server: number; epoch: number; acks: number[] }
  | { k: 'uptodate'; server: number; leader: number; epoch: number; lastZxid: number }
  | { k: 'leader-shutdown'; server: number; epoch: number; reason: Reason; uncommitted: Pending[] }
  | { k: 'learner-shutdown'; server: number; leader: number; reason: Reason }
  | { k: 'session'; client: string; server: number; session: string; reconnect: boolean }
  | { k: 'call'; client: string; op: string; path: string; server?: number }
  | { k: 'forward'; server: number; leader: number; op: string; path?: string; observer: boolean }
  | { k: 'propose'; server: number; zxid: number; op: string; path?: string; to: number[] }
  | {
      k: 'commit';
      server: number;
      zxid: number;
      op: string;
      path?: string;
      acks: number[];
      voters: number;
      commitTo: number[];
      informTo: number[];
    }
  | { k: 'apply'; server: number; zxid: number; op: string; path?: string; via: 'INFORM' }
  | { k: 'reply'; client: string; op: string; path: string; rc: number; zxid: number; server?: number };

export type Phase = 'process' | 'fault' | 'election' | 'discovery' | 'sync' | 'broadcast' | 'client';

export type Step = StepBody & { t: number; phase: Phase };

export interface Ensemble {
  voters: number[];
  observers: number[];
  /** Each server's client address ("localhost:2181" → 1); without it, the scenarios' layout (clientPort 2181 + sid). */
  clientAddrs?: Readonly<Record<string, number>>;
}

const WRITE_OPS = new Set([1, 2, 5, 7, 14, 15, 19, 20, 21]);

const phaseOf: Record<StepBody['k'], Phase> = {
  start: 'process',
  crash: 'process',
  exit: 'process',
  partition: 'fault',
  heal: 'fault',
  latency: 'fault',
  looking: 'election',
  hear: 'election',
  timeout: 'election',
  quorum: 'election',
  reopen: 'election',
  decide: 'election',
  lead: 'discovery',
  learner: 'discovery',
  newepoch: 'discovery',
  sync: 'sync',
  truncate: 'sync',
  established: 'sync',
  uptodate: 'sync',
  'leader-shutdown': 'process',
  'learner-shutdown': 'process',
  session: 'client',
  call: 'client',
  reply: 'client',
  forward: 'broadcast',
  propose: 'broadcast',
  commit: 'broadcast',
  apply: 'broadcast',
};

const sidOf = (n: unknown): number => Number(String(n).replace(/^s/, ''));
const isServer = (n: unknown): boolean => typeof n === 'string' && /^s\d+$/.test(n);
const opText = (op: unknown): string => opName[Number(op)] ?? String(op);

export function parseReason(text: string): Reason {
  const sids = (): number[] => {
    const m = /\[([^\]]*)\]/.exec(text);
    return m
      ? m[1]!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map(Number)
      : [];
  };
  if (text === 'Connection to leader broken') return { code: 'conn-broken', text };
  if (text === 'Read timed out') return { code: 'read-timeout', text };
  if (text.startsWith('Not sufficient number of followers synced'))
    return { code: 'no-synced-quorum', sids: sids(), text };
  if (text.startsWith('Waiting for a quorum of followers')) return { code: 'newleader-timeout', sids: sids(), text };
  if (text.startsWith('Timeout while waiting for epoch')) return { code: 'epoch-timeout', text };
  return { code: 'other', text };
}

/** Why the leader chose this sync mode, from what the trace shows of it. */
function syncWhy(mode: string, peerLast: number, leaderLast: number, txns: number): SyncWhy {
  if (mode === 'TRUNC') return 'ahead';
  if (mode === 'TRUNC+DIFF') return 'diverged';
  if (mode === 'SNAP') return peerLast === 0 ? 'empty' : 'not-in-logs';
  if (peerLast === leaderLast) return 'in-sync';
  return txns > 0 ? 'behind' : 'nothing-newer';
}

/** The walkthrough steps of a run, in time order. */
export function buildSteps(events: readonly TraceEvent[], ensemble: Ensemble): Step[] {
  const steps: Step[] = [];
  const voters = ensemble.voters.length;
  const observers = new Set(ensemble.observers);
  const push = (b: StepBody, t: number): Step => {
    const s = { ...b, t, phase: phaseOf[b.k] } as Step;
    steps.push(s);
    return s;
  };
  /** (node, conn) → the node at the other end. */
  const peerOf = new Map<string, string>();
  const vote = new Map<number, Vote>();
  const round = new Map<number, number>();
  const state = new Map<number, string>();
  const lookingFrom = new Map<number, string | null>();
  const quorumAt = new Map<number, number>();
  /** How long FLE waits for a notification now (notTimeout): 200 ms, doubling to 60 s. */
  const wait = new Map<number, number>();
  /** The epoch each leader chose. */
  const leaderEpoch = new Map<number, number>();
  const procInc = new Map<string, number>();
  const callPath = new Map<string, { op: string; path: string }>();
  const txnOf = new Map<number, Txn>();
  const lastRecv = new Map<string, string>();
  const logged = new Map<number, Set<number>>();
  const clientServer = new Map<string, number>();
  const sessionSeen = new Set<string>();
  /** Per leader: acceptedEpoch of each FOLLOWERINFO since it began to lead (itself included). */
  const accepted = new Map<number, Record<number, number>>();
  const discoveryDone = new Set<number>();
  /** Steps that collect the sends that follow their event in the same instant on the same node. */
  let collecting: { node: string; t: number; step: Step } | undefined;

  const loggedOf = (sid: number): Set<number> => {
    let s = logged.get(sid);
    if (!s) logged.set(sid, (s = new Set()));
    return s;
  };
  const txn = (zxid: number): Txn => txnOf.get(zxid) ?? { zxid, op: '?' };
  /** Per leader: its proposals not committed yet, with their ACKs. */
  const pending = new Map<number, Map<number, Set<number>>>();
  const pendingOf = (sid: number): Map<number, Set<number>> => {
    let m = pending.get(sid);
    if (!m) pending.set(sid, (m = new Map()));
    return m;
  };
  const takePending = (sid: number): Pending[] => {
    const m = pending.get(sid);
    pending.delete(sid);
    return m
      ? [...m].sort((a, b) => a[0] - b[0]).map(([z, acks]) => ({ ...txn(z), acks: [...acks].sort((a, b) => a - b) }))
      : [];
  };

  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    const n = ev.n;
    const me = isServer(n) ? sidOf(n) : 0;
    if (collecting && (collecting.node !== n || collecting.t !== ev.t)) collecting = undefined;
    switch (ev.k) {
      case 'conn':
        if (ev.what === 'open' || ev.what === 'accept') peerOf.set(`${n}:${ev.conn}`, ev.peer);
        break;
      case 'proc':
        if (ev.what === 'start') procInc.set(ev.n, ev.inc);
        else if (ev.what === 'crash' && isServer(n)) {
          state.delete(me);
          push({ k: 'crash', server: me, uncommitted: takePending(me) }, ev.t);
        } else if (ev.what === 'exit' && isServer(n)) push({ k: 'exit', server: me, reason: ev.reason }, ev.t);
        break;
      case 'peer.loaded':
        push(
          {
            k: 'start',
            server: me,
            restart: (procInc.get(ev.n) ?? 1) > 1,
            observer: observers.has(me),
            lastZxid: ev.lastZxid,
            currentEpoch: ev.currentEpoch,
            txns: ev.txns,
          },
          ev.t,
        );
        break;
      case 'fault': {
        const { fault } = firedFault(ev);
        if (fault.type === 'partition') push({ k: 'partition', groups: fault.groups }, ev.t);
        else if (fault.type === 'heal') push({ k: 'heal' }, ev.t);
        else if (fault.type === 'latency')
          push({ k: 'latency', ...(fault.servers ? { servers: fault.servers } : {}), ms: fault.latencyMs }, ev.t);
        break;
      }
      case 'state':
        if (ev.state === 'LOOKING') lookingFrom.set(me, state.get(me) ?? null);
        state.set(me, ev.state);
        break;
      case 'fle.start': {
        const v = { leader: ev.leader, zxid: ev.zxid, epoch: ev.peerEpoch };
        vote.set(me, v);
        round.set(me, ev.round);
        wait.set(me, 200);
        push(
          {
            k: 'looking',
            server: me,
            round: ev.round,
            vote: v,
            from: lookingFrom.get(me) ?? null,
            observer: observers.has(me) || v.leader < 0,
          },
          ev.t,
        );
        break;
      }
      case 'fle.recv': {
        const from = ev.from;
        if (from === me) break; // its own notification, looped back
        const theirs = { leader: ev.leader, zxid: ev.zxid, epoch: ev.peerEpoch };
        const own = vote.get(me) ?? theirs;
        const myRound = ev.round;
        const theirRound = ev.electionEpoch;
        const base = {
          k: 'hear' as const,
          server: me,
          observer: observers.has(me),
          from,
          fromState: ev.state,
          vote: theirs,
          theirRound,
          round: myRound,
          own,
        };
        const next = events[i + 1];
        const changed = next && next.k === 'fle.vote' && next.n === n && next.from === from ? next : undefined;
        if (ev.state === 'FOLLOWING' || ev.state === 'LEADING') {
          push({ ...base, outcome: 'settled' }, ev.t);
        } else if (ev.state !== 'LOOKING') {
          break;
        } else if (changed && changed.because === 'newer-round') {
          const nv = {
            leader: changed.leader,
            zxid: changed.zxid,
            epoch: changed.peerEpoch,
          };
          const keeps = nv.leader === own.leader && nv.zxid === own.zxid && nv.epoch === own.epoch;
          const b: StepBody = { ...base, outcome: 'newer-round', keeps };
          if (!keeps) b.because = winReason(theirs.zxid, theirs.epoch, own.zxid, own.epoch);
          push(b, ev.t);
          vote.set(me, nv);
          round.set(me, changed.round);
          i++;
        } else if (theirRound < myRound) {
          push({ ...base, outcome: 'old-round' }, ev.t);
        } else if (changed && changed.because !== 'newer-round') {
          push({ ...base, outcome: 'adopt', because: changed.because }, ev.t);
          vote.set(me, {
            leader: changed.leader,
            zxid: changed.zxid,
            epoch: changed.peerEpoch,
          });
          i++;
        } else if (theirs.leader === own.leader && theirs.zxid === own.zxid && theirs.epoch === own.epoch) {
          push({ ...base, outcome: 'agree' }, ev.t);
        } else {
          push(
            { ...base, outcome: 'weaker', because: winReason(own.zxid, own.epoch, theirs.zxid, theirs.epoch) },
            ev.t,
          );
        }
        break;
      }
      case 'fle.vote':
        // A vote change not right after its notification (not expected): keep the story true anyway.
        vote.set(me, { leader: ev.leader, zxid: ev.zxid, epoch: ev.peerEpoch });
        break;
      case 'fle.timeout':
        push({ k: 'timeout', server: me, waitedMs: wait.get(me) ?? 200, nextMs: ev.next }, ev.t);
        wait.set(me, ev.next);
        break;
      case 'fle.quorum':
        quorumAt.set(me, ev.t);
        push({ k: 'quorum', server: me, leader: ev.leader, acks: ev.acks, voters }, ev.t);
        break;
      case 'fle.reopen':
        push({ k: 'reopen', server: me, from: ev.from, leader: ev.leader }, ev.t);
        break;
      case 'fle.decide': {
        const q = quorumAt.get(me);
        const b: StepBody = {
          k: 'decide',
          server: me,
          state: ev.state,
          leader: ev.leader,
          joined: ev.joined,
          acks: ev.acks,
          voters,
        };
        if (!ev.joined && q !== undefined) b.waitedMs = Math.round((ev.t - q) / 1000);
        quorumAt.delete(me);
        push(b, ev.t);
        break;
      }
      case 'zab.lead':
        pending.delete(me);
        accepted.set(me, { [me]: ev.acceptedEpoch });
        discoveryDone.delete(me);
        push({ k: 'lead', server: me, acceptedEpoch: ev.acceptedEpoch, lastZxid: ev.lastZxid }, ev.t);
        break;
      case 'zab.learner': {
        const sid = ev.sid;
        const kind = ev.kind === 'OBSERVERINFO' ? 'observer' : 'follower';
        if (kind === 'follower') (accepted.get(me) ?? {})[sid] = ev.acceptedEpoch;
        const late = discoveryDone.has(me);
        push(
          {
            k: 'learner',
            server: me,
            sid,
            kind,
            acceptedEpoch: ev.acceptedEpoch,
            late,
            ...(late ? { epoch: leaderEpoch.get(me)! } : {}),
          },
          ev.t,
        );
        break;
      }
      case 'zab.newepoch': {
        const acks = ev.acks;
        const all = accepted.get(me) ?? {};
        const acc: Record<number, number> = {};
        for (const s of acks) if (all[s] !== undefined) acc[s] = all[s]!;
        discoveryDone.add(me);
        leaderEpoch.set(me, ev.epoch);
        push(
          {
            k: 'newepoch',
            server: me,
            epoch: ev.epoch,
            acks,
            accepted: acc,
            maxAccepted: Math.max(...Object.values(acc)),
          },
          ev.t,
        );
        break;
      }
      case 'zab.sync': {
        const mode = ev.mode;
        const b: StepBody = {
          k: 'sync',
          server: me,
          peer: ev.peer,
          mode,
          why: 'in-sync',
          peerLastZxid: ev.peerLastZxid,
          leaderLastZxid: ev.leaderLastZxid,
          txns: [],
          inflight: [],
          recovered: [],
        };
        if (ev.truncTo !== undefined) b.truncTo = ev.truncTo;
        collecting = { node: ev.n, t: ev.t, step: push(b, ev.t) };
        break;
      }
      case 'zab.truncate': {
        const z = ev.zxid;
        const mine = loggedOf(me);
        const dropped = [...mine].filter((x) => x > z).sort((a, b) => a - b);
        for (const x of dropped) mine.delete(x);
        push({ k: 'truncate', server: me, zxid: z, dropped: dropped.map(txn) }, ev.t);
        break;
      }
      case 'zab.sync-learner':
        if (ev.mode === 'SNAP') {
          const mine = loggedOf(me);
          for (const x of [...mine]) if (x > ev.zxid) mine.delete(x);
        }
        break;
      case 'zab.established':
        push({ k: 'established', server: me, epoch: ev.epoch, acks: ev.acks }, ev.t);
        break;
      case 'zab.uptodate':
        push(
          {
            k: 'uptodate',
            server: me,
            leader: ev.leader,
            epoch: ev.epoch,
            lastZxid: ev.lastZxid,
          },
          ev.t,
        );
        break;
      case 'zab.leader-shutdown':
        push(
          {
            k: 'leader-shutdown',
            server: me,
            epoch: ev.epoch,
            reason: parseReason(ev.reason),
            uncommitted: takePending(me),
          },
          ev.t,
        );
        break;
      case 'zab.learner-shutdown':
        push({ k: 'learner-shutdown', server: me, leader: ev.leader, reason: parseReason(ev.reason) }, ev.t);
        break;
      case 'zab.logged':
        loggedOf(me).add(ev.zxid);
        break;
      case 'zab.propose': {
        const z = ev.zxid;
        const call = callPath.get(`${String(ev.session)}:${ev.cxid}`);
        const t: Txn = { zxid: z, op: opText(ev.type) };
        if (call && ev.type !== -10 && ev.type !== -11) t.path = call.path;
        txnOf.set(z, t);
        pendingOf(me).set(z, new Set());
        collecting = { node: ev.n, t: ev.t, step: push({ k: 'propose', server: me, ...t, to: [] }, ev.t) };
        break;
      }
      case 'zab.ack':
        pendingOf(me).get(ev.zxid)?.add(ev.from);
        break;
      case 'zab.commit': {
        const z = ev.zxid;
        pendingOf(me).delete(z);
        collecting = {
          node: ev.n,
          t: ev.t,
          step: push({ k: 'commit', server: me, ...txn(z), acks: ev.acks, voters, commitTo: [], informTo: [] }, ev.t),
        };
        break;
      }
      case 'zab.deliver': {
        const z = ev.zxid;
        if (!txnOf.has(z))
          txnOf.set(z, { zxid: z, op: opText(ev.type), ...(ev.path !== undefined ? { path: ev.path } : {}) });
        if (observers.has(me) && state.get(me) === 'OBSERVING' && lastRecv.get(ev.n) === 'INFORM')
          push({ k: 'apply', server: me, ...txn(z), via: 'INFORM' }, ev.t);
        break;
      }
      case 'recv':
        lastRecv.set(ev.n, ev.m);
        break;
      case 'send': {
        const msg = ev.msg;
        const op = numberField(msg, 'op');
        const zxid = numberField(msg, 'zxid');
        const to = peerOf.get(`${n}:${ev.conn}`);
        if (
          msg.type === 'REQUEST' &&
          isServer(n) &&
          to &&
          isServer(to) &&
          op !== undefined &&
          (WRITE_OPS.has(op) || op === -10 || op === -11)
        ) {
          const b: StepBody = {
            k: 'forward',
            server: me,
            leader: sidOf(to),
            op: opText(op),
            observer: observers.has(me),
          };
          const path = bodyPath(msg);
          if (path !== undefined) b.path = path;
          push(b, ev.t);
          break;
        }
        if (!collecting || !to || !isServer(to)) break;
        const s = collecting.step;
        const peer = sidOf(to);
        if (s.k === 'propose' && msg.type === 'PROPOSAL' && zxid === s.zxid) s.to.push(peer);
        else if (s.k === 'commit' && msg.type === 'COMMIT' && zxid === s.zxid) s.commitTo.push(peer);
        else if (s.k === 'commit' && msg.type === 'INFORM' && zxid === s.zxid) s.informTo.push(peer);
        else if (s.k === 'sync' && peer === s.peer && zxid !== undefined) {
          if (msg.type === 'COMMIT') s.txns.push(txn(zxid));
          else if (msg.type === 'PROPOSAL') s.inflight.push(zxid);
        }
        break;
      }
      case 'client.connected': {
        const server = ensemble.clientAddrs?.[ev.server] ?? Number(ev.server.split(':')[1]) - 2181;
        clientServer.set(ev.n, server);
        const session = `0x${ev.session.toString(16)}`;
        push({ k: 'session', client: ev.n, server, session, reconnect: sessionSeen.has(session) }, ev.t);
        sessionSeen.add(session);
        break;
      }
      case 'client.disconnected':
        clientServer.delete(ev.n);
        break;
      case 'client.call':
        if (WRITE_OPS.has(ev.op)) {
          callPath.set(`${String(ev.session)}:${ev.xid}`, { op: opText(ev.op), path: ev.path });
          const b: StepBody = { k: 'call', client: ev.n, op: opText(ev.op), path: ev.path };
          const server = clientServer.get(ev.n);
          if (server !== undefined) b.server = server;
          push(b, ev.t);
        }
        break;
      case 'client.return':
        if (WRITE_OPS.has(ev.op)) {
          const b: StepBody = {
            k: 'reply',
            client: ev.n,
            op: opText(ev.op),
            path: ev.path,
            rc: ev.rc,
            zxid: ev.zxid,
          };
          const server = clientServer.get(ev.n);
          if (server !== undefined) b.server = server;
          push(b, ev.t);
        }
        break;
      default:
        break;
    }
  }
  // Txns named before their content was seen (a sync of history loaded from disk): name them now.
  const named = (t: Txn): Txn => (t.op === '?' ? (txnOf.get(t.zxid) ?? t) : t);
  for (const s of steps) {
    if (s.k === 'sync') s.txns = s.txns.map(named);
    if (s.k === 'truncate') s.dropped = s.dropped.map(named);
    if (s.k === 'propose') s.to.sort((a, b) => a - b);
    if (s.k === 'commit') {
      s.commitTo.sort((a, b) => a - b);
      s.informTo.sort((a, b) => a - b);
    }
  }
  // Sync steps: in-flight proposals are not part of the DIFF; a DIFF's txns that no leader had
  // committed when it sent them are the new leader's history being kept (and committed now).
  for (const s of steps) {
    if (s.k !== 'sync') continue;
    s.inflight = s.inflight.filter((z) => !s.txns.some((t) => t.zxid === z));
    s.why = syncWhy(s.mode, s.peerLastZxid, s.leaderLastZxid, s.txns.length);
  }
  markRecovered(steps);
  return steps;
}

/**
 * DIFF txns proposed in this run and not committed by the leader that proposed them before
 * this sync (it failed first): the new leader's history keeps them.
 */
function markRecovered(steps: Step[]): void {
  const committedAt = new Map<number, number>();
  const proposed = new Set<number>();
  for (const s of steps) {
    if (s.k === 'commit' && !committedAt.has(s.zxid)) committedAt.set(s.zxid, s.t);
    if (s.k === 'propose') proposed.add(s.zxid);
  }
  for (const s of steps) {
    if (s.k !== 'sync') continue;
    s.recovered = s.txns.filter((t) => {
      const at = committedAt.get(t.zxid);
      return proposed.has(t.zxid) && (at === undefined || at > s.t);
    });
  }
}

/**
 * The steps that tell the story (zksim demo): all but the routine ones — election timeouts,
 * notifications that change no vote, and each FOLLOWERINFO (the new-epoch step names the
 * quorum that sent them).
 */
export function storySteps(steps: readonly Step[]): Step[] {
  return steps.filter((s) => {
    if (s.k === 'timeout' || s.k === 'learner') return false;
    if (s.k === 'hear') return s.outcome === 'adopt' || s.outcome === 'newer-round';
    return true;
  });
}

/** A message's numeric field (`op` of a forwarded REQUEST, `zxid` of a quorum packet), if it has one. */
function numberField(msg: Message, key: 'op' | 'zxid'): number | undefined {
  const v: unknown = Reflect.get(msg, key);
  return typeof v === 'number' ? v : undefined;
}

/** The path of a forwarded REQUEST (its body's), if it has one. */
function bodyPath(msg: Message): string | undefined {
  const body: unknown = Reflect.get(msg, 'body');
  if (typeof body !== 'object' || body === null) return undefined;
  const path: unknown = Reflect.get(body, 'path');
  return typeof path === 'string' ? path : undefined;
}
