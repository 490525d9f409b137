// The election wire message (FastLeaderElection.ToSend / Notification) and the
// connection handshake of QuorumCnxManager.
import type { ServerState } from './Vote.ts';

export interface NotificationMsg {
  readonly type: 'notification';
  /** Proposed leader. */
  readonly leader: number;
  readonly zxid: number;
  /** The sender's logicalclock. */
  readonly electionEpoch: number;
  readonly state: ServerState;
  readonly peerEpoch: number;
  /** Notification format version (0x2 in 3.8). */
  readonly version: number;
}

/** A received notification: the message plus the sender, as the receiver knows it. */
export interface Notification extends NotificationMsg {
  readonly sid: number;
}

/** QuorumCnxManager's initial message on a new election connection. */
export interface QcmHello {
  readonly type: 'qcm.hello';
  readonly sid: number;
  readonly electionAddr: string;
  readonly protocolVersion: number;
}

export function notification(
  leader: number,
  zxid: number,
  electionEpoch: number,
  state: ServerState,
  peerEpoch: number,
): NotificationMsg {
  return { type: 'notification', leader, zxid, electionEpoch, state, peerEpoch, version: 2 };
}
