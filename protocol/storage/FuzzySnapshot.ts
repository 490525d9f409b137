// A fuzzy snapshot, as 3.8 takes one: the session table and the zxid are noted at the start,
// then the tree is walked depth-first a few nodes at a time while the server keeps applying
// txns, so later parts of the walk may already hold txns after the snapshot's zxid. Replaying
// the log from that zxid over it must give the same tree (the data tree's replay rules make
// re-applied txns harmless).
import type { DataTree, SnapshotNode } from '../datatree/DataTree.ts';
import type { SnapshotContent } from './FileSnap.ts';

export class FuzzySnapshot {
  private readonly stack: string[] = [''];
  private readonly nodes: SnapshotNode[] = [];
  readonly zxid: number;
  private readonly sessions: [bigint, number][];

  constructor(
    private readonly tree: () => DataTree,
    sessions: Map<bigint, number>,
    /** Nodes serialised per step. */
    private readonly chunk = 64,
  ) {
    this.zxid = tree().lastProcessedZxid;
    this.sessions = [...sessions];
  }

  /** Serialise the next chunk of nodes; true when the walk is complete. */
  step(): boolean {
    const tree = this.tree();
    for (let i = 0; i < this.chunk && this.stack.length > 0; i++) {
      const path = this.stack.pop()!;
      const s = tree.serializeNode(path);
      if (!s) continue; // deleted since its parent was written
      this.nodes.push(s.node);
      for (let c = s.children.length - 1; c >= 0; c--) this.stack.push(s.children[c]!);
    }
    return this.stack.length === 0;
  }

  content(): SnapshotContent {
    return { zxid: this.zxid, sessions: this.sessions, tree: { nodes: this.nodes } };
  }
}
