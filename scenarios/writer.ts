// A scripted client for the walkthrough scenarios: one process with one session on a given
// connect string, started at a given time, creating the znodes of its script at their times
// (persistent, data "v"). Each write's path is its story: the narration follows it from the
// client through the servers and back.
import { ClientNode } from '../protocol/client/ClientNode.ts';
import type { ZooKeeper } from '../protocol/client/ZooKeeper.ts';
import { CreateMode, Ids } from '../protocol/data.ts';
import type { World } from '../sim/engine/world.ts';

export interface ScriptedWrite {
  /** World time of the write, ms (the session must be connected by then to send it at once). */
  atMs: number;
  path: string;
}

export interface WriterOptions {
  /** Client node name, like c1. */
  name: string;
  connectString: string;
  /** When the client process starts and opens its session, ms. */
  startMs: number;
  sessionTimeout: number;
  writes: readonly ScriptedWrite[];
}

export function addWriter(world: World, o: WriterOptions): void {
  let zk: ZooKeeper | undefined;
  world.addNode(
    o.name,
    (ctx) =>
      new ClientNode(ctx, (node) => {
        zk = node.connect(o.connectString, o.sessionTimeout, () => {});
      }),
  );
  world.at(o.startMs, `client ${o.name}`, () => world.start(o.name));
  for (const w of o.writes) {
    world.at(w.atMs, `write ${w.path}`, () =>
      zk?.create(w.path, 'v', Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, () => {}),
    );
  }
}

/** The client address of server sid in the ensemble layout (clientPort 2181 + sid). */
export function clientAddr(sid: number): string {
  return `localhost:${2181 + sid}`;
}
