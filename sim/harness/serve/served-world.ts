// The server side of zksim serve, as a deterministic run: a world built from the setup (the
// ensemble, the seed, the release's bugs, the fault plan) with every checker, booted until a
// leader serves, then stepped by inputs from outside the event loop, each at its simulated time
// — a real connection opened, its bytes, its close, a control command. Live, the socket side
// (sim/cli/serve/) feeds it as the wall clock goes; a replay feeds it a record file's inputs at
// full speed. Both do exactly the same world operations for an input at time t: run the world up
// to t, schedule the input at t, run to t again. So the same inputs give the same trace hash.
import type { BugId } from '../../../protocol/bugs.ts';
import type { Role } from '../../faults/roles.ts';
import { RoleTracker } from '../../faults/roles.ts';
import { type FaultPlan, applyFault, checkServers } from '../../faults/plan.ts';
import { schedulePlan } from '../../faults/triggers.ts';
import { node as nodeOf } from '../../faults/targets.ts';
import { allCheckers } from '../../checkers/index.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import { type Violation, World } from '../../engine/world.ts';
import { ClientHost, type HostSink } from './client-host.ts';
import { CLIENT_HOST, type CtlAction, CtlError, parseCtl } from './ctl.ts';
import type { ServeInput, ServeSetup } from './record.ts';

/** A served server, as the installer made it. */
export interface ServedNode {
  sid: number;
  node: string;
  clientAddr: string;
  clientPort: number;
  observer: boolean;
}

export interface ServedWorldOptions {
  setup: ServeSetup;
  bugs: readonly BugId[];
  /** Add the servers to the world (scenarios/served.ts). */
  install(world: World): ServedNode[];
  tickTime: number;
  initLimit: number;
  onEvent?: (ev: TraceEvent) => void;
  /** Every trace event as a JSONL line (replay --trace). */
  traceSink?: (line: string) => void;
}

export class ServedWorld {
  readonly world: World;
  readonly roles = new RoleTracker();
  readonly servers: ServedNode[];
  readonly host: ClientHost;
  /** Every input so far, in order (the record file's). */
  readonly inputs: ServeInput[] = [];
  /** Where the client host's replies go (the socket side; nowhere in a replay). */
  sink: HostSink = { bytes: () => {}, closed: () => {} };
  /** When serving began (after the boot), µs. */
  servedFromUs = 0;
  /** Inputs held while the client host is paused (its socket buffers), applied on resume. */
  private held: ServeInput[] = [];
  private lastUs = 0;

  constructor(opts: ServedWorldOptions) {
    this.world = new World(opts.setup.seed, opts.traceSink ? { traceSink: opts.traceSink } : {});
    this.world.trace.subscribe((e) => this.roles.onEvent(e));
    if (opts.onEvent) this.world.trace.subscribe(opts.onEvent);
    this.servers = opts.install(this.world);
    let host: ClientHost | undefined;
    this.world.addNode(CLIENT_HOST, (ctx) => {
      host = new ClientHost(ctx, {
        bytes: (k, h) => this.sink.bytes(k, h),
        closed: (k, how) => this.sink.closed(k, how),
      });
      return host;
    });
    this.world.start(CLIENT_HOST);
    this.host = host!;
    const voters = this.servers.filter((s) => s.sid > 0 && !s.observer).map((s) => s.sid);
    const observers = this.servers.filter((s) => s.observer).map((s) => s.sid);
    const plan = opts.setup.plan as FaultPlan | null;
    if (plan) {
      checkServers(plan, this.sids);
      schedulePlan(this.world, plan, this.roles);
    }
    for (const c of allCheckers({
      voters,
      observers,
      tickTime: opts.tickTime,
      initLimit: opts.initLimit,
      roles: this.roles,
    }))
      this.world.addChecker(c);
  }

  get sids(): number[] {
    return this.servers.map((s) => s.sid);
  }

  get ensemble(): boolean {
    return this.servers.some((s) => s.sid > 0);
  }

  /** Start every server; for an ensemble, run until a leader serves (60 s at most), then 1 s more. */
  boot(): void {
    for (const s of this.servers) this.world.start(s.node);
    if (this.ensemble)
      this.world.run({
        untilMs: 60_000,
        stopOnViolation: false,
        stopWhen: () =>
          this.roles.leader() !== null && this.servers.every((s) => this.roles.role(s.node) !== 'looking'),
      });
    else this.world.run({ untilMs: 50, stopOnViolation: false });
    this.world.run({ untilMs: this.world.nowMs + 1000, stopOnViolation: false });
    this.servedFromUs = this.world.now;
    this.lastUs = this.world.now;
  }

  /** Now, µs (the last time the world was run to). */
  get nowUs(): number {
    return this.lastUs;
  }

  /** The next event's time, µs (undefined: nothing is scheduled). */
  nextEventUs(): number | undefined {
    return this.world.queue.peek()?.time;
  }

  /** Run the world up to tUs (never backwards). */
  advance(tUs: number): void {
    const t = Math.max(tUs, this.lastUs);
    this.world.run({ untilMs: t / 1000, stopOnViolation: false });
    this.lastUs = t;
  }

