// Coverage of an abstract protocol state, read from the typed trace of one run: the feedback of
// the guided search (sim/harness/search/guided.ts), and what `fuzz` reports for every search.
// As model-guided fuzzing of distributed protocols does (coverage of an abstract model's states,
// OOPSLA'25) and Mallory (CCS'23: summaries of the happens-before order as feedback), each
// server is folded into a small abstract state —
//   role (looking, following, leading, observing, down) × Zab phase (boot, election, discovery,
//   sync, broadcast) × its last sync mode (a learner's, or the last a leader decided: DIFF,
//   TRUNC, SNAP; DIFF0/SNAP0 to an epoch's first zxid, no txn of it) × its disk (which of txn log,
//   snapshot and epoch files hold writes not yet fsynced) × its epochs (currentEpoch below
//   acceptedEpoch; or equal) × the sync's history against the disk: '~' in memory only before
//   NEWLEADER came, '!' not yet durable though this sync's currentEpoch is written (a crash
//   restarts with the new epoch over a shorter history)
// — and a run's features are:
// - `s:` a protocol step (trace kind, its telling field) taken in an abstract state;
// - `x:` a crash, pause or cut-off hitting a server in an abstract state (the windows where
//   crash-consistency bugs live);
// - `o:` the order of consecutive protocol steps across servers (kind and role of each, same
//   server or another): a happens-before summary;
// - `l:` what a server found on disk when it started (its epochs against its last zxid, replayed
//   txns, holes, torn bytes); `y:` a leader's sync decision against the two histories;
// - `c:` a client op's outcome (op, rc); `v:` a checker that fired.
// It also lists the run's trigger points: where a step-triggered fault could strike in this
// run (the trigger, as sim/faults/triggers.ts matches it, with the right nth), each with the
// abstract state it found its server in; the guided search mutates plans with them.
import type { TraceEvent } from '../../engine/trace.ts';
import type { Trigger } from '../../faults/plan.ts';
import { RoleTracker } from '../../faults/roles.ts';

/** A place a step-triggered fault can strike: the trigger (nth as counted in this run) and the state its server was in. */
export interface StepPoint {
  on: Trigger;
  /** The server's abstract state just after the step. */
  state: string;
  /** The server (sN) the step happened on. */
  node: string;
  /** Its `s:` feature: the step in that state (how rare it is, the campaign's counts say). */
  feature: string;
  /** The trace event it was (its index). */
  event: number;
}

/** One run's coverage: its features and its trigger points. */
export interface RunCoverage {
  features: string[];
  steps: StepPoint[];
}

const DISK_LOG = 1;
const DISK_SNAP = 2;
const DISK_EPOCH = 4;
const DISK_NAMES = ['-', 'L', 'S', 'LS', 'E', 'LE', 'SE', 'LSE'];

const fileClass = (file: string): number =>
  file.includes('/log.') ? DISK_LOG : file.includes('/snapshot.') ? DISK_SNAP : file.includes('Epoch') ? DISK_EPOCH : 0;

interface NodeState {
  phase: string;
  mode: string;
  /** Classes with writes not covered by a completed fsync (bitmask of DISK_*). */
  dirty: number;
  /** Per class: the index of the last write, and of the latest fsync issued that has completed. */
  lastWrite: number[];
  durable: number[];
  /** fsync token → [class, index of the fsync, a snapshot's zxid]: a disk numbers its fsyncs 1, 2, ... in the order it traces them. */
  fsyncs: Map<number, [number, number, number]>;
  /** The last zxid its disk holds (logged txns, durable snapshots), and the history its sync brings it to (DIFF, SNAP, TRUNC zxid). */
  durableZxid: number;
  syncZxid: number;
  /** currentEpoch was written during this sync. */
  claimed: boolean;
  /** NEWLEADER has come during this sync: what it brought is being made durable. */
  newLeader: boolean;
  tokens: number;
  currentEpoch: number;
  acceptedEpoch: number;
  key: string;
}

/** Faults that cut a server off or stall it (crash and pause are seen as their proc events). */
const CUTS = new Set(['isolate', 'disk-stall', 'one-way']);

/** Zab packets whose sends and receipts are protocol steps (the rest are client traffic, pings, elections). */
const ZAB_PACKETS = new Set([
  'FOLLOWERINFO',
  'OBSERVERINFO',
  'LEADERINFO',
  'ACKEPOCH',
  'NEWLEADER',
  'UPTODATE',
  'DIFF',
  'SNAP',
  'TRUNC',
  'PROPOSAL',
  'ACK',
  'COMMIT',
  'INFORM',
  'REVALIDATE',
]);

