// The world: one single-threaded event loop driven by a seed. It owns the event queue, the
// network, every node's process, clock and disk, the trace, and the checkers. Protocol actors
// reach it only through the Context each node incarnation is given.
import type { Actor, CloseReason, ConnId, ConnectFailure, Context, Message, TimerId } from '../../protocol/actor.ts';
import type { ProtocolTraceEvents, ProtocolTraceKind } from '../../protocol/trace.ts';
import { NodeClock } from './clock.ts';
import { type FsyncToken, SimDisk } from './disk.ts';
import { type Conn, FIN, Network } from './network.ts';
import { EventQueue, type Scheduled } from './queue.ts';
import { RandomStreams, type Rng } from './random.ts';
import { type NodeServices, type ScopeHost, type ScopedFsync, type ScopedTimer, SimScope } from './scope.ts';
import { Trace, type TraceEvent, type TraceKind } from './trace.ts';
import type { ConnFields } from './trace-events.ts';

/**
 * The checker contract: a checker sees every trace event and the world, and reports violations
 * under its stable name. Checkers live beside the simulator (sim/checkers/), never in protocol/.
 */
export interface Violation {
  checker: string;
  message: string;
  /** Simulated time of the violating event, ms. */
  time: number;
  /** Index of the violating event in the trace. */
  event: number;
}

export interface Checker {
  readonly name: string;
  /**
   * The trace event kinds this checker wants (`k`); the world hands it only those. Without it
   * the checker sees every event. A checker sees its events in trace order, and the checkers of
   * one event run in the order they were added, whether they list kinds or not.
   */
  readonly kinds?: readonly TraceKind[];
  /** Called for every trace event (of its `kinds`, if it lists them), after the world applied it. */
  onEvent(ev: TraceEvent, world: World): void;
  /** Called once when the run ends (time limit, quiescence, ...). */
  finish?(world: World): void;
}

export type ActorFactory = (ctx: Context) => Actor;

const DELIVER = 0,
  CONNECT_DONE = 1,
  CONNECT_FAILED = 2,
  CLOSED = 3,
  TIMER = 4,
  FSYNC = 5,
  ACTION = 6;

/** A completing fsync: the disk's own step (durability) and the scope's callback, if any. */
interface FsyncCompletion {
  readonly token: FsyncToken;
  /** Make the data durable (SimDisk's step). */
  readonly complete: () => void;
  /** Whoever waits for it (a scope's callback), run once durable and the process can run it. */
  readonly then: (() => void) | undefined;
  /** The data was made durable already (the process was paused: the callback waits for resume). */
  applied: boolean;
}

/**
 * One queued event. Every kind has the same fields (one object shape for the heap's sake); the
 * kind says what a, b and c hold.
 */
interface EventOf<K extends number, A, B, C> extends Scheduled {
  kind: K;
  node: NodeHost | null;
  inc: number;
  a: A;
  b: B;
  c: C;
  cancelled: boolean;
}

type SimEvent =
  | EventOf<typeof DELIVER, Conn, 0 | 1, undefined>
  | EventOf<typeof CONNECT_DONE, Conn, undefined, undefined>
  | EventOf<typeof CONNECT_FAILED, Conn, ConnectFailure, undefined>
  | EventOf<typeof CLOSED, Conn, 0 | 1, CloseReason>
  | EventOf<typeof TIMER, ScopedTimer, undefined, undefined>
  | EventOf<typeof FSYNC, FsyncCompletion, undefined, undefined>
  | EventOf<typeof ACTION, () => void, string | undefined, undefined>;

type EventKind = SimEvent['kind'];
type EventOfKind<K extends EventKind> = Extract<SimEvent, { kind: K }>;

export type ProcessState = 'down' | 'up' | 'paused';

