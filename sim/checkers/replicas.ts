// The replica model the Zab checkers share: what each server holds, rebuilt from trace events
// alone (never from inside a server). One instance may serve many checkers: observe(ev)
// applies an event once (by its index) and returns what changed, the same object for every
// checker, with the state before the event where a checker needs it.
//
// Per server:
// - log: the zxids known written to its log (durable or not): logged, delivered, proposed by
//   it as leader, received by SNAP, or found there by a reset. The log is appended in zxid
//   order, so whatever a reset finds up to its last zxid is this log up to that zxid: a crash
//   loses a suffix of it, TRUNC cuts it, SNAP puts the leader's history below the snapshot.
// - held: the zxids in its data tree, ascending. A zab.deliver appends one. A reset replaces
//   them: peer.loaded (restart: its log up to lastZxid), a LOOKING 'state' event (3.8
//   fast-forwards the database to its log when a role ends: its log up to zxid),
//   zab.truncate (TRUNC reloads the log up to zxid), zab.snap (the leader's history up to zxid).
// - tip: the last txn of its data tree (what the reset or the last delivery says). A reset to
//   a new epoch's zxid (epoch << 32: Leader.startZkServer sets it, a SNAP carries it) names no
//   txn: the tip is the last txn below it.
// - disk: the zxids known durable: zab.logged (and the leader's ACK of itself), snapshots
//   received by SNAP, and what a restart loads; cut by TRUNC and by a restart that comes back
//   with less. A clean exit flushes the page cache: the whole log becomes durable.
// - synced: serving in broadcast (an established leader, a learner past UPTODATE) since its
//   last crash or role change.
// A reset also fills what the trace never showed by counter continuity: a log has no gaps
// within an epoch, so a tip of (e, c) means (e, 1..c) are there.
//
// Global:
// - committed: the committed sequence C, ascending: every zxid a server delivered or a leader
//   committed, and the whole history of a leader when it is established (Zab: a new leader's
//   history is committed once a quorum acked NEWLEADER; the TLA+ spec's leader sets
//   lastCommitted to its whole history then).
// - genesis: the highest zxid on the disks the run started from (what servers load at their
//   first start, before anything is proposed). Those txns were never seen proposed or logged;
//   everything at or below genesis is outside every check.
// - proposals: zxid → who proposed it in which epoch, after which proposal of that epoch.
import { counterOf, epochOf, makeZxid } from '../../protocol/zxid.ts';
import type { TraceEvent, TraceKind } from '../engine/trace.ts';

/**
 * The trace event kinds the replica model reads (Replicas.apply): every checker built on the
 * model lists at least these as its `kinds`, so the model sees each of them.
 */
export const REPLICA_KINDS = [
  'peer.loaded',
  'state',
  'zab.truncate',
  'zab.snap',
  'zab.logged',
  'zab.ack',
  'zab.deliver',
  'zab.commit',
  'zab.established',
  'zab.uptodate',
  'zab.leader-shutdown',
  'zab.learner-shutdown',
  'zab.propose',
  'proc',
] as const satisfies readonly TraceKind[];

// ---- sorted zxid arrays (ascending, no duplicates) -------------------------------------------

/** Index of the first element >= x. */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function has(a: readonly number[], x: number): boolean {
  const i = lowerBound(a, x);
  return i < a.length && a[i] === x;
}

/** Insert x (usually at the end); false if it was there. */
export function insert(a: number[], x: number): boolean {
  if (a.length === 0 || a[a.length - 1]! < x) {
    a.push(x);
    return true;
  }
  const i = lowerBound(a, x);
  if (a[i] === x) return false;
  a.splice(i, 0, x);
  return true;
}

/** The largest element < x. */
export function below(a: readonly number[], x: number): number | undefined {
  const i = lowerBound(a, x);
  return i > 0 ? a[i - 1] : undefined;
}

/** The elements <= x. */
export function upTo(a: readonly number[], x: number): number[] {
  return a.slice(0, lowerBound(a, x + 1));
}

