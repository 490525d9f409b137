// liveness: once faults heal, the ensemble serves again within a bound
//   B = 2 × initLimit × tickTime + 20 s   (60 s with tickTime 2000 ms, initLimit 10)
// — initLimit ticks for a leader elected on a changed vote to give up waiting for learners,
// initLimit more for the next one to gather and sync them, 20 s for notification back-off,
// learner connect retries and client reconnects.
// Read from trace events only. The last disturbance is the last fault event, or process event
// of a server (start, crash, exit, pause, resume); a disk stall lasts until it ends. The
// ensemble is calm when no cut is in force (a fault whose kind `cuts` until one that `heals`:
// partition, one-way), no link is slower than a tick (a kind that `slows` it: latency + jitter
// >= tickTime, until a later one undoes it), no server is paused, no stall runs, and a quorum
// of voters is up. What each kind leaves to wait for is its own (sim/faults/kinds/, `liveness`). While calm, once B has
// passed since the last disturbance:
// 1. a leader is established (zab.established, and it has not crashed, shut down or changed
//    role since) — and no stretch without one lasts longer than B;
// 2. every client op called after the disturbance, while calm, has returned (client.return, any
//    rc) within B of its call — unless its client process went down.
// Each is reported once per calm stretch. B is in global time and counts timeouts that run by
// the servers' monotonic clocks: while a server's clock runs slow (clock-drift), B stretches by
// its rate (clock-rates.ts); a wall-clock step changes nothing.
import { opName } from '../../protocol/server/txn.ts';
import type { Checker } from '../engine/world.ts';
import type { EventOf, TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { firedFault } from '../faults/registry.ts';
import { ClockRates } from './clock-rates.ts';
import { hexSession, quorumSize } from './replicas.ts';

export function livenessBoundMs(tickTime: number, initLimit: number): number {
  return 2 * initLimit * tickTime + 20_000;
}

/** A client call, as a violation names it (formatted only then: every call is kept while calm). */
function callWhat(ev: EventOf<'client.call'>): string {
  return `${opName[ev.op] ?? ev.op} ${ev.path} (session ${hexSession(ev.session)}, xid ${ev.xid})`;
}

interface Call {
  key: string;
  n: string;
  t: number;
  /** The call (a violation's message names it: callWhat). */
  ev: EventOf<'client.call'>;
}

export class LivenessChecker implements Checker {
  readonly name = 'liveness';
  readonly boundMs: number;
  private readonly tickTime: number;
  private readonly servers: Set<string>;
  private readonly voters: Set<string>;
  private readonly down = new Set<string>();
  private readonly paused = new Set<string>();
  private readonly slow = new Map<string, boolean>();
  /** Links of `slow` that are slow, and voters in `down`: counted, as calm() runs on every event. */
  private slowLinks = 0;
  private votersDown = 0;
  private partitioned = false;
  private stallUntil = 0;
  /** Time of the last disturbance, µs. */
  private since = 0;
  private leader: string | undefined;
  /** When the last established leader was lost, µs. */
  private lostAt = 0;
  private reportedLeader = false;
  private reportedCall = false;
  /** Calls made while calm, oldest first; returned ones are dropped lazily. */
  private queue: Call[] = [];
  private head = 0;
  private readonly pending = new Map<string, Call>();
  private readonly deadClients = new Set<string>();
  private readonly rates = new ClockRates();

  constructor(opts: { voters: readonly number[]; observers?: readonly number[]; tickTime: number; initLimit: number }) {
    this.boundMs = livenessBoundMs(opts.tickTime, opts.initLimit);
    this.tickTime = opts.tickTime;
    this.voters = new Set(opts.voters.map((s) => `s${s}`));
    this.servers = new Set([...this.voters, ...(opts.observers ?? []).map((s) => `s${s}`)]);
    // Servers are down until they start.
    for (const s of this.servers) this.down.add(s);
    this.votersDown = this.voters.size;
  }

  onEvent(ev: TraceEvent, world: World): void {
    this.track(ev);
    this.check(ev.t, world, ev.i);
  }

  finish(world: World): void {
    this.check(world.now, world, world.trace.count - 1);
  }

  private disturbed(t: number): void {
    this.since = Math.max(this.since, t);
    this.reportedLeader = false;
    this.reportedCall = false;
    this.queue = [];
    this.head = 0;
    this.pending.clear();
  }

  private calm(t: number): boolean {
    if (this.partitioned || this.paused.size > 0 || t < this.stallUntil) return false;
    if (this.slowLinks > 0) return false;
    return this.voters.size - this.votersDown >= quorumSize(this.voters.size);
  }

  private track(ev: TraceEvent): void {
    switch (ev.k) {
      case 'fault': {
        // What to wait for after a fault is its kind's (sim/faults/registry.ts); a `target`
        // event (whom a role target hit) is a disturbance only.
        this.rates.track(ev);
        const { kind, fault } = firedFault(ev);
        const wait = kind?.liveness ?? { effect: 'disturbs' };
        switch (wait.effect) {
          case 'cuts':
            this.partitioned = true;
            break;
          case 'heals':
            this.partitioned = false;
            break;
          case 'stalls':
            this.stallUntil = Math.max(this.stallUntil, ev.t + wait.ms(fault) * 1000);
            break;
          case 'slows': {
            const { link, delayMs } = wait.link(fault);
            if (link === 'every') {
              this.slow.clear();
              this.slowLinks = 0;
            }
            const slow = delayMs >= this.tickTime;
            if (this.slow.get(link) === true) this.slowLinks--;
            if (slow) this.slowLinks++;
            this.slow.set(link, slow);
            break;
          }
        }
        this.disturbed(Math.max(ev.t, this.stallUntil));
        return;
      }
      case 'proc': {
        const n = ev.n;
        if (!this.servers.has(n)) {
          if (ev.what === 'crash' || ev.what === 'exit') this.deadClients.add(n);
          else if (ev.what === 'start') this.deadClients.delete(n);
          return;
        }
        if (ev.what === 'start') this.setDown(n, false);
        else if (ev.what === 'crash' || ev.what === 'exit') {
          this.setDown(n, true);
          this.paused.delete(n);
          this.lose(n, ev.t);
        } else if (ev.what === 'pause') this.paused.add(n);
        else if (ev.what === 'resume') this.paused.delete(n);
        this.disturbed(ev.t);
        return;
      }
      case 'zab.established':
        this.leader = ev.n;
        return;
      case 'zab.leader-shutdown':
      case 'state':
        if (!(ev.k === 'state' && ev.state === 'LEADING')) this.lose(ev.n, ev.t);
        return;
      case 'client.call':
        if (ev.t >= this.since && this.calm(ev.t)) {
          const key = `${ev.n}|${ev.xid}`;
          const call = {
            key,
            n: ev.n,
            t: ev.t,
            ev,
          };
          this.queue.push(call);
          this.pending.set(key, call);
        }
        return;
      case 'client.return':
        this.pending.delete(`${ev.n}|${ev.xid}`);
        return;
    }
  }

  private setDown(n: string, down: boolean): void {
    if (this.down.has(n) === down) return;
    if (down) this.down.add(n);
    else this.down.delete(n);
    if (this.voters.has(n)) this.votersDown += down ? 1 : -1;
  }

  private lose(n: string, t: number): void {
    if (n !== this.leader) return;
    this.leader = undefined;
    this.lostAt = t;
  }

  private check(t: number, world: World, event: number): void {
    if (!this.calm(t)) return;
    const boundMs = this.rates.stretch(this.boundMs);
    const boundUs = boundMs * 1000;
    const from = Math.max(this.since, this.lostAt);
    if (!this.reportedLeader && this.leader === undefined && t - from > boundUs) {
      this.reportedLeader = true;
      const after =
        from === this.since
          ? `the last disturbance at ${this.since / 1000} ms`
          : `losing the leader at ${this.lostAt / 1000} ms`;
      world.violate(
        this.name,
        `no leader established ${Math.round((t - from) / 1000)} ms after ${after} (bound ${Math.round(boundMs)} ms)`,
        event,
      );
    }
    if (this.reportedCall) return;
    while (this.head < this.queue.length) {
      const call = this.queue[this.head]!;
      if (this.pending.get(call.key) === call && !this.deadClients.has(call.n)) break;
      this.head++;
    }
    const call = this.queue[this.head];
    if (call && t - call.t > boundUs) {
      this.reportedCall = true;
      world.violate(
        this.name,
        `${call.n}: ${callWhat(call.ev)}, called at ${call.t / 1000} ms, has not returned within ${Math.round(boundMs)} ms`,
        event,
      );
    }
  }
}
