// ContainerManager of 3.8: every checkIntervalMs (znode.container.checkIntervalMs, 60 s by
// default) it deletes, through the pipeline (deleteContainer requests with no session),
// containers whose last child went (cversion > 0: they had children once), containers never
// used for longer than maxNeverUsedIntervalMs (0 = never), and TTL nodes without children
// not modified for longer than their ttl — at most maxPerMinute deletions a minute. Its
// Context is its own scope (its server's child), closed by stop().
import type { Context } from '../actor.ts';
import type { DataTree } from '../datatree/DataTree.ts';
import { EphemeralType, ephemeralTypeOf, ttlOf } from '../datatree/EphemeralType.ts';

export interface ContainerManagerOptions {
  checkIntervalMs: number;
  maxPerMinute: number;
  maxNeverUsedIntervalMs: number;
}

export const defaultContainerOptions: ContainerManagerOptions = {
  checkIntervalMs: 60_000,
  maxPerMinute: 10_000,
  maxNeverUsedIntervalMs: 0,
};

export class ContainerManager {
  constructor(
    private readonly ctx: Context,
    private readonly tree: () => DataTree,
    private readonly extendedTypesEnabled: boolean,
    private readonly submitDelete: (path: string) => void,
    private readonly options: ContainerManagerOptions = defaultContainerOptions,
  ) {}

  /** ContainerManager.start: a check every checkIntervalMs (its TimerTask). */
  start(): void {
    this.ctx.setTimer(this.options.checkIntervalMs, 'zk.containers', () => {
      this.checkContainers();
      this.start();
    });
  }

  /** ContainerManager.stop: the timer is cancelled (with its scope). */
  stop(): void {
    this.ctx.close();
  }

  /** The paths to delete now, as getCandidates() picks them. */
  candidates(): string[] {
    const tree = this.tree();
    // ContainerManager.getElapsed: Time.currentWallTime() - node.stat.getMtime() (the wall clock:
    // a step forward ages every container and TTL node at once, as in 3.8).
    const now = this.ctx.currentWallTime();
    const out: string[] = [];
    for (const path of tree.getContainers()) {
      const node = tree.getNode(path);
      if (!node || node.numChildren > 0) continue;
      if (node.stat.cversion > 0) out.push(path);
      else if (this.options.maxNeverUsedIntervalMs !== 0 && now - node.stat.mtime > this.options.maxNeverUsedIntervalMs)
        out.push(path);
    }
    for (const path of tree.getTtls()) {
      const node = tree.getNode(path);
      if (!node || node.numChildren > 0) continue;
      if (ephemeralTypeOf(node.stat.ephemeralOwner, this.extendedTypesEnabled) !== EphemeralType.TTL) continue;
      const ttl = ttlOf(node.stat.ephemeralOwner);
      if (ttl !== 0 && now - node.stat.mtime > ttl) out.push(path);
    }
    return out;
  }

  checkContainers(): void {
    const all = this.candidates();
    const batch = all.slice(
      0,
      Math.max(1, Math.floor((this.options.maxPerMinute * this.options.checkIntervalMs) / 60_000)),
    );
    for (const path of batch) {
      this.ctx.trace('zk.container-delete', { path });
      this.submitDelete(path);
    }
  }
}
