// The world's side of protocol/actor.ts's Scope: the timers and fsync callbacks of one owner
// in one process incarnation, in a tree whose root is the incarnation's Context. The world
// schedules and delivers (sim/engine/world.ts); a scope only keeps what is pending, so that
// close() can cancel its timers and drop its fsync callbacks, its children's too.
import type { Context, Disk, Net, TimerId } from '../../protocol/actor.ts';
import type { ProtocolTraceEvents, ProtocolTraceKind } from '../../protocol/trace.ts';

/** The part of a Context every scope of one incarnation shares. */
export interface NodeServices {
  readonly id: string;
  readonly net: Net;
  readonly disk: Disk;
  currentWallTime(): number;
  currentElapsedTime(): number;
  random(): number;
  trace<K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]): void;
  exit(code: number, reason: string): void;
}

/** A pending timer as the world's event queue holds it. */
export interface ScopedTimer {
  readonly scope: SimScope;
  readonly id: TimerId;
  readonly tag: string;
  readonly onFire: () => void;
}

/** A pending fsync callback: `live` until it runs or its scope closes. */
export interface ScopedFsync {
  readonly scope: SimScope;
  readonly onDurable: () => void;
  live: boolean;
}

/** What the world does for a scope. */
export interface ScopeHost {
  /** A timer id, unique in the node (across incarnations too). */
  nextTimerId(): TimerId;
  /** Schedule the timer; the handle's `cancelled` flag cancels it. */
  scheduleTimer(ms: number, timer: ScopedTimer): { cancelled: boolean };
  /** Issue the fsync on the node's disk; the world calls `scope.durable(f)` when it completes. */
  fsync(file: string, f: ScopedFsync): void;
}

export class SimScope implements Context {
  private readonly timers = new Map<TimerId, { cancelled: boolean }>();
  private readonly fsyncs = new Set<ScopedFsync>();
  private readonly children = new Set<SimScope>();
  private isClosed = false;
  readonly id: string;
  readonly net: Net;
  readonly disk: Disk;

  constructor(
    readonly scopeName: string,
    private readonly services: NodeServices,
    private readonly host: ScopeHost,
    private readonly parent?: SimScope,
  ) {
    this.id = services.id;
    this.net = services.net;
    this.disk = services.disk;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  currentWallTime(): number {
    return this.services.currentWallTime();
  }
  currentElapsedTime(): number {
    return this.services.currentElapsedTime();
  }
  random(): number {
    return this.services.random();
  }
  trace<K extends ProtocolTraceKind>(kind: K, fields: ProtocolTraceEvents[K]): void {
    this.services.trace(kind, fields);
  }
  exit(code: number, reason: string): void {
    this.services.exit(code, reason);
  }

  setTimer(ms: number, tag: string, onFire: () => void): TimerId {
    const id = this.host.nextTimerId();
    if (!this.isClosed) this.timers.set(id, this.host.scheduleTimer(ms, { scope: this, id, tag, onFire }));
    return id;
  }

  cancelTimer(id: TimerId): void {
    const t = this.timers.get(id);
    if (!t) return;
    t.cancelled = true;
    this.timers.delete(id);
  }

  /** The world: timer `id` fires now (it is no longer pending; its callback runs next). */
  fired(id: TimerId): void {
    this.timers.delete(id);
  }

  fsync(file: string, onDurable: () => void): void {
    const f: ScopedFsync = { scope: this, onDurable, live: !this.isClosed };
    if (f.live) this.fsyncs.add(f);
    this.host.fsync(file, f);
  }

  /** The world: the fsync completed (the data is durable); call back if the scope still wants it. */
  durable(f: ScopedFsync): void {
    if (!f.live) return;
    f.live = false;
    this.fsyncs.delete(f);
    f.onDurable();
  }

  scope(name: string): SimScope {
    const child = new SimScope(`${this.scopeName}/${name}`, this.services, this.host, this);
    if (this.isClosed) child.isClosed = true;
    else this.children.add(child);
    return child;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const t of this.timers.values()) t.cancelled = true;
    this.timers.clear();
    for (const f of this.fsyncs) f.live = false;
    this.fsyncs.clear();
    const children = [...this.children];
    this.children.clear();
    for (const c of children) c.close();
    this.parent?.children.delete(this);
  }
}
