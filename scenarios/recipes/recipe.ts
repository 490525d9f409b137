// What a recipe is, and the pieces every recipe is built from, as an application developer
// writes them: retry on ConnectionLoss once connected again (Curator's RetryLoop), find out after
// a ConnectionLoss whether a create went through (Curator's protected mode), hold the role —
// act, step down on a dropped connection, check again once reconnected — and let it go.
// A recipe is one file (scenarios/recipes/<name>.ts) with its `session` task; recipeScenario
// (scenario.ts) makes it a scenario and index.ts lists it.
import { CreateMode, type Stat } from '../../protocol/data.ts';
import { Code, KeeperException } from '../../protocol/errors.ts';
import type { RecipeCheckerName } from '../../sim/checkers/recipes/index.ts';
import type { RecipeApp } from './client.ts';
import type { Task } from './task.ts';

export interface Recipe {
  /** The scenario's name (recipe-lock). */
  readonly name: string;
  readonly summary: string;
  /** What a holder holds: a lock, or the mastership (a recipe with no holder — a queue, a barrier — has none). */
  readonly role?: 'lock' | 'master';
  /** The recipe checkers that judge it (sim/checkers/recipes/). */
  readonly checks: readonly RecipeCheckerName[];
  /** What a run is expected to show, for people (default: its checkers stay quiet). */
  readonly expect?: string;
  /** One session's life of the application: contend, hold, let go, again, until app.stopped(). */
  session(app: RecipeApp): Task<void>;
}

/** How long a holder waits between two writes to the protected resource, ms. */
export const WRITE_EVERY_MS = 200;

const isCode = (e: unknown, code: number): boolean => e instanceof KeeperException && e.code === code;

/** Run `op` again after each ConnectionLoss, once connected again (a SessionExpired goes up: the session is over). */
export function* retrying<T>(app: RecipeApp, op: () => Task<T>): Task<T> {
  for (;;) {
    try {
      return yield* op();
    } catch (e) {
      if (!isCode(e, Code.CONNECTIONLOSS)) throw e;
      yield* app.waitConnected();
    }
  }
}

/** Create a persistent node if it is not there (its parent first). */
export function* ensurePath(app: RecipeApp, path: string): Task<void> {
  const parts = path.split('/').filter((p) => p !== '');
  for (let i = 1; i <= parts.length; i++) {
    const p = `/${parts.slice(0, i).join('/')}`;
    try {
      yield* retrying(app, () => app.create(p, null, CreateMode.PERSISTENT));
    } catch (e) {
      if (!isCode(e, Code.NODEEXISTS)) throw e;
    }
  }
}

/** The node's stat if this session owns it (its ephemeralOwner), else undefined (another's, or gone). */
export function* ownStat(app: RecipeApp, path: string): Task<Stat | undefined> {
  const stat = yield* retrying(app, () => app.exists(path, false));
  return stat && stat.ephemeralOwner === app.sessionId() ? stat : undefined;
}

/**
 * Create the ephemeral `path`: its czxid if this session made it, undefined if another has it. A
 * ConnectionLoss leaves it unknown whether the create went through: look at the node's owner.
 */
export function* createEphemeral(app: RecipeApp, path: string, data: string): Task<number | undefined> {
  for (;;) {
    try {
      const r = yield* app.create(path, data, CreateMode.EPHEMERAL);
      return r.stat.czxid;
    } catch (e) {
      if (isCode(e, Code.NODEEXISTS)) return (yield* ownStat(app, path))?.czxid;
      if (!isCode(e, Code.CONNECTIONLOSS)) throw e;
      yield* app.waitConnected();
      const stat = yield* retrying(app, () => app.exists(path, false));
      if (stat) return stat.ephemeralOwner === app.sessionId() ? stat.czxid : undefined;
    }
  }
}

/**
 * Hold the role given by `node` (czxid `token`) for about `tenureMs`, writing to the protected
 * resource every WRITE_EVERY_MS; 'lost' when the node turned out gone or another's. A dropped
 * connection ends the belief (the client traces it); once connected again the holder looks at
 * its node and, still the owner, holds again. Then it lets go: stops acting, deletes its node.
 */
export function* hold(app: RecipeApp, node: string, token: number, tenureMs: number): Task<'done' | 'lost'> {
  if (app.stopped()) {
    // Its turn came after the application stopped contending: it does not take the role.
    yield* letGo(app, node);
    return 'done';
  }
  app.acquired(token, node);
  const until = app.now() + tenureMs;
  while (app.now() < until && !app.stopped()) {
    yield* app.sleep(WRITE_EVERY_MS);
    if (!app.holding) {
      yield* app.waitConnected();
      if ((yield* ownStat(app, node))?.czxid !== token) return 'lost';
      app.acquired(token, node);
      continue;
    }
    app.write();
  }
  app.released(app.stopped() ? 'stopped' : 'done');
  yield* letGo(app, node);
  return 'done';
}

/**
 * Delete the own node. After a ConnectionLoss the delete may have gone through, and the node at
 * that path may be another client's by now (the lock's path is the same for everyone): deleting
 * it again blindly (version -1) would free another holder's lock. So look first — after a sync,
 * so a lagging server cannot show the old node — and delete only a node this session still owns
 * (while it owns it nobody else can replace it, and an expired session's delete is refused).
 */
export function* letGo(app: RecipeApp, node: string): Task<void> {
  let version = -1;
  for (;;) {
    try {
      yield* app.delete(node, version);
      return;
    } catch (e) {
      if (isCode(e, Code.NONODE)) return;
      if (!isCode(e, Code.CONNECTIONLOSS)) throw e;
    }
    yield* app.waitConnected();
    yield* retrying(app, () => app.sync(node));
    const stat = yield* ownStat(app, node);
    if (!stat) return;
    version = stat.version;
  }
}

/** A random whole number of ms in [min, max], from the client's own stream. */
export function between(app: RecipeApp, min: number, max: number): number {
  return min + Math.floor(app.random() * (max - min + 1));
}

/** The sequence number ZooKeeper appended to a sequential node's name (its last 10 digits). */
export function sequenceOf(name: string): number {
  return Number(name.slice(-10));
}
