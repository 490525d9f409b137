// What a Zab role (Leader, Learner) needs of its QuorumPeer: identity and timing, the
// database, and the durable epoch files.
import type { Context } from '../actor.ts';
import type { ServerConfig } from '../server/ZooKeeperServer.ts';
import type { ZKDatabase } from '../storage/ZKDatabase.ts';
import type { Bugs } from '../bugs.ts';

export interface ZabPeer {
  readonly myid: number;
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly zkDb: ZKDatabase;
  /** Historical bugs switched back on for this run (none unless asked for). */
  readonly bugs: Bugs;
  serverConfig(): ServerConfig;
  /**
   * A scope for the role's ZooKeeperServer (QuorumPeer.makeLeader/makeFollower build the
   * server with the role): the peer's, beside the role's own, because the server outlives its
   * role's shutdown until its log is flushed (SyncRequestProcessor.shutdown); the server
   * closes it then.
   */
  serverContext(): Context;
  getAcceptedEpoch(): number;
  getCurrentEpoch(): number;
  /** Write acceptedEpoch / currentEpoch durably (tmp + fsync + rename), then call done. */
  setAcceptedEpoch(epoch: number, done: () => void): void;
  setCurrentEpoch(epoch: number, done: () => void): void;
}