/** Protocol steps whose trigger names a field (where): the field's path and its value on the event. */
function whereOf(ev: TraceEvent): Record<string, string> | undefined | null {
  switch (ev.k) {
    case 'send': {
      const type = (ev.msg as { type?: unknown }).type;
      return typeof type === 'string' && ZAB_PACKETS.has(type) ? { 'msg.type': type } : null;
    }
    case 'recv':
      return ZAB_PACKETS.has(ev.m) ? { m: ev.m } : null;
    case 'zab.sync':
    case 'zab.sync-learner':
      return { mode: ev.mode };
    case 'zab.epoch':
      return { file: ev.file };
    case 'state':
      return { state: ev.state };
    case 'fle.decide':
      return { state: ev.state };
    case 'disk':
      return ev.op === 'fsync-done' ? null : { op: ev.op, file: ev.file };
    case 'proc':
      return ev.what === 'start' ? { what: 'start' } : null;
    case 'zab.lead':
    case 'zab.learner':
    case 'zab.newepoch':
    case 'zab.established':
    case 'zab.propose':
    case 'zab.commit':
    case 'zab.logged':
    case 'zab.deliver':
    case 'zab.connected':
    case 'zab.uptodate':
    case 'zab.snap':
    case 'zab.truncate':
    case 'zab.leader-shutdown':
    case 'zab.learner-shutdown':
    case 'zk.snapshot-start':
    case 'zk.snapshot':
    case 'zk.loaded':
    case 'peer.loaded':
      return undefined;
    default:
      return null;
  }
}

/** Steps left out of the order summary (o:): the broadcast's own, which repeat, and disk operations. */
const ORDER_SKIP = new Set(['send', 'recv', 'disk', 'zab.logged', 'zab.deliver', 'zab.propose', 'zab.commit']);
/** ... but sends and receipts of the other Zab packets are in it. */
const BROADCAST = new Set(['PROPOSAL', 'ACK', 'COMMIT']);

const SERVER = /^s\d+$/;

/**
 * What the collector derives from an event's kind and trigger fields (whereOf), made once per
 * distinct (kind, fields) and reused: the step's name, its trigger's base, the strings of its
 * features per state and role, and its trigger counts. A run's events repeat a few hundred
 * such steps, so the strings are built once, not per event.
 */
interface Step {
  /** whereOf's fields (copied into each trigger point kept), or undefined. */
  readonly where: Record<string, string> | undefined;
  /** The step's name in features: kind, its telling field (or a disk op and file class). */
  readonly step: string;
  /** The trigger's kind and fields: `k{"field":"value"}`, or `k`. */
  readonly base: string;
  /** Whether the step is in the order summary (o:). */
  readonly ordered: boolean;
  /** `s:step@state` by state key. */
  readonly features: Map<string, string>;
  /** The step in the order summary by role letter: `step/R`. */
  readonly heres: Map<string, Here>;
  /** How many events matched the trigger with each node selector (its nth). */
  readonly counts: Map<string, number>;
  /** Trigger points kept, by node selector then state. */
  readonly places: Map<string, Map<string, number>>;
}

/** A step in the order summary, and the o: features of it followed by another. */
interface Here {
  readonly s: string;
  /** `o:this>next=` and `o:this>next~` by the next step. */
  readonly next: Map<Here, [same: string | undefined, other: string | undefined]>;
}

/** One more event of a trigger with node selector `sel`: its nth. */
function count(counts: Map<string, number>, sel: string): number {
  const c = (counts.get(sel) ?? 0) + 1;
  counts.set(sel, c);
  return c;
}

function makeStep(ev: TraceEvent, where: Record<string, string> | undefined): Step {
  const tag = where ? Object.values(where)[0]! : '';
  const step =
    ev.k === 'disk' && ev.op !== 'fsync-done'
      ? `disk.${ev.op}.${DISK_NAMES[fileClass(ev.file)]}`
      : tag
        ? `${ev.k}.${tag}`
        : ev.k;
  return {
    where,
    step,
    base: where ? `${ev.k}${JSON.stringify(where)}` : ev.k,
    ordered: !ORDER_SKIP.has(ev.k) || ((ev.k === 'send' || ev.k === 'recv') && !BROADCAST.has(tag)),
    features: new Map(),
    heres: new Map(),
    counts: new Map(),
    places: new Map(),
  };
}