  get violations(): readonly Violation[] {
    return this.world.violations;
  }

  /** An input from outside, at its time: recorded, then applied there. */
  input(ev: ServeInput): void {
    this.inputs.push(ev);
    this.advance(ev.t);
    this.world.at(ev.t / 1000, `serve ${ev.k}`, () => this.apply(ev));
    this.advance(ev.t);
  }

  private apply(ev: ServeInput): void {
    if (ev.k === 'ctl') {
      this.control(parseCtl(ev.cmd, this.sids, this.world.nowMs));
      return;
    }
    // A paused client host reads nothing from its real clients: their bytes wait in its sockets.
    if (this.world.node(CLIENT_HOST).state === 'paused') {
      this.held.push(ev);
      return;
    }
    switch (ev.k) {
      case 'open': {
        const s = this.servers.find((x) => x.sid === ev.s);
        if (s) this.host.open(ev.c, s.clientAddr);
        return;
      }
      case 'data':
        this.host.data(ev.c, ev.hex);
        return;
      case 'close':
        this.host.close(ev.c);
        return;
    }
  }

  /**
   * A control command's words at tUs: its answer. A command that changes the world is an input
   * (recorded, applied at tUs); status and bad commands are not.
   */
  command(words: string[], tUs: number): string {
    let action: CtlAction;
    try {
      action = parseCtl(words, this.sids, Math.max(tUs, this.lastUs) / 1000);
    } catch (e) {
      if (e instanceof CtlError) return `error: ${e.message}`;
      throw e;
    }
    if (action.kind === 'status' || action.kind === 'stop') {
      this.advance(tUs);
      return this.status();
    }
    this.input({ t: Math.max(tUs, this.lastUs), k: 'ctl', cmd: words });
    return `ok: ${words.join(' ')} at ${(this.lastUs / 1000).toFixed(1)} ms`;
  }

  private control(a: CtlAction): void {
    const w = this.world;
    switch (a.kind) {
      case 'fault':
        applyFault(w, a.fault, { roles: this.roles });
        return;
      case 'pause-client':
        w.pause(CLIENT_HOST);
        if (a.forMs !== undefined) w.at(w.nowMs + a.forMs, 'resume c1', () => this.resumeClient());
        return;
      case 'resume-client':
        this.resumeClient();
        return;
      case 'partition': {
        w.fault('client-partition', { groups: a.groups });
        const name = (x: number | 'c1') => (x === CLIENT_HOST ? CLIENT_HOST : nodeOf(x));
        for (let g = 0; g < a.groups.length; g++)
          for (let h = 0; h < a.groups.length; h++)
            if (g !== h) for (const x of a.groups[g]!) for (const y of a.groups[h]!) w.net.block(name(x), name(y));
        return;
      }
      default:
    }
  }

  private resumeClient(): void {
    this.world.resume(CLIENT_HOST);
    const held = this.held;
    this.held = [];
    for (const ev of held) this.apply(ev);
  }

  roleOf(s: ServedNode): Role | 'standalone' | 'paused' {
    const n = this.world.node(s.node);
    if (!n.up) return 'down';
    if (n.state === 'paused') return 'paused';
    return s.sid === 0 ? 'standalone' : this.roles.role(s.node);
  }

  /** What `zksim ctl status` prints. */
  status(): string {
    const lines = [
      `simulated time ${(this.lastUs / 1000).toFixed(1)} ms (serving since ${(this.servedFromUs / 1000).toFixed(1)} ms)`,
    ];
    for (const s of this.servers) {
      const info = this.roles.roles.get(s.node);
      lines.push(
        `server.${s.sid} ${s.clientAddr}: ${this.roleOf(s)}${info && s.sid > 0 ? ` (epoch ${info.peerEpoch})` : ''}`,
      );
    }
    const c1 = this.world.node(CLIENT_HOST);
    lines.push(`client host ${CLIENT_HOST}: ${c1.state}, ${this.host.connections} real connection(s)`);
    for (const l of this.host.links()) {
      const s = this.servers.find((x) => x.clientAddr === l.server);
      lines.push(`  connection ${l.key} -> server.${s?.sid ?? '?'}${l.open ? '' : ' (connecting)'}`);
    }
    const parts = this.world.net.partitions();
    if (parts.length > 0) lines.push(`blocked links: ${parts.join(' ')}`);
    lines.push(`trace events ${this.world.trace.count}, violations ${this.world.violations.length}`);
    for (const v of this.world.violations.slice(0, 5)) lines.push(`  ${v.checker} at ${v.time} ms: ${v.message}`);
    return lines.join('\n');
  }

  /** End the run at tUs: the end-of-run checks, and the trace hash. */
  end(tUs: number): { t: number; traceHash: string; events: number; violations: Violation[] } {
    this.advance(tUs);
    this.world.finish();
    return {
      t: this.lastUs,
      traceHash: this.world.trace.traceHash,
      events: this.world.trace.count,
      violations: [...this.world.violations],
    };
  }
}