export class NodeHost {
  actor: Actor | undefined;
  state: ProcessState = 'down';
  /** Incremented on every start: events for an older incarnation are dropped. */
  incarnation = 0;
  readonly clock = new NodeClock();
  readonly disk: SimDisk;
  readonly rng: Rng;
  /** Events that arrived while paused, replayed in order on resume. */
  deferred: SimEvent[] = [];
  /** The running incarnation's root scope (its Context); closed when the incarnation ends. */
  root: SimScope | undefined;
  nextTimer = 1;
  /** Disk fault: fsyncs stall until this global time. */
  stallUntilUs = 0;
  /** The host address the node's connections come from. */
  host = '127.0.0.1';

  constructor(
    readonly name: string,
    readonly factory: ActorFactory,
    world: World,
  ) {
    this.rng = world.random.stream(`node:${name}`);
    this.disk = new SimDisk(world.random.stream(`disk:${name}`));
  }

  get up(): boolean {
    return this.state !== 'down';
  }
}

export interface RunLimits {
  /** Stop when simulated time passes this, ms. */
  untilMs?: number;
  /** Stop after this many queue events. */
  maxEvents?: number;
  /** Stop at the first checker violation (default true). */
  stopOnViolation?: boolean;
  /** Stop as soon as this returns true (checked after every event). */
  stopWhen?: (w: World) => boolean;
}

export type StopReason = 'time-limit' | 'event-limit' | 'quiescent' | 'violation' | 'condition';

export class World {
  readonly random: RandomStreams;
  readonly queue = new EventQueue<SimEvent>();
  readonly net: Network;
  readonly trace: Trace;
  readonly nodes = new Map<string, NodeHost>();
  readonly violations: Violation[] = [];
  private readonly checkers: Checker[] = [];
  /** The checkers of each event kind, in the order added (built on first use of a kind). */
  private readonly checkersByKind = new Map<string, Checker[]>();
  /** Global simulated time, microseconds. */
  now = 0;
  /** Queue events processed. */
  steps = 0;

  constructor(
    readonly seed: number | string,
    opts: { traceSink?: (line: string) => void; ringSize?: number } = {},
  ) {
    this.random = new RandomStreams(seed);
    this.trace = new Trace(opts.ringSize ?? 4096, opts.traceSink);
    this.net = new Network(this.netWorld(), this.random.stream('net'));
  }

  // ---- set-up ---------------------------------------------------------------------------

  addNode(name: string, factory: ActorFactory): NodeHost {
    if (this.nodes.has(name)) throw new Error(`node ${name} exists`);
    const node = new NodeHost(name, factory, this);
    node.disk.host = {
      scheduleFsync: (token, delayUs, complete, then) => {
        this.schedule(FSYNC, node, this.now + delayUs, { token, complete, then, applied: false });
      },
      traceDisk: (op, file, bytes) =>
        this.emit({ i: this.trace.count, t: this.now, k: 'disk', n: name, op, file, bytes }),
      stallUntilUs: () => node.stallUntilUs,
      nowUs: () => this.now,
    };
    this.nodes.set(name, node);
    return node;
  }

