// The trace events the replicated protocol emits (ctx.trace), which the checkers in
// sim/checkers/ read. This is the contract between protocol and checkers: the checkers never
// look inside a server. Every event also carries n (the node, "s3") and t (time, µs).
// Zxids are numbers (epoch * 2^32 + counter); epochs are numbers; session ids are bigints.

export interface ZabEvents {
  /** An epoch file write became durable (after tmp + fsync + rename). */
  'zab.epoch': { file: 'acceptedEpoch' | 'currentEpoch'; value: number };
  /** Start-up: what this server loaded from disk (also emitted by QuorumPeer as 'peer.loaded'). */
  'peer.loaded': {
    myid: number;
    lastZxid: number;
    currentEpoch: number;
    acceptedEpoch: number;
    txns: number;
    holes?: [number, number][];
  };
  /**
   * A txn is durable in this server's log (its fsync completed), on learners and on the leader
   * alike. (The checkers also take a leader's ACK from itself, zab.ack with from = its own id,
   * as its own fsync: 3.8's leader acks itself when its log is flushed.)
   */
  'zab.logged': { zxid: number };
  /** This server cut its log back: every txn above zxid is gone (TRUNC, or recovery). */
  'zab.truncate': { zxid: number };
  /** This learner replaced its whole state with the leader's snapshot, which ends at zxid. */
  'zab.snap': { zxid: number; from: number };
  /**
   * A txn was applied to this server's data tree (delivered), in the order applied: commits in
   * broadcast, and the txns a learner applies while it syncs. Not emitted for txns replayed
   * from the server's own disk (peer.loaded, a reload, a TRUNC: the checkers know those from
   * zab.logged). The optional fields are the txn's content, for the durability, session and
   * client-consistency checkers:
   * - cxid: the request's xid (TxnHeader.cxid), pairing the txn with client.call/client.return;
   * - path: the znode of a create*, delete*, setData, setACL or check txn;
   * - ephemeralOwner: on a create of a session ephemeral (CreateTxn.ephemeral), the owner
   *   session (the txn's session); absent for persistent, container and TTL nodes;
   * - paths: on closeSession, every ephemeral the txn removed from the tree (paths2Delete and
   *   any other the tree still listed for the session);
   * - ops: on multi, its sub-txns in order (failed multis: their error sub-txns, type -1).
   */
  'zab.deliver': {
    zxid: number;
    type: number;
    session: bigint;
    cxid?: number;
    path?: string;
    ephemeralOwner?: bigint;
    paths?: string[];
    ops?: DeliveredOp[];
  };
  /**
   * The leader of epoch proposed zxid. The optional type/session/cxid (the txn header's) let the
   * integrity checker compare what was delivered with what was proposed.
   */
  'zab.propose': { zxid: number; epoch: number; type?: number; session?: bigint; cxid?: number };
  /** The leader counted an ACK for zxid from sid (itself included). */
  'zab.ack': { zxid: number; from: number };
  /** The leader decided zxid is committed, on the acks of these voters. */
  'zab.commit': { zxid: number; acks: number[] };
  /** Discovery: the new leader proposes epoch after a quorum of FOLLOWERINFO (with their acceptedEpochs). */
  'zab.newepoch': { epoch: number; acks: number[] };
  /** The leader of epoch is established: a quorum acked NEWLEADER. */
  'zab.established': { epoch: number; acks: number[] };
  /** Sync decision of the leader for a learner. */
  'zab.sync': {
    peer: number;
    mode: 'DIFF' | 'TRUNC' | 'SNAP' | 'TRUNC+DIFF';
    peerLastZxid: number;
    leaderLastZxid: number;
    truncTo?: number;
  };
  /** A learner finished syncing with the leader (UPTODATE received) and serves clients. */
  'zab.uptodate': { leader: number; epoch: number; lastZxid: number };
  /** The leader stopped leading (lost its quorum, ...). */
  'zab.leader-shutdown': { reason: string; epoch: number };
  /** The learner stopped following (leader gone, read timeout, ...). */
  'zab.learner-shutdown': { leader: number; reason: string };
  /**
   * QuorumPeer's role changed (also read by sim/faults/roles.ts). LOOKING follows a (re)load of the
   * database from disk, as 3.8 clears it when a role ends: zxid is then the last zxid of the
   * reloaded data tree, and the checkers take the server's history to be its log up to it.
   */
  state: {
    state: 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
    leader: number | null;
    round: number;
    peerEpoch: number;
    zxid: number;
  };
}

/** One sub-txn of a delivered multi (see zab.deliver). */
export interface DeliveredOp {
  type: number;
  path?: string;
  ephemeralOwner?: bigint;
}

/** Client-side events (protocol/client), for the durability, session and client-consistency checkers. */
export interface ClientEvents {
  /** A client operation was issued (xid is per session) ... */
  'client.call': { session: bigint; xid: number; op: number; path: string; data?: string | null; version?: number };
  /**
   * ... and completed: rc, and the zxid the reply carried (the server's last processed zxid),
   * -1 when the client failed the call itself (connection loss, closing) without a reply.
   */
  'client.return': {
    session: bigint;
    xid: number;
    op: number;
    path: string;
    rc: number;
    zxid: number;
    data?: string | null;
    version?: number;
    created?: string;
  };
  /** A watch event was delivered to the application. */
  'client.event': { session: bigint; type: number; state: number; path: string | null; watchers: number };
}
