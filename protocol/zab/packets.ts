// Quorum packets between a leader and its learners (QuorumPacket types of Leader.java).
// This issue carries the connection and liveness part of Zab; discovery, sync and broadcast
// packets join these when the ensemble lands.

export interface LearnerInfo {
  readonly type: 'FOLLOWERINFO' | 'OBSERVERINFO';
  readonly sid: number;
  readonly acceptedEpoch: number;
  readonly lastZxid: number;
  readonly protocolVersion: number;
}

export interface Ping {
  readonly type: 'PING';
  readonly zxid: number;
}

export type QuorumPacket = LearnerInfo | Ping;
