// What the herd-free designs share (Curator's LockInternals, kazoo's Lock, Curator's LeaderLatch):
// each contender creates an ephemeral-sequential node under one parent; the lowest sequence
// number holds; every other watches only the node just before its own (no herd when a holder
// goes: one watcher wakes). A create lost to a ConnectionLoss is found again by its name, which
// carries the session id (Curator's protected mode puts a GUID there).
import { CreateMode } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import { retrying, sequenceOf } from './recipe.ts';
import type { RecipeApp } from './client.ts';
import type { Task } from './task.ts';

const prefixOf = (app: RecipeApp, stem: string): string => `${stem}${app.sessionId().toString(16)}-`;

/** Create this session's sequential node under dir: its name (the last path segment). */
export function* joinQueue(app: RecipeApp, dir: string, stem: string): Task<string> {
  const prefix = prefixOf(app, stem);
  for (;;) {
    try {
      const r = yield* app.create(`${dir}/${prefix}`, app.name, CreateMode.EPHEMERAL_SEQUENTIAL);
      return r.path.slice(dir.length + 1);
    } catch (e) {
      if (!(e instanceof KeeperException && e.code === Code.CONNECTIONLOSS)) throw e;
      yield* app.waitConnected();
      const children = yield* retrying(app, () => app.getChildren(dir, false));
      const mine = children.find((c) => c.startsWith(prefix));
      if (mine) return mine;
    }
  }
}

/**
 * Wait until `me` is the lowest: its czxid then (the role's token), or undefined when `me` is gone
 * (not in the children any more: the caller joins again). Between looks, it watches its predecessor.
 */
export function* waitForTurn(app: RecipeApp, dir: string, me: string): Task<number | undefined> {
  for (;;) {
    const children = (yield* retrying(app, () => app.getChildren(dir, false))).sort(
      (a, b) => sequenceOf(a) - sequenceOf(b),
    );
    const i = children.indexOf(me);
    if (i < 0) return undefined;
    if (i === 0) {
      const stat = yield* retrying(app, () => app.exists(`${dir}/${me}`, false));
      return stat && stat.ephemeralOwner === app.sessionId() ? stat.czxid : undefined;
    }
    const since = app.mark();
    const before = yield* retrying(app, () => app.exists(`${dir}/${children[i - 1]}`, true));
    if (before) yield* app.waitEvent(since);
  }
}
