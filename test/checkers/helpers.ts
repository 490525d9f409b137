// Hand-made histories for the checkers: a builder of trace events, and one good run that every
// checker must stay quiet on (leader change with an uncommitted tail, a restart, DIFF syncs,
// sessions with ephemerals, a multi, a closeSession).
import type { Actor } from '../../protocol/actor.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import { makeZxid } from '../../protocol/zxid.ts';
import type { Checker } from '../../sim/engine/world.ts';
import { World } from '../../sim/engine/world.ts';
import type { TraceFieldsOf } from '../../sim/engine/trace-events.ts';
import type { TraceEvent, TraceKind } from '../../sim/engine/trace.ts';
import type { ServerState } from '../../protocol/election/Vote.ts';

export const z = (epoch: number, counter: number): number => makeZxid(epoch, counter);

export interface Txn {
  type: number;
  session: bigint;
  cxid?: number;
  path?: string;
  ephemeralOwner?: bigint;
  paths?: string[];
  ops?: { type: number; path?: string; ephemeralOwner?: bigint }[];
}

const idle = (): Actor => ({ start() {}, onMessage() {} });

export class History {
  readonly w = new World(1);

  constructor(...checkers: Checker[]) {
    for (const c of checkers) this.w.addChecker(c);
  }

  /** Add idle nodes s1..sN (for checkers that look at the world's processes). */
  nodes(n: number): this {
    for (let i = 1; i <= n; i++) this.w.addNode(`s${i}`, idle);
    return this;
  }

  ev<K extends TraceKind>(n: string | undefined, k: K, fields: TraceFieldsOf<K>): this {
    const head = { i: this.w.trace.count, t: this.w.now, k, ...(n === undefined ? {} : { n }) };
    // As in World: TypeScript cannot tie a generic K's fields to its member of the union.
    this.w.emit({ ...head, ...fields } as TraceEvent);
    return this;
  }

  at(ms: number): this {
    this.w.now = Math.round(ms * 1000);
    return this;
  }

  get violations() {
    return this.w.violations;
  }

  messages(): string[] {
    return this.w.violations.map((v) => `${v.checker}: ${v.message}`);
  }

  finish(): this {
    this.w.finish();
    return this;
  }

  // ---- servers ----------------------------------------------------------------------------

  start(n: string, lastZxid = 0, acceptedEpoch = 0, currentEpoch = acceptedEpoch): this {
    this.ev(n, 'proc', { what: 'start', inc: 1 });
    this.ev(n, 'peer.loaded', { myid: Number(n.slice(1)), lastZxid, currentEpoch, acceptedEpoch, txns: 0 });
    return this.state(n, 'LOOKING', lastZxid);
  }

  crash(n: string): this {
    return this.ev(n, 'proc', { what: 'crash' });
  }

  state(n: string, state: ServerState, zxid: number, leader: number | null = null): this {
    return this.ev(n, 'state', { state, leader, round: 1, peerEpoch: 0, zxid });
  }

  epoch(n: string, file: 'acceptedEpoch' | 'currentEpoch', value: number): this {
    return this.ev(n, 'zab.epoch', { file, value });
  }

  /** Discovery and sync of a new leader with its followers, up to established (followers' syncs are the caller's). */
  lead(leader: string, epoch: number, followers: string[]): this {
    const lid = Number(leader.slice(1));
    this.state(leader, 'LEADING', 0, lid);
    for (const f of followers) this.state(f, 'FOLLOWING', 0, lid);
    const all = [leader, ...followers];
    for (const n of all) this.epoch(n, 'acceptedEpoch', epoch);
    for (const n of all) this.epoch(n, 'currentEpoch', epoch);
    return this.ev(leader, 'zab.established', { epoch, acks: all.map((n) => Number(n.slice(1))).sort() });
  }

  uptodate(n: string, leader: string, epoch: number, lastZxid: number): this {
    return this.ev(n, 'zab.uptodate', { leader: Number(leader.slice(1)), epoch, lastZxid });
  }

  propose(leader: string, zxid: number, txn?: Txn): this {
    const f: TraceFieldsOf<'zab.propose'> = { zxid, epoch: Math.floor(zxid / 2 ** 32) };
    if (txn)
      Object.assign(f, { type: txn.type, session: txn.session, ...(txn.cxid === undefined ? {} : { cxid: txn.cxid }) });
    return this.ev(leader, 'zab.propose', f);
  }

  logged(nodes: string[], zxid: number): this {
    for (const n of nodes) this.ev(n, 'zab.logged', { zxid });
    return this;
  }

  commit(leader: string, zxid: number, acks: string[]): this {
    return this.ev(leader, 'zab.commit', { zxid, acks: acks.map((n) => Number(n.slice(1))).sort() });
  }

  deliver(nodes: string[], zxid: number, txn: Txn): this {
    for (const n of nodes) this.ev(n, 'zab.deliver', { zxid, ...txn });
    return this;
  }

  /** A whole broadcast: propose, log everywhere, commit, deliver everywhere (leader first). */
  write(leader: string, followers: string[], zxid: number, txn: Txn): this {
    const all = [leader, ...followers];
    return this.propose(leader, zxid, txn).logged(all, zxid).commit(leader, zxid, all).deliver(all, zxid, txn);
  }

