// org.apache.zookeeper.ZKUtil as zkCli 3.8 uses it: the depth-first visit behind `ls -R`,
// `setAcl -R` and the quota checks, the breadth-first listing and batched multi delete behind
// `deleteall`.
import type { Op, ZooKeeperClient } from '../api.ts';
import { Code, KeeperException } from '../../errors.ts';
import { validatePath } from './PathUtils.ts';

export type VisitCallback = (path: string) => Promise<void> | void;

/**
 * ZKUtil.visitSubTreeDFS: reads the root (getData, so a missing root is NoNode), reports it,
 * then for each node reports all its sorted children before descending into them.
 */
export async function visitSubTreeDFS(
  zk: ZooKeeperClient,
  path: string,
  watch: boolean,
  cb: VisitCallback,
): Promise<void> {
  validatePath(path);
  await zk.getData(path, watch);
  await cb(path);
  await visitHelper(zk, path, watch, cb);
}

async function visitHelper(zk: ZooKeeperClient, path: string, watch: boolean, cb: VisitCallback): Promise<void> {
  const prefix = path.length === 1 ? path : `${path}/`;
  let children: string[];
  try {
    children = [...(await zk.getChildren(path, watch)).children].sort();
  } catch (e) {
    // a node listed by its parent but deleted before it could be read
    if (e instanceof KeeperException && e.code === Code.NONODE) return;
    throw e;
  }
  for (const child of children) await cb(prefix + child);
  for (const child of children) await visitHelper(zk, prefix + child, watch, cb);
}

/** ZKUtil.listSubTreeBFS: the root, then every node level by level, in the server's child order. */
export async function listSubTreeBFS(zk: ZooKeeperClient, pathRoot: string): Promise<string[]> {
  const queue = [pathRoot];
  const tree = [pathRoot];
  while (queue.length > 0) {
    const node = queue.shift()!;
    const { children } = await zk.getChildren(node, false);
    for (const child of children) {
      const childPath = `${node === '/' ? '' : node}/${child}`;
      queue.push(childPath);
      tree.push(childPath);
    }
  }
  return tree;
}

/**
 * ZKUtil.deleteRecursive(zk, path, batchSize) of 3.8: deletes leaves first, batchSize deletes
 * per multi (batchSize <= 0: one multi for the whole tree), at most 10 multis in flight, no
 * new batch once one has failed. Returns false when some multi failed.
 */
export async function deleteRecursive(zk: ZooKeeperClient, pathRoot: string, batchSize: number): Promise<boolean> {
  validatePath(pathRoot);
  const tree = await listSubTreeBFS(zk, pathRoot);
  const rateLimit = 10;
  let success = true;
  const inFlight = new Set<Promise<void>>();
  let ops: Op[] = [];
  for (let i = tree.length - 1; i >= 0; --i) {
    ops.push({ type: 'delete', path: tree[i]!, version: -1 });
    if (ops.length === batchSize || i === 0) {
      if (!success) break;
      while (inFlight.size >= rateLimit) await Promise.race(inFlight);
      const batch: Promise<void> = zk.multi(ops).then(
        (results) => {
          if (results.some((r) => r.type === 'error' && r.err !== Code.OK)) success = false;
        },
        () => {
          success = false;
        },
      );
      const tracked = batch.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      ops = [];
    }
  }
  await Promise.all(inFlight);
  return success;
}
