// linearizable: a black-box check of the client histories, Knossos/Porcupine style. It uses only
// what clients sent and got back (client.call / client.return: op, path, expected version,
// create flags, multi sub-ops, rc, the returned version; call and return in simulated global
// time), never protocol internals, and checks them with Wing & Gong / Lowe's algorithm (wgl.ts),
// P-compositionally: one register per znode path, whose state is its version (-1: absent).
//
// What is in the model (ZooKeeper's guarantees, Programmer's Guide, 3.8):
// - writes are linearizable: create, setData, delete, and the sub-ops of a multi. Outputs
//   checked: create OK/NODEEXISTS, setData OK (and the version it returned)/NONODE/BADVERSION,
//   delete OK/NONODE/BADVERSION/NOTEMPTY. A multi's reply is OK whether or not it applied (3.8
//   puts the outcome in its per-op results, which client.return does not carry), so a multi is
//   open-ended, split per path (each projection of a linearizable history is linearizable, so
//   the split can only miss a violation, never invent one).
// - a call without a reply (ConnectionLoss, timeouts, the run ended: the client failed it itself,
//   zxid -1) may or may not have taken effect: it is open-ended. A server's error reply took no effect.
// - plain reads are only sequentially consistent per session in ZooKeeper (a follower may lag),
//   so reads are not in this model; and reads after `sync` are left out too: 3.8's sync is not a
//   quorum operation (ZOOKEEPER-1675, open), a read after sync can be stale. Per-session FIFO and
//   monotonic reads are client-consistency's (white-box, by zxid).
// - left out: sequential creates (unique names) and every op on a name one of them made (the
//   create that made it is not in the model), and every path that had an ephemeral, container
//   or TTL create (they vanish without a client op).
// The initial state: every path absent (the run's clients create everything they use); the
// nodes every 3.8 tree starts with ('/', /zookeeper, /zookeeper/quota, /zookeeper/config:
// DataTree's constructor) are left out, as they exist before any client op.
// Bounded: at most BUDGET search steps per path check; past it the path's answer is 'unknown'
// (counted in `unknown`, never reported as a violation). On a violation it reports the shortest
// non-linearizable prefix of that path's history: the ops called up to the earliest return at
// which the history so far is already non-linearizable (those not returned by then counted as
// open-ended), and its last ops.
import { Code } from '../../protocol/errors.ts';
import { OpCode, opName } from '../../protocol/server/txn.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { Checker, World } from '../engine/world.ts';
import { hexSession } from './replicas.ts';
import { type WglModel, type WglOp, wglCheck } from './wgl.ts';

/** The znodes DataTree's constructor makes: not absent at the start, so not in the model. */
const PRESENT_AT_START = (path: string): boolean =>
  path === '/' || path === '/zookeeper' || path.startsWith('/zookeeper/');

type Kind = 'create' | 'set' | 'delete' | 'check';

export interface RegOp {
  kind: Kind;
  /** The expected version (-1: any). */
  v: number;
  /** rc; undefined: unknown outcome. */
  rc: number | undefined;
  /** setData's returned version, when it returned one. */
  retVersion?: number;
  /** For the report. */
  desc: string;
  /** The return's trace event index (-1: none). */
  i: number;
}

const applies = (s: number, op: RegOp): boolean =>
  op.kind === 'create' ? s < 0 : s >= 0 && (op.v === -1 || op.v === s);

const effect = (s: number, op: RegOp): number =>
  op.kind === 'create' ? 0 : op.kind === 'set' ? s + 1 : op.kind === 'delete' ? -1 : s;

/** The znode register: state = version, -1 absent. */
export const znodeModel: WglModel<number, RegOp> = {
  init: -1,
  key: (s) => String(s),
  step(s, op) {
    if (op.rc === undefined) return applies(s, op) ? effect(s, op) : s;
    switch (op.rc) {
      case Code.OK:
        if (!applies(s, op)) return undefined;
        if (op.retVersion !== undefined && op.kind === 'set' && op.retVersion !== s + 1) return undefined;
        return effect(s, op);
      case Code.NODEEXISTS:
        return op.kind === 'create' && s >= 0 ? s : undefined;
      case Code.NONODE:
        return op.kind !== 'create' && s < 0 ? s : undefined;
      case Code.BADVERSION:
        return op.kind !== 'create' && s >= 0 && op.v !== -1 && op.v !== s ? s : undefined;
      case Code.NOTEMPTY:
        return op.kind === 'delete' && s >= 0 ? s : undefined;
      default:
        return s;
    }
  },
};