  // ---- clients ----------------------------------------------------------------------------

  call(c: string, session: bigint, xid: number, op: number, path: string): this {
    return this.ev(c, 'client.call', { session, xid, op, path });
  }

  ret(c: string, session: bigint, xid: number, op: number, path: string, rc: number, zxid: number): this {
    return this.ev(c, 'client.return', { session, xid, op, path, rc, zxid });
  }

  /** A client write: call, broadcast, OK reply. */
  clientWrite(
    c: string,
    leader: string,
    followers: string[],
    zxid: number,
    txn: Txn & { cxid: number },
    op = txn.type,
  ): this {
    const path = txn.path ?? '';
    return this.call(c, txn.session, txn.cxid, op, path)
      .write(leader, followers, zxid, txn)
      .ret(c, txn.session, txn.cxid, op, path, 0, zxid);
  }
}

export const S = 0x1000n;
export const T = 0x2000n;

/**
 * A good run of three servers. Epoch 1 (s3 leads): sessions, an ephemeral, a setData; a last
 * setData (0x104) is logged on s3 and s2 only when s3 crashes. Epoch 2 (s2 leads, its history
 * ends with that uncommitted 0x104, which it commits): s1 gets it by DIFF, a create; s3 comes
 * back with 0x104 on disk and syncs by DIFF. Then closeSession removes the ephemeral, another
 * session reads it gone and runs a multi.
 */
export function goodRun(h: History): History {
  h.at(0).start('s1').start('s2').start('s3');
  h.at(1000).lead('s3', 1, ['s1', 's2']).uptodate('s1', 's3', 1, 0).uptodate('s2', 's3', 1, 0);
  h.at(2000).ev('c1', 'proc', { what: 'start', inc: 1 });
  h.write('s3', ['s1', 's2'], z(1, 1), { type: OpCode.createSession, session: S, cxid: 0 });
  h.clientWrite('c1', 's3', ['s1', 's2'], z(1, 2), {
    type: OpCode.create,
    session: S,
    cxid: 1,
    path: '/e',
    ephemeralOwner: S,
  });
  h.clientWrite('c1', 's3', ['s1', 's2'], z(1, 3), { type: OpCode.setData, session: S, cxid: 2, path: '/e' });
  h.call('c1', S, 3, OpCode.getData, '/e').ret('c1', S, 3, OpCode.getData, '/e', 0, z(1, 3));
  h.call('c1', S, 4, OpCode.setData, '/e');
  h.propose('s3', z(1, 4), { type: OpCode.setData, session: S, cxid: 4 }).logged(['s3', 's2'], z(1, 4));
  h.at(3000).crash('s3').ret('c1', S, 4, OpCode.setData, '/e', -4, -1);
  h.ev('s1', 'zab.learner-shutdown', { leader: 3, reason: 'Connection to leader broken' }).state(
    's1',
    'LOOKING',
    z(1, 3),
  );
  h.ev('s2', 'zab.learner-shutdown', { leader: 3, reason: 'Connection to leader broken' }).state(
    's2',
    'LOOKING',
    z(1, 4),
  );
  // s1 syncs z(1,4) by DIFF and has it on disk before it ACKs NEWLEADER (as 3.8 with ZOOKEEPER-4646 fixed)
  h.at(4000).logged(['s1'], z(1, 4)).lead('s2', 2, ['s1']);
  h.deliver(['s1'], z(1, 4), { type: OpCode.setData, session: S, cxid: 4, path: '/e' }).uptodate(
    's1',
    's2',
    2,
    z(1, 4),
  );
  h.at(5000).clientWrite('c1', 's2', ['s1'], z(2, 1), { type: OpCode.create, session: S, cxid: 5, path: '/f' });
  h.at(6000).start('s3', z(1, 4), 1).state('s3', 'FOLLOWING', 0, 2).epoch('s3', 'acceptedEpoch', 2);
  h.logged(['s3'], z(2, 1)).deliver(['s3'], z(2, 1), { type: OpCode.create, session: S, cxid: 5, path: '/f' });
  h.epoch('s3', 'currentEpoch', 2).uptodate('s3', 's2', 2, z(2, 1));
  h.at(7000).clientWrite('c1', 's2', ['s1', 's3'], z(2, 2), {
    type: OpCode.closeSession,
    session: S,
    cxid: 6,
    paths: ['/e'],
  });
  h.ev('c2', 'proc', { what: 'start', inc: 1 });
  h.write('s2', ['s1', 's3'], z(2, 3), { type: OpCode.createSession, session: T, cxid: 0 });
  h.call('c2', T, 1, OpCode.exists, '/e').ret('c2', T, 1, OpCode.exists, '/e', -101, z(2, 3));
  h.at(8000).clientWrite('c2', 's2', ['s1', 's3'], z(2, 4), {
    type: OpCode.multi,
    session: T,
    cxid: 2,
    ops: [
      { type: OpCode.create, path: '/g', ephemeralOwner: T },
      { type: OpCode.setData, path: '/f' },
    ],
  });
  h.call('c2', T, 3, OpCode.getData, '/g').ret('c2', T, 3, OpCode.getData, '/g', 0, z(2, 4));
  return h;
}
