// A fake Context for one actor, stepped by hand: everything the actor does to the world — sends,
// connects, closes, listens, timers set and cancelled, fsyncs, trace events, exit — is recorded
// as a line, and nothing happens until the script says so (a connection completes, a message is
// delivered, a timer fires, an fsync completes). etcd-raft's rafttest steps a raft node the same
// way: the protocol code is the real one, the world is the script.
import type { Actor, ConnId, Context, DiskToken, Message } from '../../protocol/actor.ts';
import type { ProtocolTraceEvents, ProtocolTraceKind } from '../../protocol/trace.ts';
import { SIM_EPOCH_MS } from '../../sim/engine/clock.ts';
import { SimDisk } from '../../sim/engine/disk.ts';
import type { Rng } from '../../sim/engine/random.ts';
import { eventBody, messageText } from '../../reports/event-line.ts';
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
  id: number;
  tag: string;
  dueMs: number;
}

/** An Rng that never varies (the recorded actor's random() and its disk's fsync latency). */
const fixedRng: Rng = {
  next: () => 0.5,
  between: (a: number, b: number) => (a + b) / 2,
  int: (lo: number) => lo,
  chance: () => false,
  pick: <T>(items: readonly T[]): T => items[0]!,
};

export class RecordingContext implements Context {
  readonly lines: string[] = [];
  readonly conns = new Map<ConnId, RecordedConn>();
  readonly timers = new Map<number, PendingTimer>();
  /** fsyncs issued and not completed, in order. */
  readonly fsyncs: { token: DiskToken; file: string; complete: () => void }[] = [];
  private nextConn = 1;
  private nextTimer = 1;
  /** Local time, ms since the start (now() adds the simulator's epoch). */
  elapsedMs = 0;
  exited: { code: number; reason: string } | undefined;
  actor: Actor | undefined;
  readonly disk: SimDisk;

  constructor(
    readonly id: string,
    /** "host:port" → [node, port name], to say whom an outgoing connection goes to. */
    private readonly addresses: Map<string, [string, string]>,
  ) {
    this.disk = new SimDisk(fixedRng);
    let pendingFile = '';
    const fsync = this.disk.fsync.bind(this.disk);
    this.disk.fsync = (file: string) => {
      pendingFile = file;
      return fsync(file);
    };
    this.disk.host = {
      scheduleFsync: (token, _delayUs, complete) => {
        this.fsyncs.push({ token, file: pendingFile, complete });
        this.lines.push(`fsync ${pendingFile}`);
      },
      traceDisk: () => {},
      stallUntilUs: () => 0,
      nowUs: () => this.elapsedMs * 1000,
    };
  }

  /** What the actor did since the last call, one line each. */
  take(): string[] {
    return this.lines.splice(0);
  }

  now(): number {
    return SIM_EPOCH_MS + this.elapsedMs;
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

  setTimer(ms: number, tag: string): number {
    const id = this.nextTimer++;
    this.timers.set(id, { id, tag, dueMs: this.elapsedMs + ms });
    this.lines.push(`timer ${tag} ${ms}ms`);
    return id;
  }

  cancelTimer(id: number): void {
    const t = this.timers.get(id);
    if (!t) return;
    this.timers.delete(id);
    this.lines.push(`cancel ${t.tag}`);
  }

  random(): number {
    return 0.5;
  }

  trace<K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]): void {
    // Built as the World's context builds it, { i, t, k, n, ...fields } (TypeScript cannot tie a
    // generic K's fields to its member of the TraceEvent union, so this says it).
    const ev = { i: 0, t: this.elapsedMs * 1000, k: kind, n: this.id, ...fields } as TraceEvent;
    this.lines.push(`trace ${eventBody(ev)}`);
  }

  exit(code: number, reason: string): void {
    this.exited = { code, reason };
    this.lines.push(`exit ${code} ${JSON.stringify(reason)}`);
  }

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

  /** Fire a pending timer: the clock moves to its due time. */
  fire(t: PendingTimer): void {
    this.timers.delete(t.id);
    this.elapsedMs = Math.max(this.elapsedMs, t.dueMs);
    this.actor!.onTimer(t.id, t.tag);
  }

  /** Complete the oldest pending fsync (of `file`, if given). */
  completeFsync(file?: string): boolean {
    const j = this.fsyncs.findIndex((f) => file === undefined || f.file === file);
    if (j < 0) return false;
    const [f] = this.fsyncs.splice(j, 1);
    f!.complete();
    this.actor!.onDiskDone?.(f!.token);
    return true;
  }
}