/** Sorted union. */
export function merge(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x!);
      i++;
    } else if (x === undefined || y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}

/** Elements of a not in b. */
export function minus(a: readonly number[], b: readonly number[]): number[] {
  return a.filter((x) => !has(b, x));
}

export function quorumSize(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

export function hexSession(s: bigint): string {
  return `0x${s.toString(16)}`;
}

// ---- the model -------------------------------------------------------------------------------

export interface Replica {
  readonly node: string;
  up: boolean;
  synced: boolean;
  tip: number;
  held: number[];
  log: number[];
  disk: number[];
  /** Seen a peer.loaded (its first one decides genesis). */
  loaded: boolean;
}

export interface Proposal {
  zxid: number;
  epoch: number;
  by: string;
  /** The proposal of the same epoch just before this one. */
  prev: number | undefined;
  type?: number;
  session?: bigint;
  cxid?: number;
}

export type ResetWhy = 'loaded' | 'reloaded' | 'truncate' | 'snap';

export type Change =
  | { k: 'none' }
  | {
      k: 'deliver';
      r: Replica;
      zxid: number;
      prevTip: number;
      /** The committed zxid just below zxid, before this event. */
      prevCommitted: number | undefined;
      /** The highest committed zxid before this event (genesis if none). */
      maxCommittedBefore: number;
      /** zxid was not committed before. */
      newly: boolean;
    }
  | { k: 'reset'; r: Replica; why: ResetWhy; oldTip: number; diskLost: number[]; diskGained: number[] }
  | { k: 'logged'; r: Replica; zxid: number; diskGained: number[] }
  | { k: 'commit'; r: Replica; zxid: number; newly: boolean }
  | { k: 'established'; r: Replica; epoch: number; newly: number[]; maxCommittedBefore: number }
  | { k: 'uptodate'; r: Replica }
  | { k: 'down'; r: Replica; diskGained: number[] }
  | { k: 'propose'; r: Replica; p: Proposal };

/** The zxids an event newly committed. */
export function newlyCommitted(c: Change): number[] {
  if (c.k === 'deliver' || c.k === 'commit') return c.newly ? [c.zxid] : [];
  if (c.k === 'established') return c.newly;
  return [];
}

/** The durable-disk changes of an event, if any: whose, what it gained, what it lost. */
export function diskChanges(c: Change): { r: Replica; gained: number[]; lost: number[] } | undefined {
  if (c.k === 'reset') return { r: c.r, gained: c.diskGained, lost: c.diskLost };
  if (c.k === 'logged' || c.k === 'down') return { r: c.r, gained: c.diskGained, lost: [] };
  return undefined;
}

const NONE: Change = { k: 'none' };

export class Replicas {
  readonly replicas = new Map<string, Replica>();
  readonly committed: number[] = [];
  private readonly committedSet = new Set<number>();
  genesis = 0;
  readonly proposals = new Map<number, Proposal>();
  /** epoch → the last zxid proposed in it. */
  private readonly lastProposed = new Map<number, number>();
  /** epoch → the server established as its leader (the first one). */
  readonly leaders = new Map<number, string>();
  private lastIndex = -1;
  private lastChange: Change = NONE;

  rep(node: string): Replica {
    let r = this.replicas.get(node);
    if (!r)
      this.replicas.set(
        node,
        (r = { node, up: true, synced: false, tip: 0, held: [], log: [], disk: [], loaded: false }),
      );
    return r;
  }

  isCommitted(zxid: number): boolean {
    return zxid <= this.genesis || this.committedSet.has(zxid);
  }

  maxCommitted(): number {
    return this.committed.length > 0 ? this.committed[this.committed.length - 1]! : this.genesis;
  }

  /** Does server r hold zxid (genesis txns count as held)? */
  holds(r: Replica, zxid: number): boolean {
    return zxid <= this.genesis ? zxid <= r.tip : has(r.held, zxid);
  }

  /** The epoch of a txn: its proposer's, or its zxid's. */
  epochOfTxn(zxid: number): number {
    return this.proposals.get(zxid)?.epoch ?? epochOf(zxid);
  }

  /** Apply ev once (whoever asks first) and tell what changed. */
  observe(ev: TraceEvent): Change {
    if (ev.i === this.lastIndex) return this.lastChange;
    this.lastIndex = ev.i;
    this.lastChange = this.apply(ev);
    return this.lastChange;
  }

  private commit(zxid: number): boolean {
    if (zxid <= this.genesis || this.committedSet.has(zxid)) return false;
    this.committedSet.add(zxid);
    insert(this.committed, zxid);
    return true;
  }

  private apply(ev: TraceEvent): Change {
    const n = ev.n;
    if (n === undefined) return NONE;
    switch (ev.k) {
      case 'peer.loaded': {
        const r = this.rep(n);
        const lastZxid = ev.lastZxid;
        if (!r.loaded && r.log.length === 0 && this.proposals.size === 0 && lastZxid > this.genesis)
          this.raiseGenesis(lastZxid);
        r.loaded = true;
        r.up = true;
        r.synced = false;
        return this.reset(r, 'loaded', lastZxid);
      }
      case 'state': {
        const r = this.rep(n);
        r.synced = false;
        if (ev.state !== 'LOOKING' || typeof ev.zxid !== 'number') return NONE;
        return this.reset(r, 'reloaded', ev.zxid);
      }
      case 'zab.truncate':
        return this.reset(this.rep(n), 'truncate', ev.zxid);
      case 'zab.snap':
        return this.snap(this.rep(n), ev.zxid, `s${ev.from}`);
      case 'zab.logged':
        return this.logged(this.rep(n), ev.zxid);
      case 'zab.ack':
        // The leader acks itself when its own log is flushed.
        return n === `s${ev.from}` ? this.logged(this.rep(n), ev.zxid) : NONE;
      case 'zab.deliver': {
        const r = this.rep(n);
        const zxid = ev.zxid;
        const prevTip = r.tip;
        const prevCommitted = below(this.committed, zxid);
        const maxCommittedBefore = this.maxCommitted();
        if (zxid > this.genesis) {
          insert(r.held, zxid);
          insert(r.log, zxid);
        }
        if (zxid > r.tip) r.tip = zxid;
        const newly = this.commit(zxid);
        return { k: 'deliver', r, zxid, prevTip, prevCommitted, maxCommittedBefore, newly };
      }
      case 'zab.commit': {
        const zxid = ev.zxid;
        return { k: 'commit', r: this.rep(n), zxid, newly: this.commit(zxid) };
      }
      case 'zab.established': {
        const r = this.rep(n);
        const epoch = ev.epoch;
        r.synced = true;
        if (!this.leaders.has(epoch)) this.leaders.set(epoch, n);
        const maxCommittedBefore = this.maxCommitted();
        const newly = r.held.filter((z) => this.commit(z));
        return { k: 'established', r, epoch, newly, maxCommittedBefore };
      }
      case 'zab.uptodate': {
        const r = this.rep(n);
        r.synced = true;
        return { k: 'uptodate', r };
      }
      case 'zab.leader-shutdown':
      case 'zab.learner-shutdown':
        this.rep(n).synced = false;
        return NONE;
      case 'zab.propose': {
        const zxid = ev.zxid;
        const epoch = ev.epoch;
        const p: Proposal = { zxid, epoch, by: n, prev: this.lastProposed.get(epoch) };
        if (typeof ev.type === 'number') p.type = ev.type;
        if (typeof ev.session === 'bigint') p.session = ev.session;
        if (typeof ev.cxid === 'number') p.cxid = ev.cxid;
        this.proposals.set(zxid, p);
        this.lastProposed.set(epoch, zxid);
        const r = this.rep(n);
        if (zxid > this.genesis) insert(r.log, zxid); // the leader logs its own proposals
        return { k: 'propose', r, p };
      }
      case 'proc': {
        const r = this.replicas.get(n);
        if (!r) return NONE;
        if (ev.what === 'crash' || ev.what === 'exit') {
          r.up = false;
          r.synced = false;
          // A clean exit flushes the page cache: the whole log becomes durable.
          const diskGained = ev.what === 'exit' ? minus(r.log, r.disk) : [];
          if (diskGained.length > 0) r.disk = merge(r.disk, diskGained);
          return { k: 'down', r, diskGained };
        }
        if (ev.what === 'start') r.up = true;
        return NONE;
      }
      default:
        return NONE;
    }
  }

  private logged(r: Replica, zxid: number): Change {
    if (zxid > this.genesis) insert(r.log, zxid);
    const diskGained = zxid > this.genesis && insert(r.disk, zxid) ? [zxid] : [];
    return { k: 'logged', r, zxid, diskGained };
  }

  /** The data tree becomes the log up to tip (filled by counter continuity). */
  private reset(r: Replica, why: ResetWhy, tip: number): Change {
    const oldTip = r.tip;
    const held = upTo(r.log, tip);
    if (tip > this.genesis) {
      const e = epochOf(tip);
      const last = held[held.length - 1];
      let c = last !== undefined && epochOf(last) === e ? counterOf(last) : 0;
      for (c++; c <= counterOf(tip); c++) {
        const z = makeZxid(e, c);
        if (z > this.genesis) held.push(z);
      }
    }
    r.held = held;
    r.tip = this.txnTip(held, tip);
    let diskLost: number[] = [];
    let diskGained: number[] = [];
    if (why === 'reloaded') {
      r.log = merge(held, r.log);
    } else {
      // A restart loads what its disk has: no more (a lost suffix, a snapshot that never
      // became durable), no less (writes whose fsync the trace never reported). TRUNC cuts.
      diskLost = r.disk.slice(lowerBound(r.disk, tip + 1));
      r.log = held.slice();
      if (why === 'loaded') {
        diskGained = minus(held, r.disk);
        r.disk = held.slice();
      } else {
        r.disk = upTo(r.disk, tip);
      }
    }
    return { k: 'reset', r, why, oldTip, diskLost, diskGained };
  }

  /** SNAP: the leader's history up to zxid replaces the learner's tree and becomes durable with it. */
  private snap(r: Replica, zxid: number, from: string): Change {
    const oldTip = r.tip;
    const src = this.replicas.get(from);
    const snapshot = src?.up ? upTo(src.held, zxid) : upTo(this.committed, zxid);
    const oldLow = upTo(r.disk, zxid);
    const diskLost = minus(oldLow, snapshot);
    const diskGained = minus(snapshot, oldLow);
    r.disk = merge(snapshot, r.disk.slice(oldLow.length));
    r.log = merge(snapshot, r.log.slice(lowerBound(r.log, zxid + 1)));
    r.held = snapshot;
    if (zxid > this.genesis && counterOf(zxid) !== 0 && !has(r.held, zxid)) insert(r.held, zxid);
    r.tip = this.txnTip(r.held, zxid);
    return { k: 'reset', r, why: 'snap', oldTip, diskLost, diskGained };
  }

  /**
   * The last txn of a tree whose last processed zxid is zxid: zxid itself, unless it is a new
   * epoch's zxid (counter 0, no txn), then the last txn held below it (or the genesis txns).
   */
  private txnTip(held: readonly number[], zxid: number): number {
    if (counterOf(zxid) !== 0 || zxid === 0) return zxid;
    return held.at(-1) ?? Math.min(zxid, this.genesis);
  }

  private raiseGenesis(zxid: number): void {
    this.genesis = zxid;
    const cut = (a: number[]) => a.splice(0, lowerBound(a, zxid + 1));
    for (const z of cut(this.committed)) this.committedSet.delete(z);
    for (const r of this.replicas.values()) {
      cut(r.held);
      cut(r.log);
      cut(r.disk);
    }
  }
}