/** The Step of each (kind, trigger fields) met so far: by kind, then by the fields' values. */
class Steps {
  private readonly byKind = new Map<string, Step | null | Map<string, Step | Map<string, Step>>>();

  /** The event's Step, or null if it is no protocol step (whereOf null). */
  of(ev: TraceEvent): Step | null {
    const k = ev.k;
    let byValue = this.byKind.get(k);
    if (byValue === null) return null;
    if (byValue instanceof Map) {
      // one field, or a disk op's two (op, then file)
      const first = k === 'send' ? (ev.msg as { type?: unknown }).type : k === 'disk' ? ev.op : undefined;
      if (k === 'send' && typeof first !== 'string') return null;
      if (ev.k === 'disk') {
        if (ev.op === 'fsync-done') return null;
        let byFile = byValue.get(first as string) as Map<string, Step> | undefined;
        if (byFile === undefined) {
          byFile = new Map();
          byValue.set(first as string, byFile);
        }
        let st = byFile.get(ev.file);
        if (st === undefined) {
          st = makeStep(ev, whereOf(ev)!);
          byFile.set(ev.file, st);
        }
        return st;
      }
      const value = k === 'send' ? (first as string) : (fieldOf(ev) as string);
      let st = byValue.get(value) as Step | null | undefined;
      if (st === undefined) {
        const where = whereOf(ev);
        st = where === null ? null : makeStep(ev, where);
        byValue.set(value, st as Step);
      }
      return st;
    }
    if (byValue !== undefined) return byValue;
    // First event of its kind: is it a step, with fields or without?
    const where = whereOf(ev);
    if (where === undefined) {
      const st = makeStep(ev, undefined);
      this.byKind.set(k, st);
      return st;
    }
    if (where === null && !FIELD_KINDS.has(k)) {
      this.byKind.set(k, null);
      return null;
    }
    byValue = new Map();
    this.byKind.set(k, byValue);
    return this.of(ev);
  }
}

/** Kinds whose whereOf depends on the event's fields (the rest: always a step, or never). */
const FIELD_KINDS = new Set([
  'send',
  'recv',
  'zab.sync',
  'zab.sync-learner',
  'zab.epoch',
  'state',
  'fle.decide',
  'disk',
  'proc',
]);

/** The one field whereOf reads of a kind in FIELD_KINDS other than send and disk. */
function fieldOf(ev: TraceEvent): unknown {
  switch (ev.k) {
    case 'recv':
      return ev.m;
    case 'zab.sync':
    case 'zab.sync-learner':
      return ev.mode;
    case 'zab.epoch':
      return ev.file;
    case 'state':
    case 'fle.decide':
      return ev.state;
    case 'proc':
      return ev.what;
    default:
      return undefined;
  }
}
const epochOf = (zxid: number) => Math.floor(zxid / 2 ** 32);
const cmp = (a: number, b: number) => (a < b ? '<' : a > b ? '>' : '=');
const ROLE_LETTER: Record<string, string> = { looking: 'K', following: 'F', leading: 'L', observing: 'O', down: 'D' };

/** The most trigger points a run keeps, and how many of one trigger in one state. */
const MAX_STEPS = 600;
const PER_PLACE = 2;

/**
 * Collects a run's coverage from its trace events (subscribe `onEvent` to the world's trace,
 * before any fault plan is scheduled: it reads roles as the triggers do, after the event).
 */
export class CoverageCollector {
  private readonly features = new Set<string>();
  private readonly steps: StepPoint[] = [];
  private readonly nodes = new Map<string, NodeState>();
  private readonly roles = new RoleTracker();
  /** Each step's Step: its trigger counts (how many events each trigger, kind + where + node selector, matched so far: its nth) and kept places. */
  private readonly stepsOf = new Steps();
  /** Whether a node name is a server's (sN), by name. */
  private readonly servers = new Map<string, boolean>();
  private prevStep: Here | undefined;
  private prevNode = '';

