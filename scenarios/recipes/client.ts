// A recipe's client process: one ZooKeeper handle at a time, and the application running on it
// as a recipe (recipe.ts) does, for each session: a session that expires is replaced by a new one
// (the handle is closed for good: Curator's ConnectionStateManager LOST, then a new ZooKeeper), and
// the recipe starts over on it. What the process believes it holds (the lock, the mastership) is
// traced as `recipe` events (sim/engine/trace-events.ts RecipeFields) for the checkers. The
// application, as Curator recommends, stops acting when its connection drops (SUSPENDED: the
// session may be expiring unseen) and acts again only once it has checked, reconnected, that its
// znode is still its own. What it cannot see is its own process stopping: a pause (a GC, SIGSTOP)
// between its check and its write.
import type { Actor, ConnId, Context, Message } from '../../protocol/actor.ts';
import { type CreateMode, EventType, Ids, KeeperState, type Stat, type WatchedEvent } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { ZooKeeper } from '../../protocol/client/ZooKeeper.ts';
import type { MultiOp, MultiOpResult } from '../../protocol/proto.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import type { RecipeFields } from '../../sim/engine/trace-events.ts';
import type { ProtectedResource, RecipeRecorder } from './resource.ts';
import { type Task, TaskRunner } from './task.ts';
import type { Recipe } from './recipe.ts';

/** What survives a crash of the client's process: the application's own counters. */
export interface ClientMemory {
  /** Writes issued to the resource so far (their sequence numbers). */
  writes: number;
  /** Local time the first process started. */
  startedAt: number | undefined;
  /** The recipe's own state that outlives a process (its script: a counter, a round), in RecipeApp.memory. */
  app: Record<string, unknown>;
}

export interface RecipeClientOptions {
  connectString: string;
  sessionTimeoutMs: number;
  recipe: Recipe;
  resource: ProtectedResource;
  record: RecipeRecorder;
  /** The application stops contending this long (local ms) after its first start. */
  stopAfterMs: number;
  memory: ClientMemory;
  /** This client's number (1 for c1) and how many clients run the recipe. */
  index: number;
  clients: number;
  /** The recipe's planted mistake (--naive), for recipes that have one. */
  naive: boolean;
}

/** What a recipe's code is given: the handle's operations as tasks, the session's events, and the role it may hold. */
export interface RecipeApp {
  /** The client's name ("c1"), its node. */
  readonly name: string;
  /** Its number (1 for c1) among `clients` clients: a recipe may give some of them another part (a writer, a producer). */
  readonly index: number;
  readonly clients: number;
  readonly fencing: boolean;
  /** --naive: the recipe's planted mistake (each data recipe's summary says which). */
  readonly naive: boolean;
  /** The application's own state that survives a crash of its process (what it is in its script). */
  readonly memory: Record<string, unknown>;
  sessionId(): bigint;
  connected(): boolean;
  /** Local monotonic time, ms. */
  now(): number;
  /** Past the run's contention time: let go and stop. */
  stopped(): boolean;
  random(): number;
  sleep(ms: number): Task<void>;

  create(path: string, data: string | null, mode: CreateMode): Task<{ path: string; stat: Stat }>;
  /** null when the node does not exist (the watch, if asked, is left as an exist watch). */
  exists(path: string, watch: boolean): Task<Stat | null>;
  getData(path: string, watch: boolean): Task<{ data: string | null; stat: Stat }>;
  getChildren(path: string, watch: boolean): Task<string[]>;
  setData(path: string, data: string | null, version: number): Task<Stat>;
  delete(path: string, version: number): Task<void>;
  /** multi: all or nothing; a failed one throws the first failing op's code, as ZooKeeper.multi does. */
  multi(ops: MultiOp[]): Task<MultiOpResult[]>;
  /** sync: the server this session reads from catches up with the leader. */
  sync(path: string): Task<void>;

  /** How many events the session has heard: wait for the ones after with waitEvent. */
  mark(): number;
  /** The first event heard after `mark()` returned `since` (at once if it came already). */
  waitEvent(since: number): Task<WatchedEvent>;
  /** Until the handle is connected (a state event each time it changes). */
  waitConnected(): Task<void>;

