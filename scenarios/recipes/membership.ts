// Group membership and the service registry of seed 002 (section 8: 集群管理 GroupMembers, 心跳检测,
// 命名服务 / 服务的注册与发现): members register an ephemeral znode under a parent; consumers
// getChildren with a watch, and on each NodeChildrenChanged getChildren with a watch again
// (re-arm and pull in one request). A member that dies — its process crashes, its session
// expires — loses its ephemeral when ZooKeeper expires the session, and every consumer hears it.
// Two shapes of the same recipe:
// - group (recipe-membership): /GroupMembers/<client>-NNNNNNNNNN, ephemeral-sequential (临时顺序
//   编号, smallest number is master). A create that failed with ConnectionLoss may have been
//   applied: the member lists the group and adopts a node of its name owned by its session
//   (Curator's protected mode), and creates again only if there is none;
// - registry (recipe-registry): /HelloWorldService/1.0.0/100.100.0.<n>:16888, the provider's
//   address as a plain ephemeral (the seed's dubbo example). NodeExists owned by its own session
//   is its own create; owned by another (its previous process's session, not yet expired), the
//   provider waits for that node to go and registers again.
// Members also leave now and then (delete their node) and come back a little later.
// `naive` (a consumer): on a new session after its old one expired it lists the group once,
// without a watch — the watch set in its start-up code is lost with the old session and never
// set again, so it stops hearing about changes.
import { CreateMode, EventType, Ids, type Stat, type WatchedEvent } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import type { Context } from '../../protocol/actor.ts';
import { type AppOptions, SessionApp } from './app-session.ts';

export interface GroupShape {
  /** The parent whose children are the members. */
  parent: string;
  /** Registry: plain ephemeral nodes named by address; group: ephemeral-sequential named by client. */
  registry: boolean;
}

export const GROUP: GroupShape = { parent: '/GroupMembers', registry: false };
export const REGISTRY: GroupShape = { parent: '/HelloWorldService/1.0.0', registry: true };

export interface MemberOptions extends AppOptions {
  shape: GroupShape;
  /** The member's index (the registry's address is 100.100.0.<200 + index>). */
  index: number;
}

export class Member extends SessionApp {
  /** The member's znode on the current session, once registered. */
  private node: string | undefined;

  constructor(
    ctx: Context,
    protected override readonly opts: MemberOptions,
  ) {
    super(ctx, opts);
  }

  private get name(): string {
    const { shape, index } = this.opts;
    return shape.registry ? `100.100.0.${200 + index}:16888` : `${this.ctx.id}-`;
  }

  protected begin(gen: number): void {
    this.node = undefined;
    this.ensurePath(gen, this.opts.shape.parent, () => this.register(gen));
  }

  private register(gen: number): void {
    if (!this.live(gen)) return;
    const { parent, registry } = this.opts.shape;
    const path = `${parent}/${this.name}`;
    const mode = registry ? CreateMode.EPHEMERAL : CreateMode.EPHEMERAL_SEQUENTIAL;
    this.zk.create(path, this.ctx.id, Ids.OPEN_ACL_UNSAFE, mode, (rc, created) => {
      if (gen !== this.gen) return;
      if (rc === Code.OK && created) this.joined(gen, created);
      else if (rc === Code.CONNECTIONLOSS) this.later(gen, 50, () => this.recover(gen));
      else if (rc === Code.NODEEXISTS) this.exists(gen, path, false, (rc2, stat) => this.taken(gen, path, rc2, stat));
    });
  }

  /** After a ConnectionLoss on the create: is there a node of ours? */
  private recover(gen: number): void {
    const { parent, registry } = this.opts.shape;
    if (registry) {
      const path = `${parent}/${this.name}`;
      this.exists(gen, path, false, (rc, stat) => this.taken(gen, path, rc, stat));
      return;
    }
    this.getChildren(gen, parent, false, (rc, children) => {
      if (rc !== Code.OK) return this.register(gen);
      const mine = (children ?? []).filter((c) => c.startsWith(this.name)).sort();
      const look = (k: number): void => {
        if (k >= mine.length) return this.register(gen);
        const path = `${parent}/${mine[k]}`;
        this.exists(gen, path, false, (rc2, stat) => {
          if (rc2 === Code.OK && stat?.ephemeralOwner === this.zk.sessionId) this.joined(gen, path);
          else look(k + 1);
        });
      };
      look(0);
    });
  }

  /** The registry's node exists (or not, rc): ours, or another session's to wait out. */
  private taken(gen: number, path: string, rc: number, stat: Stat | undefined): void {
    if (rc === Code.NONODE) return this.register(gen);
    if (rc !== Code.OK || !stat) return;
    if (stat.ephemeralOwner === this.zk.sessionId) return this.joined(gen, path);
    const gone = (e: WatchedEvent) => {
      if (e.type === EventType.NodeDeleted && this.live(gen)) this.register(gen);
    };
    this.exists(gen, path, gone, (rc2) => {
      if (rc2 === Code.NONODE) this.register(gen);
    });
  }

  private joined(gen: number, node: string): void {
    this.node = node;
    this.opts.note({ what: 'member-joined', session: this.zk.sessionId, node });
    // now and then the member leaves (deletes its node) and comes back 1..3 s later
    this.later(gen, 8000 + Math.floor(this.ctx.random() * 12_000), () => this.leave(gen));
  }

  private leave(gen: number): void {
    const node = this.node;
    if (this.stopped() || node === undefined) return;
    this.retry<[]>(
      gen,
      (cb) => this.zk.delete(node, -1, cb),
      () => {
        this.node = undefined;
        this.opts.note({ what: 'member-left', session: this.zk.sessionId, node });
        this.later(gen, 1000 + Math.floor(this.ctx.random() * 2000), () => this.register(gen));
      },
    );
  }
}

export interface ConsumerOptions extends AppOptions {
  shape: GroupShape;
  naive?: boolean;
}

export class GroupConsumer extends SessionApp {
  private sessions = 0;

  constructor(
    ctx: Context,
    protected override readonly opts: ConsumerOptions,
  ) {
    super(ctx, opts);
  }

  protected begin(gen: number): void {
    const watcher = (e: WatchedEvent) => {
      if (!this.live(gen)) return;
      if (e.type === EventType.NodeChildrenChanged || e.type === EventType.NodeCreated) this.pull(gen, watcher);
    };
    const first = this.sessions++ === 0;
    if (this.opts.naive && !first) this.pull(gen, false);
    else this.pull(gen, watcher);
  }

  private pull(gen: number, watcher: ((e: WatchedEvent) => void) | false): void {
    const parent = this.opts.shape.parent;
    this.getChildren(gen, parent, watcher, (rc, children) => {
      if (rc === Code.OK)
        this.opts.note({
          what: 'members-seen',
          session: this.zk.sessionId,
          members: (children ?? []).map((c) => `${parent}/${c}`).sort(),
        });
      else if (rc === Code.NONODE && watcher)
        this.exists(gen, parent, watcher, (rc2) => {
          if (rc2 === Code.OK) this.pull(gen, watcher);
        });
    });
  }
}
