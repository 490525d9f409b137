// recipe-membership and recipe-registry: group membership and the service registry of seed 002
// (section 8: 集群管理 GroupMembers, 心跳检测, 命名服务 / 服务的注册与发现). Members register an
// ephemeral znode under a parent; consumers getChildren with a watch, and on each
// NodeChildrenChanged getChildren with a watch again (re-arm and pull in one request). A member
// that dies — its process crashes, its session expires — loses its ephemeral when ZooKeeper
// expires the session, and every consumer hears of it. The first half of c1..cN (rounded up)
// are members, the rest consumers. Members also leave now and then (delete their node) and come
// back 2..30 s later (a restart, a maintenance window), until the run's contention time ends.
// Two shapes of one recipe:
// - group (recipe-membership): /GroupMembers/<client>-NNNNNNNNNN, ephemeral-sequential (临时顺序
//   编号: the smallest number is the master). A create that failed with ConnectionLoss may have
//   been applied: the member lists the group and adopts a node of its name its session owns
//   (Curator's protected mode), and creates again only if there is none;
// - registry (recipe-registry): /HelloWorldService/1.0.0/100.100.0.<200+i>:16888, the provider's
//   address as a plain ephemeral (the seed's dubbo example). Held by another session (its own
//   previous process's, not yet expired), the provider waits for that node to go and registers.
// --naive (a consumer): on a new session after its old one expired it lists the group once,
// without a watch — the watch its start-up code set is lost with the old session and never set
// again, so it stops hearing of changes.
import { CreateMode, EventType } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import type { RecipeApp } from './client.ts';
import { type Recipe, between, createEphemeral, ensurePath, letGo, ownStat, retrying } from './recipe.ts';
import type { Task } from './task.ts';

interface GroupShape {
  parent: string;
  registry: boolean;
}

const GROUP: GroupShape = { parent: '/GroupMembers', registry: false };
const REGISTRY: GroupShape = { parent: '/HelloWorldService/1.0.0', registry: true };

const isCode = (e: unknown, code: number): boolean => e instanceof KeeperException && e.code === code;

/** Register in the group: the member's znode path. */
function* register(app: RecipeApp, shape: GroupShape): Task<string> {
  if (shape.registry) {
    const path = `${shape.parent}/100.100.0.${200 + app.index}:16888`;
    for (;;) {
      if ((yield* createEphemeral(app, path, app.name)) !== undefined) return path;
      // another session's (our previous process's): wait for it to go
      const since = app.mark();
      if ((yield* retrying(app, () => app.exists(path, true))) === null) continue;
      // any event of that path uses the watch up (NodeDataChanged after a reconnect, too): look again
      for (let i = since; ; i++) if ((yield* app.waitEvent(i)).path === path) break;
    }
  }
  const prefix = `${app.name}-`;
  for (;;) {
    try {
      return (yield* app.create(`${shape.parent}/${prefix}`, app.name, CreateMode.EPHEMERAL_SEQUENTIAL)).path;
    } catch (e) {
      if (!isCode(e, Code.CONNECTIONLOSS)) throw e;
    }
    yield* app.waitConnected();
    const children = yield* retrying(app, () => app.getChildren(shape.parent, false));
    for (const c of children.filter((n) => n.startsWith(prefix)).sort()) {
      const path = `${shape.parent}/${c}`;
      if (yield* ownStat(app, path)) return path;
    }
  }
}

function* member(app: RecipeApp, shape: GroupShape): Task<void> {
  yield* ensurePath(app, shape.parent);
  for (;;) {
    const node = yield* register(app, shape);
    app.record({ what: 'member-joined', session: app.sessionId(), node });
    yield* app.sleep(between(app, 8000, 20_000));
    if (app.stopped()) return;
    yield* letGo(app, node);
    app.record({ what: 'member-left', session: app.sessionId(), node });
    yield* app.sleep(between(app, 2000, 30_000));
  }
}

/** Sessions each consumer process has begun (the naive consumer's start-up code runs on the first). */
const sessionsOf = new WeakMap<RecipeApp, number>();

function* consume(app: RecipeApp, shape: GroupShape): Task<void> {
  const n = (sessionsOf.get(app) ?? 0) + 1;
  sessionsOf.set(app, n);
  const watch = !(app.naive && n > 1);
  let since = app.mark();
  for (;;) {
    let children: string[];
    try {
      children = yield* retrying(app, () => app.getChildren(shape.parent, watch));
    } catch (e) {
      if (!isCode(e, Code.NONODE)) throw e;
      // no group yet: wait for it to be created
      if ((yield* retrying(app, () => app.exists(shape.parent, true))) !== null) continue;
      children = [];
    }
    app.record({
      what: 'members-seen',
      session: app.sessionId(),
      members: children.map((c) => `${shape.parent}/${c}`).sort(),
    });
    if (!watch) return;
    for (;;) {
      const e = yield* app.waitEvent(since++);
      if (e.path === shape.parent && (e.type === EventType.NodeChildrenChanged || e.type === EventType.NodeCreated))
        break;
    }
    since = app.mark();
  }
}

function membershipRecipe(name: string, shape: GroupShape, summary: string): Recipe {
  return {
    name,
    summary,
    checks: ['membership'],
    expect: 'every consumer lists every live member and drops every gone one within 20 s of the change or the heal',
    *session(app) {
      if (app.index <= Math.ceil(app.clients / 2)) yield* member(app, shape);
      else yield* consume(app, shape);
    },
  };
}

export const membershipRecipeDef = membershipRecipe(
  'recipe-membership',
  GROUP,
  'group membership of seed 002 (集群管理): members register ephemeral-sequential /GroupMembers/<client>-N, consumers getChildren with a watch and pull; --naive: a consumer sets no watch on its new session after an expiry',
);

export const registryRecipe = membershipRecipe(
  'recipe-registry',
  REGISTRY,
  'the service registry of seed 002 (服务的注册与发现): providers register ephemeral /HelloWorldService/1.0.0/<ip:port>, consumers getChildren with a watch and pull; --naive as recipe-membership',
);
