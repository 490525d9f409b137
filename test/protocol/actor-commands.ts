// One QuorumPeer — its QuorumCnxManager and FastLeaderElection, and the roles after them — stepped
// one input at a time through a RecordingContext (recording-context.ts). Each command gives the
// peer one input and prints everything it did in response, in order:
//   → sN TYPE fields     a message it sent (its type bare, as reports/event-line.ts prints it)
//   connect sN PORT      a connection it opened (PORT: election, quorum)   close sN PORT
//   listen ADDR          timer TAG MS      cancel TAG      fsync FILE
//   trace KIND fields    a trace event (ctx.trace), as the event line's body
//   exit CODE REASON
//
//   peer sN servers=3 [observers=0] [log=(...)] [accepted=E] [current=E] [bug=ZK-NNNN]
//        [tickTime=2000] [initLimit=10] [syncLimit=5]
//       server N of that ensemble (scenarios/ensemble.ts's zoo.cfg and myid), its disk as a
//       past run left it (history.ts; epoch files as `history` writes them); not started
//   start                        QuorumPeer.start: load the database, open the election port, look
//   connected sM [port=election] our connection to sM is established (onConnect)
//   refused sM [port=election]   it failed (onConnectFailed)
//   accept sM [port=election]    sM connected to our port (onAccept)
//   hello sM                     sM's QuorumCnxManager greeting (its sid) on our connection with it
//   closed sM [port=election]    sM closed our connection with it (onClose)
//   link sM                      connected/accept/hello as QuorumCnxManager's rule needs, until
//                                the election connection with sM stands (the larger sid's)
//   notify sM leader=L zxid=Z round=R [state=LOOKING] [epoch=E]
//                                a notification from sM on the election connection with it
//   packet sM TYPE [zxid=Z] [path=/p] [epoch=E]
//                                a quorum packet from sM on our quorum connection with it. From a
//                                leader: LEADERINFO, DIFF, TRUNC, PROPOSAL (a create of path, by
//                                default /hE.C), COMMIT, INFORM, NEWLEADER, UPTODATE, PING. From a
//                                learner: FOLLOWERINFO / OBSERVERINFO (epoch= its acceptedEpoch),
//                                ACKEPOCH (zxid= its last zxid, epoch= its currentEpoch or -1),
//                                ACK, PING
//   fire TAG                     the pending timer with that tag fires (the clock moves to it)
//   fsync-done [all] [file=NAME] the oldest pending fsync completes (all: every one; file: the
//                                oldest of the file whose name is NAME, e.g. snapshot.0)
//   timers                       the pending timers
import type { Message } from '../../protocol/actor.ts';
import { type NotificationMsg, type QcmHello, notification } from '../../protocol/election/Notification.ts';
import type { ServerState } from '../../protocol/election/Vote.ts';
import { QuorumPeer } from '../../protocol/server/QuorumPeer.ts';
import { makeZxid } from '../../protocol/zxid.ts';
import { configPath, dataDir, zooCfgText } from '../../scenarios/ensemble.ts';
import { type Args, type Directive, ScriptError } from './datadriven.ts';
import type { QuorumPacket } from '../../protocol/zab/packets.ts';
import { historyFiles, historyTxn, parseZxid, parseZxids } from './history.ts';
import { bugsOf } from './world-commands.ts';
import { type RecordedConn, RecordingContext } from './recording-context.ts';

export interface ActorSession {
  ctx: RecordingContext | undefined;
  peer: QuorumPeer | undefined;
  me: number;
  servers: number;
}

export type ActorCommand = (a: Args, d: Directive, s: ActorSession) => string;

const need = (s: ActorSession, a: Args): { ctx: RecordingContext; peer: QuorumPeer } => {
  if (!s.ctx || !s.peer) throw new ScriptError(`${a.where}: no peer yet (peer sN servers=N first)`);
  return { ctx: s.ctx, peer: s.peer };
};

const out = (ctx: RecordingContext): string => ctx.take().join('\n');

function sidOf(s: ActorSession, name: string | undefined, where: string): number {
  const m = /^s(\d+)$/.exec(name ?? '');
  const sid = m ? Number(m[1]) : Number.NaN;
  if (!(sid >= 1 && sid <= s.servers) || sid === s.me)
    throw new ScriptError(`${where}: '${name}' is not another server of the ensemble`);
  return sid;
}