  readonly onEvent = (ev: TraceEvent): void => {
    const n = ev.n;
    // A fault strikes a server in the state it was in before: read it before the event changes it.
    if (ev.k === 'proc' && (ev.what === 'crash' || ev.what === 'pause')) {
      this.features.add(`x:${ev.what}@${this.node(ev.n).key}`);
    } else if (ev.k === 'fault') {
      const servers = (ev as { servers?: unknown }).servers;
      if (Array.isArray(servers) && CUTS.has(ev.what))
        for (const s of servers) if (typeof s === 'number') this.features.add(`x:${ev.what}@${this.node(`s${s}`).key}`);
    }
    this.roles.onEvent(ev);
    if (n === undefined) return;
    if (ev.k === 'client.return') {
      this.features.add(`c:${ev.op}:${ev.rc}`);
      return;
    }
    let server = this.servers.get(n);
    if (server === undefined) {
      server = SERVER.test(n);
      this.servers.set(n, server);
    }
    if (!server) return; // the clients' own steps: their outcomes above are enough
    const st = this.node(n);
    if (this.track(ev, st)) this.rekey(n, st);
    const step = this.stepsOf.of(ev);
    if (step === null) return;
    let feature = step.features.get(st.key);
    if (feature === undefined) {
      feature = `s:${step.step}@${st.key}`;
      step.features.set(st.key, feature);
    }
    this.features.add(feature);
    if (step.ordered) {
      const letter = ROLE_LETTER[this.roles.role(n)]!;
      let here = step.heres.get(letter);
      if (here === undefined) {
        here = { s: `${step.step}/${letter}`, next: new Map() };
        step.heres.set(letter, here);
      }
      const prev = this.prevStep;
      if (prev) {
        let pair = prev.next.get(here);
        if (pair === undefined) {
          pair = [undefined, undefined];
          prev.next.set(here, pair);
        }
        const same = this.prevNode === n ? 0 : 1;
        let o = pair[same];
        if (o === undefined) {
          o = `o:${prev.s}>${here.s}${same === 0 ? '=' : '~'}`;
          pair[same] = o;
        }
        this.features.add(o);
      }
      this.prevStep = here;
      this.prevNode = n;
    }
    this.point(ev, n, st.key, step, feature);
  };

  /** The run's coverage; `violations`: the checkers that fired. */
  result(violations: readonly { checker: string }[] = []): RunCoverage {
    for (const v of violations) this.features.add(`v:${v.checker}`);
    return { features: [...this.features].sort(), steps: this.steps };
  }

  private node(n: string): NodeState {
    let st = this.nodes.get(n);
    if (!st) {
      st = {
        phase: 'boot',
        mode: '-',
        dirty: 0,
        lastWrite: [0, 0, 0, 0, 0],
        durable: [0, 0, 0, 0, 0],
        fsyncs: new Map(),
        tokens: 0,
        durableZxid: 0,
        syncZxid: 0,
        claimed: false,
        newLeader: false,
        currentEpoch: 0,
        acceptedEpoch: 0,
        key: '',
      };
      this.nodes.set(n, st);
      this.rekey(n, st);
    }
    return st;
  }

  private rekey(n: string, st: NodeState): void {
    const role = this.roles.role(n);
    // '!': the epoch claimed (currentEpoch written) during a sync before the history the sync
    // brings is on disk — a crash now restarts with the new epoch over a shorter history
    // '~': before NEWLEADER, the sync's history held in memory only (the leader failing now is the question)
    const behind = st.phase === 'sync' && st.durableZxid < st.syncZxid;
    const mark = !behind ? '' : st.claimed ? '!' : st.newLeader ? '' : '~';
    const e = `${st.currentEpoch < st.acceptedEpoch ? 'c<a' : 'c=a'}${mark}`;
    st.key = `${role}/${st.phase}/${st.mode}/${DISK_NAMES[st.dirty]}/${e}`;
  }