const BUDGET = 200_000;
/** CreateMode flags of nodes that go away without a client op: ephemeral (1, 3), container (4), TTL (5, 6). */
const VANISHING = new Set([1, 3, 4, 5, 6]);
const SEQUENTIAL = new Set([2, 3, 6]);

interface Pending {
  call: number;
  session: bigint;
  n: string;
  xid: number;
  op: number;
  path: string;
  version: number;
  flags: number | undefined;
  subs: { op: number; path: string; version?: number; flags?: number }[] | undefined;
}

const KIND: Record<number, Kind | undefined> = {
  [OpCode.create]: 'create',
  [OpCode.create2]: 'create',
  [OpCode.setData]: 'set',
  [OpCode.delete]: 'delete',
  [OpCode.check]: 'check',
};

export class LinearizableChecker implements Checker {
  readonly name = 'linearizable';
  readonly kinds = ['client.call', 'client.return'] as const;
  private readonly pending = new Map<string, Pending>();
  private readonly byPath = new Map<string, WglOp<RegOp>[]>();
  private readonly excluded = new Set<string>();
  /**
   * The request paths of sequential creates: every name one made (the path + 10 digits) came
   * into being by an op the model leaves out, so the ops on it are left out too — also when the
   * create's reply was lost (a ConnectionLoss) and the client found its node by name.
   */
  private readonly sequentialStems = new Set<string>();
  /** Paths whose check ran out of budget. */
  readonly unknown: string[] = [];
  /** Search steps spent (for bench). */
  readonly counter = { steps: 0 };

  constructor(private readonly budget = BUDGET) {}

  onEvent(ev: TraceEvent, _world: World): void {
    if (ev.k === 'client.call') this.onCall(ev);
    else if (ev.k === 'client.return') this.onReturn(ev);
  }

  private onCall(ev: EventOf<'client.call'>): void {
    const subs = ev.ops;
    if (ev.op !== OpCode.multi && KIND[ev.op] === undefined) {
      if (ev.op === OpCode.createContainer || ev.op === OpCode.createTTL) this.excluded.add(ev.path);
      return;
    }
    for (const s of subs ?? [ev])
      if (KIND[s.op] === 'create' && SEQUENTIAL.has(s.flags ?? 0)) this.sequentialStems.add(s.path);
    for (const s of subs ?? [ev])
      if (s.op === OpCode.createContainer || s.op === OpCode.createTTL || VANISHING.has(s.flags ?? 0))
        this.excluded.add(s.path);
    this.pending.set(`${ev.n}|${ev.session}|${ev.xid}`, {
      call: ev.t,
      session: ev.session,
      n: ev.n ?? '',
      xid: ev.xid,
      op: ev.op,
      path: ev.path,
      version: ev.version ?? -1,
      flags: ev.flags,
      subs,
    });
  }

  private onReturn(ev: EventOf<'client.return'>): void {
    const k = `${ev.n}|${ev.session}|${ev.xid}`;
    const k0 = `${ev.n}|0|${ev.xid}`;
    const p = this.pending.get(k) ?? this.pending.get(k0);
    if (p === undefined) return;
    this.pending.delete(k);
    this.pending.delete(k0);
    const definite = ev.zxid >= 0;
    if (p.op === OpCode.multi) {
      // Open-ended: the reply's rc does not say whether it applied (see above).
      for (const s of p.subs ?? []) {
        const kind = KIND[s.op];
        if (kind === undefined || SEQUENTIAL.has(s.flags ?? 0)) continue;
        this.add(s.path, p, ev, { kind, v: s.version ?? -1, rc: undefined }, `multi: ${opName[s.op] ?? s.op}`);
      }
      return;
    }
    const kind = KIND[p.op]!;
    if (kind === 'create' && SEQUENTIAL.has(p.flags ?? 0)) return;
    const op: Omit<RegOp, 'desc' | 'i'> = { kind, v: p.version, rc: definite ? ev.rc : undefined };
    if (kind === 'set' && definite && ev.rc === Code.OK && ev.version !== undefined) op.retVersion = ev.version;
    this.add(p.path, p, ev, op, opName[p.op] ?? String(p.op));
  }

