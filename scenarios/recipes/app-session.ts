// What every application process of the data recipes (config, membership, registry, queue,
// barrier) does with its ZooKeeper session, as an application developer writes it against the
// callback API of protocol/client/ZooKeeper.ts:
// - one handle at a time; Disconnected is waited out (the handle reconnects by itself and sets
//   its watches again); a request that failed with ConnectionLoss is the application's to retry;
// - SessionExpired (the handle is CLOSED for good): open a new session and start over
//   (`begin`), since the session's ephemerals and watches are gone with it;
// - every callback belongs to one session (its generation): a late callback of an old session
//   is ignored, so the application never acts on two sessions at once.
// The recipe's own steps are the subclass's `begin(gen)`; it reports what the application did
// with `note` (a `recipe` trace event on its node, for the recipe's checker).
import type { Actor, ConnId, Context, Message } from '../../protocol/actor.ts';
import { CreateMode, EventType, Ids, KeeperState, type Stat, type WatchedEvent } from '../../protocol/data.ts';
import type { ClientWatcher } from '../../protocol/client/ZKWatchManager.ts';
import { ZooKeeper } from '../../protocol/client/ZooKeeper.ts';
import { Code } from '../../protocol/errors.ts';
import type { RecipeFields } from '../../sim/engine/trace-events.ts';

/** How a recipe's application reports what it did (a `recipe` trace event on its node). */
export type Note = (fields: RecipeFields) => void;

export interface AppOptions {
  connectString: string;
  sessionTimeoutMs: number;
  note: Note;
  /** After this local time (ms since the process started) the application starts no new work. */
  stopAfterMs?: number;
}

/** The wait before a retry after ConnectionLoss (the handle queues the retry until it reconnects). */
export const RETRY_MS = 50;

export abstract class SessionApp implements Actor {
  protected zk!: ZooKeeper;
  /** Which session the application is on: callbacks of an older one are dropped. */
  protected gen = 0;
  private startedAt = 0;

  constructor(
    protected readonly ctx: Context,
    protected readonly opts: AppOptions,
  ) {}

  start(): void {
    this.startedAt = this.ctx.currentElapsedTime();
    this.open();
  }

  /** Time since this process started, ms. */
  protected elapsed(): number {
    return this.ctx.currentElapsedTime() - this.startedAt;
  }

  /** Past stopAfterMs: start no new work (watching and answering go on). */
  protected stopped(): boolean {
    return this.opts.stopAfterMs !== undefined && this.elapsed() > this.opts.stopAfterMs;
  }

  /** A new session; begin() once it is connected for the first time. */
  private open(): void {
    const gen = ++this.gen;
    let begun = false;
    this.zk = new ZooKeeper(this.ctx, this.opts.connectString, this.opts.sessionTimeoutMs, (e: WatchedEvent) => {
      if (gen !== this.gen || e.type !== EventType.None) return;
      if (e.state === KeeperState.SyncConnected && !begun) {
        begun = true;
        this.begin(gen);
      } else if (e.state === KeeperState.Expired) {
        this.expired(gen);
        this.open();
      }
    });
  }

  /** The recipe's steps on a new session. */
  protected abstract begin(gen: number): void;

  /** The session `gen` expired (before a new one opens): what the application lost with it. */
  protected expired(_gen: number): void {}

  /** Still on session gen? */
  protected live(gen: number): boolean {
    return gen === this.gen && this.zk.isAlive();
  }

  /**
   * Run `op` on session gen until it answers something other than ConnectionLoss; then `done`
   * with that answer. For requests whose retry is harmless (reads, and writes the recipe makes
   * safe to repeat itself). SessionExpired is not retried: open() starts over on a new session.
   */
  protected retry<A extends unknown[]>(
    gen: number,
    op: (cb: (rc: number, ...rest: A) => void) => void,
    done: (rc: number, ...rest: A) => void,
  ): void {
    if (!this.live(gen)) return;
    op((rc, ...rest) => {
      if (gen !== this.gen) return;
      if (rc === Code.CONNECTIONLOSS) this.later(gen, RETRY_MS, () => this.retry(gen, op, done));
      else if (rc !== Code.SESSIONEXPIRED) done(rc, ...rest);
    });
  }

  // The reads an application retries as they are (a read twice is a read).
  protected getData(
    gen: number,
    path: string,
    watch: boolean | ClientWatcher,
    done: (rc: number, data?: string | null, stat?: Stat) => void,
  ): void {
    this.retry<[(string | null)?, Stat?]>(gen, (cb) => this.zk.getData(path, watch, cb), done);
  }
  protected getChildren(
    gen: number,
    path: string,
    watch: boolean | ClientWatcher,
    done: (rc: number, children?: string[]) => void,
  ): void {
    this.retry<[string[]?]>(gen, (cb) => this.zk.getChildren(path, watch, cb), done);
  }
  protected exists(
    gen: number,
    path: string,
    watch: boolean | ClientWatcher,
    done: (rc: number, stat?: Stat) => void,
  ): void {
    this.retry<[Stat?]>(gen, (cb) => this.zk.exists(path, watch, cb), done);
  }
  protected sync(gen: number, path: string, done: (rc: number) => void): void {
    this.retry<[string?]>(gen, (cb) => this.zk.sync(path, cb), done);
  }

  /** Create path and its ancestors as persistent nodes (NodeExists is fine), then done. */
  protected ensurePath(gen: number, path: string, done: () => void): void {
    const parts = path.split('/').filter(Boolean);
    const step = (k: number): void => {
      if (k > parts.length) return done();
      this.retry<[string?]>(
        gen,
        (cb) => this.zk.create(`/${parts.slice(0, k).join('/')}`, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, cb),
        () => step(k + 1),
      );
    };
    step(1);
  }

  /** A timer of session gen (dropped if the session changed meanwhile). */
  protected later(gen: number, ms: number, f: () => void): void {
    this.ctx.setTimer(ms, 'recipe.wait', () => {
      if (this.live(gen)) f();
    });
  }

  onConnect(conn: ConnId): void {
    this.zk?.onConnect(conn);
  }
  onConnectFailed(conn: ConnId): void {
    this.zk?.onConnectFailed(conn);
  }
  onMessage(conn: ConnId, msg: Message): void {
    this.zk?.onMessage(conn, msg);
  }
  onClose(conn: ConnId): void {
    this.zk?.onClose(conn);
  }
}
