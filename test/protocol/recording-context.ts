// A fake Context for one actor, stepped by hand: everything the actor does to the world — sends,
// connects, closes, listens, timers set and cancelled, fsyncs, trace events, exit — is recorded
// as a line, and nothing happens until the script says so (a connection completes, a message is
// delivered, a timer fires, an fsync completes). etcd-raft's rafttest steps a raft node the same
// way: the protocol code is the real one, the world is the script.
import type { ConnId, Message, TimerId } from '../../protocol/actor.ts';
import type { ProtocolTraceEvents, ProtocolTraceKind } from '../../protocol/trace.ts';
import { eventBody, messageText } from '../../reports/event-line.ts';
import { SIM_EPOCH_MS } from '../../sim/engine/clock.ts';
import { SimDisk } from '../../sim/engine/disk.ts';
import type { Rng } from '../../sim/engine/random.ts';
import { type NodeServices, type ScopeHost, type ScopedTimer, SimScope } from '../../sim/engine/scope.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';

export interface RecordedConn {
  id: ConnId;
  /** The peer's node name, once known (an outgoing connection knows it from the address). */
  peer: string | undefined;
  /** election or quorum or client. */
  port: string;
  outgoing: boolean;
  state: 'connecting' | 'open' | 'closed';
}

export interface PendingTimer {
  id: TimerId;
  tag: string;
  dueMs: number;
  timer: ScopedTimer;
}

/** An Rng that never varies (the recorded actor's random() and its disk's fsync latency). */
const fixedRng: Rng = {
  next: () => 0.5,
  between: (a: number, b: number) => (a + b) / 2,
  int: (lo: number) => lo,
  chance: () => false,
  pick: <T>(items: readonly T[]): T => items[0]!,
};

/**
 * One process's world, stepped by hand. `root` is the Context the actor is given: the world's
 * own scope implementation (sim/engine/scope.ts), so timers and fsync callbacks are bound and
 * cancelled exactly as in a World — a cancelled timer (its owner's scope closed, or cancelTimer)
 * is printed `cancel TAG` and never fires.
 */
export class RecordingContext {
  readonly lines: string[] = [];
  readonly conns = new Map<ConnId, RecordedConn>();
  readonly timers = new Map<TimerId, PendingTimer>();
  /** fsyncs issued and not completed, in order. */
  readonly fsyncs: { file: string; complete: () => void; then: (() => void) | undefined }[] = [];
  private nextConn = 1;
  private nextTimer = 1;
  /** Local time, ms since the start (both clocks add the simulator's epoch). */
  elapsedMs = 0;
  exited: { code: number; reason: string } | undefined;
  readonly disk: SimDisk;
  readonly root: SimScope;

  constructor(
    readonly id: string,
    /** "host:port" → [node, port name], to say whom an outgoing connection goes to. */
    private readonly addresses: Map<string, [string, string]>,
  ) {
    this.disk = new SimDisk(fixedRng);
    let pendingFile = '';
    this.disk.host = {
      scheduleFsync: (_token, _delayUs, complete, then) => {
        this.fsyncs.push({ file: pendingFile, complete, then });
        this.lines.push(`fsync ${pendingFile}`);
      },
      traceDisk: (op, file) => {
        if (op === 'fsync') pendingFile = file;
      },
      stallUntilUs: () => 0,
      nowUs: () => this.elapsedMs * 1000,
    };
    const services: NodeServices = {
      id,
      currentWallTime: () => SIM_EPOCH_MS + this.elapsedMs,
      currentElapsedTime: () => SIM_EPOCH_MS + this.elapsedMs,
      net: this.net,
      disk: this.disk,
      random: () => 0.5,
      trace: <K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]) => {
        // Built as the World builds it, { i, t, k, n, ...fields } (TypeScript cannot tie a generic
        // K's fields to its member of the TraceEvent union, so this says it).
        const ev = { i: 0, t: this.elapsedMs * 1000, k: kind, n: id, ...fields } as TraceEvent;
        this.lines.push(`trace ${eventBody(ev)}`);
      },
      exit: (code: number, reason: string) => {
        this.exited = { code, reason };
        this.lines.push(`exit ${code} ${JSON.stringify(reason)}`);
      },
    };
    const ctx = this;
    const host: ScopeHost = {
      nextTimerId: () => this.nextTimer++,
      scheduleTimer: (ms: number, timer: ScopedTimer) => {
        this.timers.set(timer.id, { id: timer.id, tag: timer.tag, dueMs: this.elapsedMs + ms, timer });
        this.lines.push(`timer ${timer.tag} ${ms}ms`);
        let cancelled = false;
        return {
          get cancelled() {
            return cancelled;
          },
          set cancelled(v: boolean) {
            if (v && !cancelled && ctx.timers.delete(timer.id)) ctx.lines.push(`cancel ${timer.tag}`);
            cancelled ||= v;
          },
        };
      },
      fsync: (file, f) => {
        this.disk.fsync(file, () => f.scope.durable(f));
      },
    };
    this.root = new SimScope(id, services, host);
  }

  /** What the actor did since the last call, one line each. */
  take(): string[] {
    return this.lines.splice(0);
  }

  readonly net = {
    listen: (addr: string) => {
      this.lines.push(`listen ${addr}`);
    },
    unlisten: (addr: string) => {
      this.lines.push(`unlisten ${addr}`);
    },
    connect: (addr: string, timeoutMs: number): ConnId => {
      const id = this.nextConn++;
      const [peer, port] = this.addresses.get(addr) ?? [undefined, addr];
      this.conns.set(id, { id, peer, port, outgoing: true, state: 'connecting' });
      this.lines.push(`connect ${peer ?? '?'} ${port} (${addr}, timeout ${timeoutMs}ms)`);
      return id;
    },
    setKeepAlive: (conn: ConnId, on: boolean) => {
      this.lines.push(`keepalive conn ${conn} ${on}`);
    },
    send: (conn: ConnId, msg: Message) => {
      if (this.exited) return;
      const c = this.conns.get(conn);
      this.lines.push(`→ ${c?.peer ?? `conn ${conn}`} ${messageText(msg)}`);
    },
    close: (conn: ConnId) => {
      const c = this.conns.get(conn);
      if (c) c.state = 'closed';
      this.lines.push(`close ${c?.peer ?? `conn ${conn}`} ${c?.port ?? ''}`.trimEnd());
    },
  };

  // ---- the script's side: inputs to the actor --------------------------------------------

  /** A new incoming connection from `peer` on our `port`. */
  accept(peer: string, port: string): RecordedConn {
    const id = this.nextConn++;
    const c: RecordedConn = { id, peer, port, outgoing: false, state: 'open' };
    this.conns.set(id, c);
    return c;
  }

  /** The pending timer with this tag that is due first. */
  timer(tag: string): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers.values()) if (t.tag === tag && (!best || t.dueMs < best.dueMs)) best = t;
    return best;
  }

  /** Fire a pending timer: the clock moves to its due time, and its callback runs. */
  fire(t: PendingTimer): void {
    this.timers.delete(t.id);
    this.elapsedMs = Math.max(this.elapsedMs, t.dueMs);
    t.timer.scope.fired(t.id);
    t.timer.onFire();
  }

  /** Complete the oldest pending fsync (of `file`, if given): durable, then its callback. */
  completeFsync(file?: string): boolean {
    const j = this.fsyncs.findIndex((f) => file === undefined || f.file === file);
    if (j < 0) return false;
    const [f] = this.fsyncs.splice(j, 1);
    f!.complete();
    f!.then?.();
    return true;
  }
}