  /** Fold the event into its server's abstract state; true if the state (or role) may have changed. */
  private track(ev: TraceEvent, st: NodeState): boolean {
    switch (ev.k) {
      case 'state':
        st.phase = ev.state === 'LOOKING' ? 'election' : 'discovery';
        st.mode = '-';
        st.syncZxid = 0;
        st.claimed = false;
        st.newLeader = false;
        return true;
      case 'zab.newepoch':
        st.phase = 'sync';
        return true;
      case 'zab.sync-learner':
        st.phase = 'sync';
        // SNAP0, DIFF0: synced to a new epoch's first zxid, no txn of it (a first start's sync)
        st.mode = ev.zxid % 2 ** 32 === 0 ? `${ev.mode}0` : ev.mode;
        // (a zxid no txn carries, a new epoch's first, is not a history to hold)
        st.syncZxid = ev.zxid % 2 ** 32 === 0 ? 0 : ev.zxid;
        st.claimed = false;
        st.newLeader = false;
        return true;
      case 'zab.logged':
        if (ev.zxid <= st.durableZxid) return false;
        st.durableZxid = ev.zxid;
        return true;
      case 'zab.truncate':
        st.durableZxid = Math.min(st.durableZxid, ev.zxid);
        return true;
      case 'zab.established':
      case 'zab.uptodate':
        st.phase = 'broadcast';
        return true;
      case 'zab.epoch':
        if (ev.file === 'currentEpoch') {
          st.currentEpoch = ev.value;
          st.claimed = st.phase === 'sync';
        } else st.acceptedEpoch = ev.value;
        return true;
      case 'peer.loaded':
        st.currentEpoch = ev.currentEpoch;
        st.acceptedEpoch = ev.acceptedEpoch;
        st.durableZxid = ev.lastZxid;
        this.features.add(
          `l:c${cmp(ev.currentEpoch, epochOf(ev.lastZxid))}z/a${cmp(ev.acceptedEpoch, ev.currentEpoch)}c/${ev.txns > 0 ? 'txns' : 'none'}${ev.holes ? '/holes' : ''}`,
        );
        return true;
      case 'zk.loaded':
        if (ev.torn > 0) this.features.add('l:torn');
        return false;
      case 'zab.sync':
        this.features.add(
          `y:${ev.mode}/z${cmp(ev.peerLastZxid, ev.leaderLastZxid)}/e${cmp(epochOf(ev.peerLastZxid), epochOf(ev.leaderLastZxid))}${ev.leaderLastZxid % 2 ** 32 === 0 ? '/0' : ''}`,
        );
        // a leader's mode: the last sync it decided (SNAP0: of an epoch with no txn yet)
        st.mode = ev.leaderLastZxid % 2 ** 32 === 0 ? `${ev.mode}0` : ev.mode;
        return true;
      case 'proc':
        if (ev.what === 'crash') {
          st.phase = 'down';
          st.mode = '-';
          st.dirty = 0;
          st.fsyncs.clear();
        } else if (ev.what === 'start') st.phase = 'boot';
        return true;
      case 'disk':
        return this.trackDisk(ev, st);
      case 'recv':
        if (ev.m !== 'NEWLEADER' || st.phase !== 'sync') return false;
        st.newLeader = true;
        return true;
      default:
        return false;
    }
  }

  private trackDisk(ev: TraceEvent & { k: 'disk' }, st: NodeState): boolean {
    if (ev.op === 'fsync-done') {
      const f = st.fsyncs.get(ev.token);
      if (!f) return false;
      st.fsyncs.delete(ev.token);
      const [cls, at, snapZxid] = f;
      st.durable[cls] = Math.max(st.durable[cls]!, at);
      st.durableZxid = Math.max(st.durableZxid, snapZxid);
      if (st.lastWrite[cls]! <= st.durable[cls]!) st.dirty &= ~cls;
      return true;
    }
    const cls = fileClass(ev.file);
    if (ev.op === 'fsync') {
      const snap = cls === DISK_SNAP ? Number.parseInt(ev.file.slice(ev.file.lastIndexOf('.') + 1), 16) : 0;
      st.fsyncs.set(++st.tokens, [cls, ev.i, Number.isNaN(snap) ? 0 : snap]);
      return false;
    }
    if (cls === 0) return false;
    if (ev.op === 'append' || ev.op === 'write') {
      st.lastWrite[cls] = ev.i;
      st.dirty |= cls;
      return true;
    }
    return false;
  }

  /** Count the event for every trigger it matches; keep it as a trigger point if its place is new enough. */
  private point(ev: TraceEvent, n: string, state: string, step: Step, feature: string): void {
    // The selectors the event's node matches now, the most telling first: each counts the event.
    const roles = this.roles;
    const role = roles.is(n, 'leader')
      ? 'leader'
      : roles.is(n, 'follower')
        ? 'follower'
        : roles.is(n, 'observer')
          ? 'observer'
          : undefined;
    const counts = step.counts;
    let first = n;
    let nth = count(counts, n);
    if (role !== undefined) {
      first = role;
      nth = count(counts, role);
    }
    if (roles.is(n, 'syncing-follower')) {
      first = 'syncing-follower';
      nth = count(counts, first);
    }
    if (this.steps.length >= MAX_STEPS) return;
    let byState = step.places.get(first);
    if (byState === undefined) {
      byState = new Map();
      step.places.set(first, byState);
    }
    const seen = byState.get(state) ?? 0;
    if (seen >= PER_PLACE) return;
    byState.set(state, seen + 1);
    const on: Trigger = { event: ev.k, node: first, nth };
    if (step.where) on.where = { ...step.where };
    this.steps.push({ on, state, node: n, feature, event: ev.i });
  }
}