const peer: ActorCommand = (a, _d, s) => {
  const [name, ...more] = a.words();
  const me = Number(/^s(\d+)$/.exec(name ?? '')?.[1]);
  if (!me || more.length > 0) throw new ScriptError(`${a.where}: peer names one server (peer s2 servers=3)`);
  const servers = a.int('servers', 3);
  const observers = a.int('observers', 0);
  const bugs = bugsOf(a.list('bug'), a.where);
  const zxids = parseZxids(a.list('log') ?? [], a.where);
  const lastEpoch = zxids.length > 0 ? Math.floor(zxids.at(-1)! / 2 ** 32) : 0;
  const accepted = a.int('accepted', lastEpoch);
  const current = a.int('current', lastEpoch);
  const snap = a.str('snap');
  const shape = {
    servers,
    observers,
    tickTime: a.int('tickTime', 2000),
    initLimit: a.int('initLimit', 10),
    syncLimit: a.int('syncLimit', 5),
  };
  a.done([name!]);
  const addresses = new Map<string, [string, string]>();
  for (let i = 1; i <= servers + observers; i++) {
    addresses.set(`localhost:${3665 + i}`, [`s${i}`, 'election']);
    addresses.set(`localhost:${2665 + i}`, [`s${i}`, 'quorum']);
  }
  const ctx = new RecordingContext(`s${me}`, addresses);
  ctx.disk.seed(configPath(me), zooCfgText(shape, me));
  ctx.disk.seed(`${dataDir(me)}/myid`, `${me}\n`);
  const h = { zxids, accepted, current, ...(snap !== undefined ? { snap: parseZxid(snap, a.where) } : {}) };
  for (const [f, text] of historyFiles(dataDir(me), h)) ctx.disk.seed(f, text);
  const p = new QuorumPeer(ctx.root, { configPath: configPath(me), bugs: new Set(bugs) });
  Object.assign(s, { ctx, peer: p, me, servers: servers + observers });
  return '';
};

const start: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  a.done();
  peer.start();
  return out(ctx);
};

function connOf(ctx: RecordingContext, peer: string, port: string, state: RecordedConn['state'], outgoing?: boolean) {
  let found: RecordedConn | undefined;
  for (const c of ctx.conns.values())
    if (c.peer === peer && c.port === port && c.state === state && (outgoing === undefined || c.outgoing === outgoing))
      found = c;
  return found;
}

const connected: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const sid = sidOf(s, a.words()[0], a.where);
  const port = a.str('port', 'election');
  a.done(a.words());
  const c = connOf(ctx, `s${sid}`, port, 'connecting');
  if (!c) throw new ScriptError(`${a.where}: no connection to s${sid} ${port} is being opened`);
  c.state = 'open';
  peer.onConnect(c.id);
  return out(ctx);
};

const refused: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const sid = sidOf(s, a.words()[0], a.where);
  const port = a.str('port', 'election');
  a.done(a.words());
  const c = connOf(ctx, `s${sid}`, port, 'connecting');
  if (!c) throw new ScriptError(`${a.where}: no connection to s${sid} ${port} is being opened`);
  c.state = 'closed';
  peer.onConnectFailed(c.id);
  return out(ctx);
};

function addrOf(sid: number, port: string): string {
  return `localhost:${(port === 'election' ? 3665 : 2665) + sid}`;
}

const accept: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const sid = sidOf(s, a.words()[0], a.where);
  const port = a.str('port', 'election');
  a.done(a.words());
  const c = ctx.accept(`s${sid}`, port);
  peer.onAccept(c.id, addrOf(s.me, port), `127.0.0.1:${40000 + c.id}`);
  return out(ctx);
};

/** The open election connection with sM (the newest). */
function electionConn(ctx: RecordingContext, sid: number, where: string): RecordedConn {
  const c = connOf(ctx, `s${sid}`, 'election', 'open');
  if (!c) throw new ScriptError(`${where}: no open election connection with s${sid} (link s${sid} first)`);
  return c;
}

const hello: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const sid = sidOf(s, a.words()[0], a.where);
  a.done(a.words());
  const c = electionConn(ctx, sid, a.where);
  const msg: QcmHello = { type: 'qcm.hello', sid, electionAddr: addrOf(sid, 'election'), protocolVersion: -65536 };
  peer.onMessage(c.id, msg);
  return out(ctx);
};

const closed: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const sid = sidOf(s, a.words()[0], a.where);
  const port = a.str('port', 'election');
  a.done(a.words());
  const c = connOf(ctx, `s${sid}`, port, 'open');
  if (!c) throw new ScriptError(`${a.where}: no open ${port} connection with s${sid}`);
  c.state = 'closed';
  peer.onClose(c.id, 'closed');
  return out(ctx);
};

const link: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const names = a.words();
  a.done(names);
  const lines: string[] = [];
  for (const name of names) {
    const sid = sidOf(s, name, a.where);
    const pending = connOf(ctx, name, 'election', 'connecting', true);
    if (pending) {
      lines.push(`# connected ${name}`);
      pending.state = 'open';
      peer.onConnect(pending.id);
      lines.push(...ctx.take());
    }
    if (sid > s.me || !pending) {
      // The larger sid keeps the connection it opened: it connects to us and says hello.
      lines.push(`# accept ${name}, hello ${name}`);
      const c = ctx.accept(name, 'election');
      peer.onAccept(c.id, addrOf(s.me, 'election'), `127.0.0.1:${40000 + c.id}`);
      peer.onMessage(c.id, {
        type: 'qcm.hello',
        sid,
        electionAddr: addrOf(sid, 'election'),
        protocolVersion: -65536,
      } as QcmHello);
      lines.push(...ctx.take());
      // A smaller sid that connected to us is hung up on; we connect back.
      const back = connOf(ctx, name, 'election', 'connecting', true);
      if (back) {
        lines.push(`# connected ${name}`);
        back.state = 'open';
        peer.onConnect(back.id);
        lines.push(...ctx.take());
      }
    }
  }
  return lines.join('\n');
};

