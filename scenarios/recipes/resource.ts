// The protected resource: what a lock or a mastership guards (a file, a storage service, a
// database row). It lives beside the ensemble, not in ZooKeeper: a holder that cannot reach
// ZooKeeper (paused, partitioned) can still reach it — the case the fencing token is for. Every
// write is recorded (a `recipe` trace event `write`, at global simulated time, on the writer's
// node): who, when, which token.
// Fencing (--fencing), as Kleppmann's "How to do distributed locking" has it: each write carries
// the czxid of the znode that gave the writer its role (a number ZooKeeper makes larger for every
// later create), and the resource rejects a token lower than the highest it has accepted. A
// holder writes at once when it acquires, so the resource knows the new token before an old
// holder can come back. Without fencing the resource accepts every write.
import type { RecipeFields } from '../../sim/engine/trace-events.ts';

/** Emits a recipe trace event on a node (the scenario gives the world's). */
export type RecipeRecorder = (node: string, fields: RecipeFields) => void;

export class ProtectedResource {
  /** The highest token accepted so far (0: none). */
  highest = 0;
  /** Writes accepted, in order: the resource's own log. */
  readonly log: { node: string; token: number; seq: number }[] = [];

  constructor(
    readonly fencing: boolean,
    private readonly record: RecipeRecorder,
  ) {}

  /** A write by `node` holding `role` with `token`; true when the resource took it. */
  write(node: string, role: 'lock' | 'master', token: number, seq: number): boolean {
    const accepted = !this.fencing || token >= this.highest;
    if (accepted) {
      this.highest = Math.max(this.highest, token);
      this.log.push({ node, token, seq });
    }
    this.record(node, { what: 'write', role, token, seq, accepted, highest: this.highest });
    return accepted;
  }
}
