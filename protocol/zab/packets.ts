// Quorum packets between a leader and its learners (the QuorumPacket types of Leader.java),
// for discovery (FOLLOWERINFO/OBSERVERINFO → LEADERINFO → ACKEPOCH), synchronisation (DIFF,
// TRUNC, SNAP, then PROPOSAL/COMMIT pairs, NEWLEADER, UPTODATE) and broadcast (PROPOSAL, ACK,
// COMMIT, INFORM for observers, REQUEST forwarded by learners, PING, REVALIDATE, SYNC).
import type { DataTreeSnapshot } from '../datatree/DataTree.ts';
import type { LoggedTxn } from '../server/txn.ts';
import type { RequestBody } from '../proto.ts';

export interface LearnerInfo {
  readonly type: 'FOLLOWERINFO' | 'OBSERVERINFO';
  readonly sid: number;
  /** makeZxid(acceptedEpoch, 0). */
  readonly zxid: number;
  readonly protocolVersion: number;
}
export interface LeaderInfo {
  readonly type: 'LEADERINFO';
  /** makeZxid(newEpoch, 0). */
  readonly zxid: number;
  readonly protocolVersion: number;
}
export interface AckEpoch {
  readonly type: 'ACKEPOCH';
  /** The learner's last logged zxid. */
  readonly zxid: number;
  /** The learner's currentEpoch, or -1 if it had already accepted this epoch. */
  readonly epoch: number;
}
export interface OpPacket {
  readonly type: 'DIFF' | 'TRUNC' | 'NEWLEADER' | 'UPTODATE' | 'COMMIT' | 'ACK';
  readonly zxid: number;
}
export interface SnapPacket {
  readonly type: 'SNAP';
  readonly zxid: number;
  readonly tree: DataTreeSnapshot;
  readonly sessions: [bigint, number][];
}
export interface ProposalPacket {
  readonly type: 'PROPOSAL' | 'INFORM';
  readonly zxid: number;
  readonly txn: LoggedTxn;
}
export interface Ping {
  readonly type: 'PING';
  readonly zxid: number;
  /** Learner → leader: the sessions its clients touched since the last ping, with their timeouts. */
  readonly sessions?: [bigint, number][];
}
export interface ForwardedRequest {
  readonly type: 'REQUEST';
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly op: number;
  readonly body: RequestBody;
  /** createSession: the negotiated timeout. */
  readonly timeout?: number;
  /** The auth ids of the client's connection (the leader checks ACLs with them). */
  readonly authInfo: { scheme: string; id: string }[];
}
export interface Revalidate {
  readonly type: 'REVALIDATE';
  readonly sessionId: bigint;
  readonly timeout: number;
  /** Leader → learner: whether the session is alive. */
  readonly valid?: boolean;
}
export interface SyncPacket {
  readonly type: 'SYNC';
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly path: string;
}

export type QuorumPacket =
  | LearnerInfo
  | LeaderInfo
  | AckEpoch
  | OpPacket
  | SnapPacket
  | ProposalPacket
  | Ping
  | ForwardedRequest
  | Revalidate
  | SyncPacket;
