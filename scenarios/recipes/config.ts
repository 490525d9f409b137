// recipe-config: the configuration center of seed 002 (section 8, 数据发布与订阅（配置中心）). The
// configuration is kept in one znode, /config; clients watch it; when it changes ZooKeeper
// notifies them and they fetch the new data themselves — push and pull combined (推拉结合): the
// notification carries no data.
// - c1 publishes: creates /config (NodeExists is fine), then setData's a new value every
//   0.3..2 s, one in four followed at once by another (a config pushed and corrected). A
//   setData that fails with ConnectionLoss may or may not have been applied: the publisher notes
//   it and goes on with its next value (a publisher publishes what is newest anyway).
// - the others subscribe: on every new session `sync` then getData with a watch (a new session
//   may sit on a server behind what the last one read: sync brings that server up to the
//   leader); on each NodeDataChanged, getData with a watch again — one request re-arms the
//   watch and pulls the data, so no change can fall between the two. NoNode: exists with a
//   watch, and wait for NodeCreated.
// - --naive: the subscriber pulls with getData without a watch, applies the config (100..400 ms:
//   a connection pool rebuilt, say) and only then re-arms the watch with exists: a change
//   committed in between is neither read nor notified (the watch is set after it), and it runs
//   on the older config until some later change.
import { CreateMode, EventType, type Stat } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { CONFIG_PATH } from '../../sim/checkers/recipes/config-convergence.ts';
import type { RecipeApp } from './client.ts';
import { type Recipe, between, retrying } from './recipe.ts';
import type { Task } from './task.ts';

const isCode = (e: unknown, code: number): boolean => e instanceof KeeperException && e.code === code;

function* publish(app: RecipeApp): Task<void> {
  const mem = app.memory as { k?: number };
  const next = () => `${app.name}#${(mem.k = (mem.k ?? -1) + 1)}`;
  const wrote = (value: string, stat: Stat) =>
    app.record({ what: 'config-write', value, version: stat.version, mzxid: stat.mzxid });
  const first = next();
  try {
    const r = yield* retrying(app, () => app.create(CONFIG_PATH, first, CreateMode.PERSISTENT));
    wrote(first, r.stat);
  } catch (e) {
    if (!isCode(e, Code.NODEEXISTS)) throw e;
  }
  let quick = false;
  while (!app.stopped()) {
    yield* app.sleep(quick ? between(app, 0, 20) : between(app, 300, 2000));
    quick = !quick && app.random() < 0.25;
    const value = next();
    try {
      wrote(value, yield* app.setData(CONFIG_PATH, value, -1));
    } catch (e) {
      if (!isCode(e, Code.CONNECTIONLOSS) && !isCode(e, Code.SESSIONMOVED)) throw e;
      app.record({ what: 'config-write-unknown', value });
      yield* app.waitConnected();
    }
  }
}

/** Pull with a watch (re-arm and read in one request); null when there is no config yet (an exist watch is set). */
function* pull(app: RecipeApp): Task<Stat | null> {
  try {
    const r = yield* retrying(app, () => app.getData(CONFIG_PATH, true));
    seen(app, r);
    return r.stat;
  } catch (e) {
    if (!isCode(e, Code.NONODE)) throw e;
    return (yield* retrying(app, () => app.exists(CONFIG_PATH, true))) === null ? null : yield* pull(app);
  }
}

/** What a subscriber read: the value it now applies. */
function seen(app: RecipeApp, r: { data: string | null; stat: Stat }): void {
  app.record({
    what: 'config-seen',
    session: app.sessionId(),
    value: r.data,
    version: r.stat.version,
    mzxid: r.stat.mzxid,
  });
}

/** The naive pull: read without a watch, apply, then re-arm with exists. */
function* naivePull(app: RecipeApp): Task<void> {
  const r = yield* retrying(app, () => app.getData(CONFIG_PATH, false));
  seen(app, r);
  yield* app.sleep(between(app, 100, 400));
  yield* retrying(app, () => app.exists(CONFIG_PATH, true));
}

function* subscribe(app: RecipeApp): Task<void> {
  yield* retrying(app, () => app.sync(CONFIG_PATH));
  let since = app.mark();
  yield* pull(app);
  for (;;) {
    const e = yield* app.waitEvent(since++);
    if (e.path !== CONFIG_PATH) continue;
    if (e.type === EventType.NodeDataChanged) {
      app.record({ what: 'config-notified', session: app.sessionId(), zxid: e.zxid });
      since = app.mark();
      if (app.naive) yield* naivePull(app);
      else yield* pull(app);
    } else if (e.type === EventType.NodeCreated || e.type === EventType.NodeDeleted) {
      since = app.mark();
      yield* pull(app);
    }
  }
}

export const configRecipe: Recipe = {
  name: 'recipe-config',
  summary:
    'the configuration center of seed 002 (配置中心): c1 setData /config, the others getData with a watch and pull after each push; --naive: pull, apply, then re-arm with exists',
  checks: ['config-convergence'],
  expect: 'every subscriber ends on the last committed config, never goes back, and pulls after every push',
  *session(app) {
    if (app.index === 1) yield* publish(app);
    else yield* subscribe(app);
  },
};
