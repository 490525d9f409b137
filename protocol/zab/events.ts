// The trace events the replicated protocol emits (ctx.trace), which the checkers in
// sim/checkers/ read. This is the contract between protocol and checkers: the checkers never
// look inside a server. Every event also carries n (the node, "s3") and t (time, µs).
// Zxids are numbers (epoch * 2^32 + counter); epochs are numbers; session ids are bigints.

export interface ZabEvents {
  /** An epoch file write became durable (after tmp + fsync + rename). */
  'zab.epoch': { file: 'acceptedEpoch' | 'currentEpoch'; value: number };
  /** Start-up: what this server loaded from disk (also emitted by QuorumPeer as 'peer.loaded'). */
  'peer.loaded': { myid: number; lastZxid: number; currentEpoch: number; acceptedEpoch: number; txns: number };
  /** A txn is durable in this server's log (its fsync completed). */
  'zab.logged': { zxid: number };
  /** This server cut its log back: every txn above zxid is gone (TRUNC, or recovery). */
  'zab.truncate': { zxid: number };
  /** This learner replaced its whole state with the leader's snapshot, which ends at zxid. */
  'zab.snap': { zxid: number; from: number };
  /** A txn was applied to this server's data tree (delivered), in the order applied. */
  'zab.deliver': { zxid: number; type: number; session: bigint };
  /** The leader of epoch proposed zxid. */
  'zab.propose': { zxid: number; epoch: number };
  /** The leader counted an ACK for zxid from sid (itself included). */
  'zab.ack': { zxid: number; from: number };
  /** The leader decided zxid is committed, on the acks of these voters. */
  'zab.commit': { zxid: number; acks: number[] };
  /** Discovery: the new leader proposes epoch after a quorum of FOLLOWERINFO (with their acceptedEpochs). */
  'zab.newepoch': { epoch: number; acks: number[] };
  /** The leader of epoch is established: a quorum acked NEWLEADER. */
  'zab.established': { epoch: number; acks: number[] };
  /** Sync decision of the leader for a learner. */
  'zab.sync': { peer: number; mode: 'DIFF' | 'TRUNC' | 'SNAP' | 'TRUNC+DIFF'; peerLastZxid: number; leaderLastZxid: number; truncTo?: number };
  /** A learner finished syncing with the leader (UPTODATE received) and serves clients. */
  'zab.uptodate': { leader: number; epoch: number; lastZxid: number };
}

/** Client-side events (protocol/client), for the durability, session and client-consistency checkers. */
export interface ClientEvents {
  /** A client operation was issued (xid is per session) ... */
  'client.call': { session: bigint; xid: number; op: number; path: string; data?: string | null; version?: number };
  /** ... and completed: rc, and the zxid the reply carried (the server's last processed zxid). */
  'client.return': { session: bigint; xid: number; op: number; path: string; rc: number; zxid: number; data?: string | null; version?: number; created?: string };
  /** A watch event was delivered to the application. */
  'client.event': { session: bigint; type: number; state: number; path: string | null; watchers: number };
}