const STATES: readonly ServerState[] = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'];

const notify: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const sid = sidOf(s, a.words()[0], a.where);
  const leader = a.int('leader');
  const round = a.int('round');
  const zxidArg = a.str('zxid');
  if (leader === undefined || round === undefined || zxidArg === undefined)
    throw new ScriptError(`${a.where}: notify needs leader=, zxid= and round=`);
  const state = a.str('state', 'LOOKING') as ServerState;
  if (!STATES.includes(state)) throw new ScriptError(`${a.where}: state is one of ${STATES.join(', ')}`);
  const epoch = a.int('epoch', 0);
  a.done(a.words());
  const zxid = zxidArg === '-1' ? -1 : parseZxid(zxidArg, a.where);
  const msg: NotificationMsg = notification(leader, zxid, round, state, epoch);
  peer.onMessage(electionConn(ctx, sid, a.where).id, msg);
  return out(ctx);
};

const PACKETS = [
  'LEADERINFO',
  'DIFF',
  'TRUNC',
  'PROPOSAL',
  'COMMIT',
  'INFORM',
  'NEWLEADER',
  'UPTODATE',
  'PING',
  'FOLLOWERINFO',
  'OBSERVERINFO',
  'ACKEPOCH',
  'ACK',
];

const packet: ActorCommand = (a, _d, s) => {
  const { ctx, peer } = need(s, a);
  const [name, type, ...more] = a.words();
  const sid = sidOf(s, name, a.where);
  if (!type || !PACKETS.includes(type) || more.length > 0)
    throw new ScriptError(`${a.where}: packet sM TYPE, TYPE one of ${PACKETS.join(' ')}`);
  const zxid = parseZxid(a.str('zxid', '0'), a.where);
  const path = a.str('path');
  const epoch = a.int('epoch', 0);
  a.done([name!, type]);
  let p: QuorumPacket;
  if (type === 'LEADERINFO') p = { type, zxid, protocolVersion: 0x10000 };
  else if (type === 'FOLLOWERINFO' || type === 'OBSERVERINFO')
    p = { type, sid, zxid: makeZxid(epoch, 0), protocolVersion: 0x10000 };
  else if (type === 'ACKEPOCH') p = { type, zxid, epoch };
  else if (type === 'PROPOSAL' || type === 'INFORM') {
    const txn = historyTxn(zxid);
    if (path !== undefined) (txn.txn as { path: string }).path = path;
    p = { type, zxid, txn };
  } else if (type === 'PING') p = { type, zxid };
  else p = { type: type as 'DIFF', zxid };
  const c = connOf(ctx, `s${sid}`, 'quorum', 'open');
  if (!c) throw new ScriptError(`${a.where}: no open quorum connection with s${sid} (connected s${sid} port=quorum)`);
  peer.onMessage(c.id, p as Message);
  return out(ctx);
};

const fire: ActorCommand = (a, _d, s) => {
  const { ctx } = need(s, a);
  const [tag, ...more] = a.words();
  if (!tag || more.length > 0) throw new ScriptError(`${a.where}: fire names one timer tag`);
  a.done([tag]);
  const t = ctx.timer(tag);
  if (!t) throw new ScriptError(`${a.where}: no pending timer ${tag}`);
  ctx.fire(t);
  return out(ctx);
};

const fsyncDone: ActorCommand = (a, _d, s) => {
  const { ctx } = need(s, a);
  const all = a.words().includes('all');
  const name = a.str('file');
  a.done(['all']);
  const file = name === undefined ? undefined : ctx.fsyncs.find((f) => f.file.endsWith(`/${name}`))?.file;
  if (name !== undefined && file === undefined) throw new ScriptError(`${a.where}: no fsync of ${name} pending`);
  if (!ctx.completeFsync(file)) throw new ScriptError(`${a.where}: no fsync pending`);
  while (all && ctx.completeFsync()) {}
  return out(ctx);
};

const timers: ActorCommand = (a, _d, s) => {
  const { ctx } = need(s, a);
  a.done();
  const list = [...ctx.timers.values()].sort((x, y) => x.dueMs - y.dueMs || x.id - y.id);
  return list.length === 0
    ? 'no timers'
    : list
        .map((t) =>
          t.dueMs >= ctx.elapsedMs
            ? `${t.tag} in ${t.dueMs - ctx.elapsedMs}ms`
            : `${t.tag} overdue by ${ctx.elapsedMs - t.dueMs}ms`,
        )
        .join('\n');
};

export const ACTOR_COMMANDS: Record<string, ActorCommand> = {
  peer,
  start,
  connected,
  refused,
  accept,
  hello,
  closed,
  link,
  notify,
  packet,
  fire,
  'fsync-done': fsyncDone,
  timers,
};
