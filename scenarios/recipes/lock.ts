// recipe-lock: the exclusive lock of seed 002 (section 8, 排他锁). "把ZooKeeper上的一个ZNode看作是一个锁":
// every client creates the ephemeral /exclusive_lock/lock; ZooKeeper lets exactly one create
// succeed, and that client holds the lock. The others register a child watcher on
// /exclusive_lock and, told of a change, try again. The lock is released when the holder deletes
// its node after its work, or when its session ends (a crash, a restart: the ephemeral goes).
import { between, createEphemeral, ensurePath, hold, retrying } from './recipe.ts';
import type { Recipe } from './recipe.ts';

export const LOCK_DIR = '/exclusive_lock';
export const LOCK_NODE = `${LOCK_DIR}/lock`;

export const lockRecipe: Recipe = {
  name: 'recipe-lock',
  summary: 'the exclusive lock of seed 002: ephemeral /exclusive_lock/lock, losers watch /exclusive_lock',
  role: 'lock',
  checks: ['mutual-exclusion'],
  expect: 'without --fencing a holder paused past its session timeout may write after another client acquired the lock',
  *session(app) {
    yield* ensurePath(app, LOCK_DIR);
    while (!app.stopped()) {
      // 获取锁: create the lock node.
      const token = yield* createEphemeral(app, LOCK_NODE, app.name);
      if (token !== undefined) {
        yield* hold(app, LOCK_NODE, token, between(app, 500, 2500));
        yield* app.sleep(between(app, 100, 800));
        continue;
      }
      // Not ours: watch /exclusive_lock's children; a change (the lock node deleted) wakes us.
      const since = app.mark();
      const children = yield* retrying(app, () => app.getChildren(LOCK_DIR, true));
      if (children.includes('lock')) yield* app.waitEvent(since);
    }
  },
};