  node(name: string): NodeHost {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  addChecker(c: Checker): void {
    this.checkers.push(c);
    this.checkersByKind.clear();
  }

  /** The checkers that want events of kind k, in the order they were added. */
  private checkersOf(k: string): Checker[] {
    let cs = this.checkersByKind.get(k);
    if (cs === undefined) {
      cs = this.checkers.filter((c) => c.kinds === undefined || (c.kinds as readonly string[]).includes(k));
      this.checkersByKind.set(k, cs);
    }
    return cs;
  }

  /** Run `fn` at global time `atMs` (a scenario step or a fault). */
  at(atMs: number, label: string, fn: () => void): void {
    this.schedule(ACTION, null, Math.round(atMs * 1000), fn, label);
  }

  // ---- processes ----------------------------------------------------------------------

  start(name: string): void {
    const node = this.node(name);
    if (node.up) return;
    node.incarnation++;
    node.state = 'up';
    node.deferred = [];
    this.emit({ i: this.trace.count, t: this.now, k: 'proc', n: name, what: 'start', inc: node.incarnation });
    node.root = this.rootScope(node);
    node.actor = node.factory(node.root);
    node.actor.start();
  }

  crash(name: string): void {
    const node = this.node(name);
    if (!node.up) return;
    node.state = 'down';
    node.actor = undefined;
    node.deferred = [];
    // The incarnation's scopes close: its pending timers are cancelled, its fsync callbacks dropped.
    node.root?.close();
    node.root = undefined;
    this.emit({ i: this.trace.count, t: this.now, k: 'proc', n: name, what: 'crash' });
    node.disk.crash();
    this.net.crash(name);
  }

  restart(name: string): void {
    this.crash(name);
    this.start(name);
  }

  pause(name: string): void {
    const node = this.node(name);
    if (node.state !== 'up') return;
    node.state = 'paused';
    this.emit({ i: this.trace.count, t: this.now, k: 'proc', n: name, what: 'pause' });
  }

  resume(name: string): void {
    const node = this.node(name);
    if (node.state !== 'paused') return;
    node.state = 'up';
    this.emit({ i: this.trace.count, t: this.now, k: 'proc', n: name, what: 'resume' });
    const deferred = node.deferred;
    node.deferred = [];
    for (const ev of deferred) {
      if (node.state !== 'up') {
        node.deferred.push(ev);
        continue;
      }
      this.dispatch(ev);
    }
  }

  // ---- faults ---------------------------------------------------------------------------

  /** Record a fault that sim/faults applies now: its kind and its fields (its kind's, sim/faults/kinds/). */
  fault(what: string, fields: Readonly<Record<string, unknown>>): void {
    this.emit({ i: this.trace.count, t: this.now, k: 'fault', what, ...fields });
  }

  // ---- the loop -------------------------------------------------------------------------

  run(limits: RunLimits = {}): StopReason {
    const untilUs = limits.untilMs === undefined ? Infinity : Math.round(limits.untilMs * 1000);
    const maxEvents = limits.maxEvents ?? Infinity;
    const stopOnViolation = limits.stopOnViolation ?? true;
    const stopWhen = limits.stopWhen;
    const q = this.queue;
    let processed = 0;
    for (;;) {
      const next = q.peek();
      if (!next) return 'quiescent';
      if (next.time > untilUs) {
        this.now = untilUs;
        return 'time-limit';
      }
      if (processed >= maxEvents) return 'event-limit';
      q.pop();
      if (next.cancelled) continue;
      this.now = next.time;
      processed++;
      this.steps++;
      this.dispatch(next);
      if (stopOnViolation && this.violations.length > 0) return 'violation';
      if (stopWhen?.(this)) return 'condition';
    }
  }

  /** Let every checker see the end of the run. */
  finish(): void {
    for (const c of this.checkers) c.finish?.(this);
  }

  violate(checker: string, message: string, event = this.trace.count - 1): void {
    this.violations.push({ checker, message, time: this.now / 1000, event });
  }

  get nowMs(): number {
    return this.now / 1000;
  }

  // ---- internals ------------------------------------------------------------------------

  emit(ev: TraceEvent): void {
    this.trace.push(ev);
    const cs = this.checkersOf(ev.k);
    for (let j = 0; j < cs.length; j++) cs[j]!.onEvent(ev, this);
  }

  private schedule<K extends EventKind>(
    kind: K,
    node: NodeHost | null,
    time: number,
    a: EventOfKind<K>['a'],
    b?: EventOfKind<K>['b'],
    c?: EventOfKind<K>['c'],
  ): SimEvent {
    // One object shape for every kind; the signature keeps (kind, a, b, c) in agreement.
    const ev = { time, seq: 0, kind, node, inc: node ? node.incarnation : 0, a, b, c, cancelled: false };
    return this.queue.push(ev as SimEvent);
  }

  private dispatch(ev: SimEvent): void {
    // A timer cancelled while its event waited in a paused process's queue does not fire.
    if (ev.cancelled) return;
    const node = ev.node;
    if (node) {
      if (node.incarnation !== ev.inc || node.state === 'down') return;
      if (ev.kind === FSYNC && !ev.a.applied) {
        ev.a.complete(); // the kernel finished the write even if the process is paused
        ev.a.applied = true;
      }
      if (node.state === 'paused') {
        node.deferred.push(ev);
        return;
      }
    }
    switch (ev.kind) {
      case DELIVER:
        return this.onDeliver(ev.a, ev.b);
      case CONNECT_DONE:
        return this.onConnectDone(ev.a);
      case CONNECT_FAILED: {
        const conn = ev.a;
        this.emit({
          i: this.trace.count,
          t: this.now,
          k: 'conn',
          n: node!.name,
          what: 'fail',
          conn: conn.id,
          addr: conn.addr,
          why: ev.b,
        });
        node!.actor!.onConnectFailed?.(conn.id, ev.b);
        return;
      }
      case CLOSED: {
        const conn = ev.a;
        const end = ev.b;
        conn.open[end] = false;
        this.emit({
          i: this.trace.count,
          t: this.now,
          k: 'conn',
          n: node!.name,
          what: 'close',
          conn: conn.id,
          peer: conn.ends[1 - end],
          why: ev.c,
        });
        node!.actor!.onClose?.(conn.id, ev.c);
        return;
      }
      case TIMER: {
        const timer = ev.a;
        timer.scope.fired(timer.id);
        this.emit({ i: this.trace.count, t: this.now, k: 'timer', n: node!.name, tag: timer.tag });
        timer.onFire();
        return;
      }
      case FSYNC: {
        const f = ev.a;
        this.emit({ i: this.trace.count, t: this.now, k: 'disk', n: node!.name, op: 'fsync-done', token: f.token });
        f.then?.();
        return;
      }
      case ACTION:
        ev.a();
        return;
    }
  }

  private onDeliver(conn: Conn, dir: 0 | 1): void {
    const to = this.nodes.get(conn.ends[1 - dir]!)!;
    if (to.state === 'paused') {
      // A paused process reads nothing; the data waits in its socket buffer.
      to.deferred.push(this.makeEvent(DELIVER, null, conn, dir));
      return;
    }
    const msg = this.net.arrive(conn, dir);
    if (!msg) return;
    if (!to.up) return;
    if (msg === FIN) {
      this.emit({
        i: this.trace.count,
        t: this.now,
        k: 'conn',
        n: to.name,
        what: 'close',
        conn: conn.id,
        peer: conn.ends[dir],
        why: 'closed',
      });
      to.actor!.onClose?.(conn.id, 'closed');
      return;
    }
    this.emit({
      i: this.trace.count,
      t: this.now,
      k: 'recv',
      n: to.name,
      conn: conn.id,
      from: conn.ends[dir],
      m: msg.type,
    });
    to.actor!.onMessage(conn.id, msg);
  }

  private makeEvent<K extends typeof DELIVER | typeof ACTION>(
    kind: K,
    node: NodeHost | null,
    a: EventOfKind<K>['a'],
    b?: EventOfKind<K>['b'],
  ): SimEvent {
    const ev = {
      time: this.now,
      seq: 0,
      kind,
      node,
      inc: node ? node.incarnation : 0,
      a,
      b,
      c: undefined,
      cancelled: false,
    };
    return ev as SimEvent;
  }

  private onConnectDone(conn: Conn): void {
    const [fromName, toName] = conn.ends;
    const from = this.nodes.get(fromName)!;
    const to = this.nodes.get(toName)!;
    if (!conn.open[0] || !from.up) return;
    if (!conn.open[1] || !to.up || this.net.owner(conn.addr) !== toName) {
      conn.open[0] = false;
      this.emit({
        i: this.trace.count,
        t: this.now,
        k: 'conn',
        n: fromName,
        what: 'fail',
        conn: conn.id,
        addr: conn.addr,
        why: 'refused',
      });
      from.actor!.onConnectFailed?.(conn.id, 'refused');
      return;
    }
    conn.established = true;
    this.emit({
      i: this.trace.count,
      t: this.now,
      k: 'conn',
      n: toName,
      what: 'accept',
      conn: conn.id,
      peer: fromName,
      addr: conn.addr,
    });
    const remote = `${from.host}:${32767 + conn.id}`;
    if (to.state === 'paused')
      to.deferred.push(this.makeEvent(ACTION, null, () => to.actor?.onAccept?.(conn.id, conn.addr, remote)));
    else to.actor!.onAccept?.(conn.id, conn.addr, remote);
    if (!conn.open[0] || from.state === 'down') return;
    this.emit({
      i: this.trace.count,
      t: this.now,
      k: 'conn',
      n: fromName,
      what: 'open',
      conn: conn.id,
      peer: toName,
      addr: conn.addr,
    });
    if (from.state === 'paused')
      from.deferred.push(this.makeEvent(ACTION, null, () => from.actor?.onConnect?.(conn.id)));
    else from.actor!.onConnect?.(conn.id);
  }

  private netWorld() {
    return {
      nowUs: () => this.now,
      isUp: (name: string) => this.nodes.get(name)?.up ?? false,
      deliverLater: (conn: Conn, dir: 0 | 1, atUs: number) => {
        this.schedule(DELIVER, null, atUs, conn, dir);
      },
      notifyConnected: (conn: Conn, atUs: number) => {
        this.schedule(CONNECT_DONE, null, atUs, conn);
      },
      notifyConnectFailed: (conn: Conn, reason: ConnectFailure, atUs: number) => {
        this.schedule(CONNECT_FAILED, this.nodes.get(conn.ends[0])!, atUs, conn, reason);
      },
      notifyClosed: (conn: Conn, end: 0 | 1, reason: CloseReason, atUs: number) => {
        this.schedule(CLOSED, this.nodes.get(conn.ends[end])!, atUs, conn, end, reason);
      },
      traceNet: (node: string, fields: ConnFields) => {
        this.emit({ i: this.trace.count, t: this.now, k: 'conn', n: node, ...fields });
      },
    };
  }

  /** The incarnation's root scope: its Context. Every scope of it shares these services. */
  private rootScope(node: NodeHost): SimScope {
    const inc = node.incarnation;
    const name = node.name;
    const alive = () => node.incarnation === inc && node.up;
    const services: NodeServices = {
      id: name,
      currentWallTime: () => node.clock.wallMs(this.now),
      currentElapsedTime: () => node.clock.elapsedMs(this.now),
      net: {
        listen: (addr: string) => this.net.listen(name, addr),
        unlisten: (addr: string) => this.net.unlisten(name, addr),
        connect: (addr: string, timeoutMs: number): ConnId => this.net.connect(name, addr, timeoutMs),
        send: (conn: ConnId, msg: Message) => {
          if (!alive()) return;
          this.emit({ i: this.trace.count, t: this.now, k: 'send', n: name, conn, msg });
          this.net.send(name, conn, msg);
        },
        close: (conn: ConnId) => {
          if (alive()) this.net.close(name, conn);
        },
      },
      disk: node.disk,
      random: () => node.rng.next(),
      trace: <K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]) => {
        // The one place a protocol event is built: { i, t, k, n } then the fields, in the protocol's
        // order (the hash follows it). TypeScript cannot tie a generic K's fields to its member of
        // the TraceEvent union, so this says it; the signature holds every caller to the schema.
        this.emit({ i: this.trace.count, t: this.now, k: kind, n: name, ...fields } as TraceEvent);
      },
      exit: (code: number, reason: string) => {
        if (!alive()) return;
        this.emit({ i: this.trace.count, t: this.now, k: 'proc', n: name, what: 'exit', code, reason });
        node.disk.flush();
        this.crash(name);
      },
    };
    const host: ScopeHost = {
      nextTimerId: (): TimerId => node.nextTimer++,
      scheduleTimer: (ms: number, timer: ScopedTimer) =>
        this.schedule(TIMER, node, this.now + node.clock.globalDelayUs(ms), timer),
      fsync: (file: string, f: ScopedFsync) => {
        node.disk.fsync(file, () => f.scope.durable(f));
      },
    };
    return new SimScope(name, services, host);
  }
}