  /** Trace one of the recipe's own events on this client's node (sim/engine/trace-events.ts RecipeFields), for its checkers. */
  record(fields: RecipeFields): void;

  /** Whether the application now believes it holds its role (the recipe's `role`). */
  readonly holding: boolean;
  /** It holds the role by the znode `node` whose czxid is `token`: it says so and writes at once. */
  acquired(token: number, node: string): void;
  /** It stops believing it holds (and acting on it). */
  released(why: 'done' | 'stopped'): void;
  /** A write to the protected resource, as the holder does while it believes it holds. */
  write(): void;
}

export class RecipeClient implements Actor, RecipeApp {
  private zk!: ZooKeeper;
  private task: TaskRunner | undefined;
  private sessions = 0;
  private events: WatchedEvent[] = [];
  private wakers: (() => void)[] = [];
  private held: { token: number; node: string } | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly o: RecipeClientOptions,
  ) {}

  get name(): string {
    return this.ctx.id;
  }
  get fencing(): boolean {
    return this.o.resource.fencing;
  }
  get naive(): boolean {
    return this.o.naive;
  }
  get memory(): Record<string, unknown> {
    return this.o.memory.app;
  }
  get index(): number {
    return this.o.index;
  }
  get clients(): number {
    return this.o.clients;
  }
  get holding(): boolean {
    return this.held !== undefined;
  }

  start(): void {
    this.o.memory.startedAt ??= this.ctx.currentElapsedTime();
    this.openSession();
  }

  /** A new handle (a new session) and the recipe from its beginning on it. */
  private openSession(): void {
    this.sessions++;
    this.events = [];
    this.wakers = [];
    const zk = new ZooKeeper(this.ctx, this.o.connectString, this.o.sessionTimeoutMs, (e) => this.onEvent(zk, e), {
      name: String(this.sessions),
    });
    this.zk = zk;
    const task = new TaskRunner(
      {
        setTimer: (ms, tag, f) => this.ctx.setTimer(ms, tag, f),
        cancelTimer: (id) => this.ctx.cancelTimer(id),
        events: () => this.events,
        onNextEvent: (wake) => this.wakers.push(wake),
      },
      this.o.recipe.session(this),
      (error) => this.taskEnded(zk, error),
    );
    this.task = task;
    task.start();
  }

  /** The recipe's session ended: by an error of its session (expired: the Expired event starts the next), or by stopping. */
  private taskEnded(zk: ZooKeeper, error: unknown): void {
    if (error === undefined) return;
    if (error instanceof KeeperException && (error.code === Code.SESSIONEXPIRED || !zk.isAlive())) return;
    throw error;
  }

  private onEvent(zk: ZooKeeper, e: WatchedEvent): void {
    if (zk !== this.zk) return;
    if (e.type === EventType.None) {
      if (e.state === KeeperState.Disconnected && this.held) {
        // Curator's SUSPENDED: the session may be expiring where we cannot see; act no more until we know.
        this.end('suspended');
      }
      if (e.state === KeeperState.Expired) {
        if (this.held) this.end('expired');
        this.task?.cancel();
        this.openSession();
        return;
      }
    }
    this.events.push(e);
    const wake = this.wakers;
    this.wakers = [];
    for (const w of wake) w();
  }

  /** The recipe's role; a recipe without one holds nothing (acquired is a programming error there). */
  private get role(): 'lock' | 'master' {
    const r = this.o.recipe.role;
    if (r === undefined) throw new Error(`recipe ${this.o.recipe.name} has no role to hold`);
    return r;
  }

  private end(why: 'done' | 'expired' | 'suspended' | 'stopped'): void {
    const h = this.held!;
    this.held = undefined;
    this.o.record(this.name, {
      what: 'released',
      role: this.role,
      session: this.zk.sessionId,
      token: h.token,
      why,
    });
  }

  // ---- RecipeApp ------------------------------------------------------------------------

  sessionId(): bigint {
    return this.zk.sessionId;
  }
  connected(): boolean {
    return this.zk.state === 'CONNECTED';
  }
  now(): number {
    return this.ctx.currentElapsedTime();
  }
  stopped(): boolean {
    return this.now() - (this.o.memory.startedAt ?? 0) > this.o.stopAfterMs;
  }
  random(): number {
    return this.ctx.random();
  }
  *sleep(ms: number): Task<void> {
    yield { kind: 'sleep', ms };
  }

  *create(path: string, data: string | null, mode: CreateMode): Task<{ path: string; stat: Stat }> {
    const zk = this.zk;
    return (yield {
      kind: 'call',
      path,
      start: (done) =>
        zk.create(path, data, Ids.OPEN_ACL_UNSAFE, mode, (rc, p, stat) => done(rc, { path: p, stat }), -1, true),
    }) as { path: string; stat: Stat };
  }
  *exists(path: string, watch: boolean): Task<Stat | null> {
    const zk = this.zk;
    try {
      return (yield { kind: 'call', path, start: (done) => zk.exists(path, watch, (rc, s) => done(rc, s)) }) as Stat;
    } catch (e) {
      if (e instanceof KeeperException && e.code === Code.NONODE) return null;
      throw e;
    }
  }
  *getData(path: string, watch: boolean): Task<{ data: string | null; stat: Stat }> {
    const zk = this.zk;
    return (yield {
      kind: 'call',
      path,
      start: (done) => zk.getData(path, watch, (rc, data, stat) => done(rc, { data: data ?? null, stat })),
    }) as { data: string | null; stat: Stat };
  }
  *getChildren(path: string, watch: boolean): Task<string[]> {
    const zk = this.zk;
    return (yield {
      kind: 'call',
      path,
      start: (done) => zk.getChildren(path, watch, (rc, children) => done(rc, children)),
    }) as string[];
  }
  *setData(path: string, data: string | null, version: number): Task<Stat> {
    const zk = this.zk;
    return (yield {
      kind: 'call',
      path,
      start: (done) => zk.setData(path, data, version, (rc, stat) => done(rc, stat)),
    }) as Stat;
  }
  *multi(ops: MultiOp[]): Task<MultiOpResult[]> {
    const zk = this.zk;
    return (yield {
      kind: 'call',
      path: ops[0]?.path ?? '/',
      start: (done) =>
        zk.multi(ops, (rc, results) => {
          const r = (results ?? []) as MultiOpResult[];
          const failed = r.find(
            (x) => x.op === OpCode.error && x.err !== Code.OK && x.err !== Code.RUNTIMEINCONSISTENCY,
          );
          done(rc === Code.OK && failed && failed.op === OpCode.error ? failed.err : rc, r);
        }),
    }) as MultiOpResult[];
  }
  *delete(path: string, version: number): Task<void> {
    const zk = this.zk;
    yield { kind: 'call', path, start: (done) => zk.delete(path, version, (rc) => done(rc)) };
  }

  *sync(path: string): Task<void> {
    const zk = this.zk;
    yield { kind: 'call', path, start: (done) => zk.sync(path, (rc) => done(rc)) };
  }

  mark(): number {
    return this.events.length;
  }
  *waitEvent(since: number): Task<WatchedEvent> {
    return (yield { kind: 'event', since }) as WatchedEvent;
  }
  *waitConnected(): Task<void> {
    while (!this.connected()) yield* this.waitEvent(this.mark());
  }

  acquired(token: number, node: string): void {
    this.held = { token, node };
    this.o.record(this.name, {
      what: 'acquired',
      role: this.role,
      session: this.zk.sessionId,
      token,
      node,
    });
    this.write();
  }
  released(why: 'done' | 'stopped'): void {
    if (this.held) this.end(why);
  }
  write(): void {
    const h = this.held;
    if (!h) return;
    this.o.resource.write(this.name, this.role, h.token, ++this.o.memory.writes);
  }
  record(fields: RecipeFields): void {
    this.o.record(this.name, fields);
  }

  // ---- the process's connections, to the handle that owns them ---------------------------

  onConnect(conn: ConnId): void {
    if (this.zk.owns(conn)) this.zk.onConnect(conn);
  }
  onConnectFailed(conn: ConnId): void {
    if (this.zk.owns(conn)) this.zk.onConnectFailed(conn);
  }
  onMessage(conn: ConnId, msg: Message): void {
    if (this.zk.owns(conn)) this.zk.onMessage(conn, msg);
  }
  onClose(conn: ConnId): void {
    if (this.zk.owns(conn)) this.zk.onClose(conn);
  }
}