  private add(
    path: string,
    p: Pending,
    ev: EventOf<'client.return'>,
    op: Omit<RegOp, 'desc' | 'i'>,
    what: string,
  ): void {
    const definite = op.rc !== undefined;
    const replied = ev.zxid >= 0;
    const out = !definite
      ? replied
        ? '? (multi)'
        : '? (no reply)'
      : `${op.rc === Code.OK ? 'OK' : (codeName[op.rc!] ?? op.rc)}${op.retVersion !== undefined ? ` version ${op.retVersion}` : ''}`;
    const desc = `${p.n} session ${hexSession(p.session)} xid ${p.xid} ${what} ${path}${op.v !== -1 ? ` (version ${op.v})` : ''} → ${out} [${ms(p.call)}..${definite ? ms(ev.t) : '∞'} ms]`;
    let l = this.byPath.get(path);
    if (!l) this.byPath.set(path, (l = []));
    l.push({ call: p.call, ret: definite ? ev.t : Infinity, input: { ...op, desc, i: ev.i } });
  }

  private madeBySequential(path: string): boolean {
    const m = /\d{10}$/.exec(path);
    return m !== null && this.sequentialStems.has(path.slice(0, m.index));
  }

  finish(world: World): void {
    // Calls never returned: open-ended.
    for (const p of this.pending.values()) {
      const kind = KIND[p.op];
      if (kind === undefined || p.op === OpCode.multi) {
        for (const s of p.subs ?? []) {
          const k = KIND[s.op];
          if (k !== undefined && !SEQUENTIAL.has(s.flags ?? 0))
            this.push(s.path, {
              call: p.call,
              ret: Infinity,
              input: {
                kind: k,
                v: s.version ?? -1,
                rc: undefined,
                desc: `${p.n} xid ${p.xid} multi (never returned)`,
                i: -1,
              },
            });
        }
        continue;
      }
      if (kind === 'create' && SEQUENTIAL.has(p.flags ?? 0)) continue;
      this.push(p.path, {
        call: p.call,
        ret: Infinity,
        input: {
          kind,
          v: p.version,
          rc: undefined,
          desc: `${p.n} xid ${p.xid} ${opName[p.op]} ${p.path} (never returned)`,
          i: -1,
        },
      });
    }
    for (const [path, ops] of [...this.byPath].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (this.excluded.has(path) || PRESENT_AT_START(path) || this.madeBySequential(path)) continue;
      const r = wglCheck(znodeModel, ops, this.budget, this.counter);
      if (r === 'unknown') this.unknown.push(path);
      if (r !== 'fail') continue;
      const sub = this.shortestFailingPrefix(ops);
      const lastDefinite = sub.filter((o) => o.ret !== Infinity).at(-1);
      const shown = sub.slice(-6).map((o) => `  ${o.input.desc}`);
      world.violate(
        this.name,
        `the writes on ${path} are not linearizable: no order of its ${sub.length} ops called up to ${lastDefinite ? ms(lastDefinite.ret) : '?'} ms (the shortest failing prefix of ${ops.length}) respects real time and gives every reply; its last ops:\n${shown.join('\n')}`,
        lastDefinite?.input.i ?? world.trace.count - 1,
      );
    }
  }

  private push(path: string, op: WglOp<RegOp>): void {
    let l = this.byPath.get(path);
    if (!l) this.byPath.set(path, (l = []));
    l.push(op);
  }

  /**
   * The ops called before the earliest return time T at which the history so far is
   * non-linearizable (ops not returned by T open-ended): a prefix of a linearizable history is
   * linearizable, so this is monotone in T and binary search finds the earliest.
   */
  private shortestFailingPrefix(ops: WglOp<RegOp>[]): WglOp<RegOp>[] {
    const rets = [...new Set(ops.filter((o) => o.ret !== Infinity).map((o) => o.ret))].sort((a, b) => a - b);
    const prefix = (t: number) =>
      ops
        .filter((o) => o.call <= t)
        .map((o) => (o.ret <= t ? o : { ...o, ret: Infinity, input: { ...o.input, rc: undefined } }));
    let lo = 0;
    let hi = rets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (wglCheck(znodeModel, prefix(rets[mid]!), this.budget, this.counter) === 'fail') hi = mid;
      else lo = mid + 1;
    }
    return prefix(rets[lo]!).sort((a, b) => a.call - b.call);
  }
}

const ms = (us: number): string => (us / 1000).toFixed(3);

const codeName: Record<number, string> = {
  [Code.NODEEXISTS]: 'NODEEXISTS',
  [Code.NONODE]: 'NONODE',
  [Code.BADVERSION]: 'BADVERSION',
  [Code.NOTEMPTY]: 'NOTEMPTY',
};
