// The configuration center of seed 002 (section 8, 数据发布与订阅（配置中心）): the configuration
// is kept in one znode; clients watch it; when it changes ZooKeeper notifies them and they fetch
// the new data themselves — push and pull combined (推拉结合): the notification carries no data.
// - ConfigPublisher: creates the config znode (NodeExists is fine) and then setData's a new
//   value now and then, sometimes two in quick succession (a config pushed and corrected);
//   a setData that fails with ConnectionLoss may or may not have been applied: the publisher
//   notes it and goes on with its next value (a publisher publishes what is newest anyway).
// - ConfigSubscriber: on every new session `sync` then getData with a watch (a new session may
//   sit on a server behind what the last one read: sync brings it up to the leader); on each
//   NodeDataChanged, getData with a watch again — one request both re-arms the watch and pulls
//   the data, so no change can fall between the two. NoNode: exists with a watch, wait for it.
// - `naive`: the subscriber pulls with getData without a watch, applies the config (100..400 ms:
//   a connection pool rebuilt, say) and only then re-arms the watch with exists: a change
//   committed in between is neither read nor notified (the watch is set after it), and the
//   subscriber runs on the older config until some later change.
import { CreateMode, EventType, Ids, type Stat, type WatchedEvent } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import type { Context } from '../../protocol/actor.ts';
import { type AppOptions, SessionApp } from './app-session.ts';

/** The config znode (seed: 数据库配置信息, say). */
export const CONFIG_PATH = '/config';

/** What survives a publisher's process crash: how many values it has published (its script). */
export interface PublisherProgress {
  k: number;
}

export class ConfigPublisher extends SessionApp {
  constructor(
    ctx: Context,
    opts: AppOptions,
    private readonly progress: PublisherProgress = { k: 0 },
  ) {
    super(ctx, opts);
  }

  protected begin(gen: number): void {
    const value = this.nextValue();
    this.retry<[string?, Stat?]>(
      gen,
      (cb) => this.zk.create(CONFIG_PATH, value, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, cb, -1, true),
      (rc, _path, stat) => {
        if (rc === Code.OK && stat) this.opts.note({ what: 'config-write', value, ...versionOf(stat) });
        this.schedule(gen);
      },
    );
  }

  private nextValue(): string {
    return `${this.ctx.id}#${this.progress.k++}`;
  }

  /** The next write after a think time; 1 in 4 is followed at once by another (a quick correction). */
  private schedule(gen: number, quick = false): void {
    const ms = quick ? Math.floor(this.ctx.random() * 20) : 300 + Math.floor(this.ctx.random() * 1700);
    this.later(gen, ms, () => {
      if (this.stopped()) return;
      this.write(gen, () => this.schedule(gen, !quick && this.ctx.random() < 0.25));
    });
  }

  private write(gen: number, then: () => void): void {
    const value = this.nextValue();
    this.zk.setData(CONFIG_PATH, value, -1, (rc, stat) => {
      if (gen !== this.gen) return;
      if (rc === Code.OK && stat) this.opts.note({ what: 'config-write', value, ...versionOf(stat) });
      else if (rc === Code.CONNECTIONLOSS) this.opts.note({ what: 'config-write-unknown', value });
      if (rc !== Code.SESSIONEXPIRED) then();
    });
  }
}

export interface SubscriberOptions extends AppOptions {
  naive?: boolean;
}

export class ConfigSubscriber extends SessionApp {
  constructor(
    ctx: Context,
    protected override readonly opts: SubscriberOptions,
  ) {
    super(ctx, opts);
  }

  protected begin(gen: number): void {
    const watcher = (e: WatchedEvent) => this.onWatch(gen, watcher, e);
    this.sync(gen, CONFIG_PATH, () => this.pull(gen, watcher));
  }

  private onWatch(gen: number, watcher: (e: WatchedEvent) => void, e: WatchedEvent): void {
    if (!this.live(gen)) return;
    if (e.type === EventType.NodeDataChanged) {
      this.opts.note({ what: 'config-notified', session: this.zk.sessionId, zxid: e.zxid });
      if (this.opts.naive) this.naivePull(gen, watcher);
      else this.pull(gen, watcher);
    } else if (e.type === EventType.NodeCreated || e.type === EventType.NodeDeleted) this.pull(gen, watcher);
  }

  /** getData with the watch: re-arm and pull in one request. */
  private pull(gen: number, watcher: (e: WatchedEvent) => void): void {
    this.getData(gen, CONFIG_PATH, watcher, (rc, data, stat) => {
      if (rc === Code.OK && stat) this.seen(data ?? null, stat);
      else if (rc === Code.NONODE) this.awaitCreate(gen, watcher);
    });
  }

  /** The naive subscriber: pull without a watch, then re-arm with exists (a change between the two is lost). */
  private naivePull(gen: number, watcher: (e: WatchedEvent) => void): void {
    this.getData(gen, CONFIG_PATH, false, (rc, data, stat) => {
      if (rc === Code.OK && stat) this.seen(data ?? null, stat);
      const applyMs = 100 + Math.floor(this.ctx.random() * 300);
      this.later(gen, applyMs, () => this.exists(gen, CONFIG_PATH, watcher, () => {}));
    });
  }

  private awaitCreate(gen: number, watcher: (e: WatchedEvent) => void): void {
    this.exists(gen, CONFIG_PATH, watcher, (rc) => {
      if (rc === Code.OK) this.pull(gen, watcher);
    });
  }

  private seen(value: string | null, stat: Stat): void {
    this.opts.note({ what: 'config-seen', session: this.zk.sessionId, value, ...versionOf(stat) });
  }
}

function versionOf(stat: Stat): { version: number; mzxid: number } {
  return { version: stat.version, mzxid: stat.mzxid };
}
