// The trace events the protocol emits (ctx.trace(kind, fields)): every kind and its fields, the
// contract between the protocol and what reads its trace (the checkers in sim/checkers/, the
// fault triggers, the reports). They never look inside a server: what they know of it is here.
// The simulator records each as { i, t, k: kind, n: node, ...fields }, fields in the order the
// protocol gives them (they are hashed in that order: keep it when a call site changes).
// Zxids are numbers (epoch * 2^32 + counter); epochs are numbers; session ids are bigints.
// A new kind goes into ProtocolTraceEvents and PROTOCOL_TRACE_KINDS (the compiler insists on both).
import type { ServerState } from './election/Vote.ts';
import type { EpochFile } from './storage/EpochFiles.ts';
import type { SyncMode } from './zab/LearnerHandler.ts';
import type { LearnerInfo } from './zab/packets.ts';

/** One sub-txn of a delivered multi (see zab.deliver). */
export interface DeliveredOp {
  type: number;
  path?: string;
  ephemeralOwner?: bigint;
}

/** Why FastLeaderElection changed its vote (fle.vote): Vote.winReason's, or a newer round began. */
export type VoteReason = 'peerEpoch' | 'zxid' | 'myid' | 'newer-round';

export interface ProtocolTraceEvents {
  // ---- QuorumPeer ------------------------------------------------------------------------

  /**
   * QuorumPeer's role changed (setPeerState; also read by sim/faults/roles.ts). LOOKING follows
   * a (re)load of the database from disk, as 3.8 clears it when a role ends: zxid is then the
   * last zxid of the reloaded data tree, and the checkers take the server's history to be its
   * log up to it. leader is the elected leader's sid (null when LOOKING).
   */
  state: { state: ServerState; leader: number | null; round: number; peerEpoch: number; zxid: number };
  /**
   * Start-up (QuorumPeer.loadDataBase): what this server loaded from disk. txns: how many it
   * replayed from its log on top of the snapshot; holes: pairs of consecutive replayed zxids
   * with txns missing between them (absent when there are none).
   */
  'peer.loaded': {
    myid: number;
    lastZxid: number;
    currentEpoch: number;
    acceptedEpoch: number;
    txns: number;
    holes?: [number, number][];
  };
  /** Start-up found an epoch file missing and writes it from the last zxid's epoch (loadDataBase). */
  'peer.epoch-file': { file: EpochFile; value: number; why: 'missing' };
  /** An epoch file write became durable (after tmp + fsync + rename: writeLongToFile). */
  'zab.epoch': { file: EpochFile; value: number };

  // ---- FastLeaderElection ----------------------------------------------------------------

  /** lookForLeader began a round: this server's first vote (for itself, or NON_VOTER for an observer). */
  'fle.start': { round: number; leader: number; zxid: number; peerEpoch: number };
  /** The vote changed (updateProposal), because of a better notification from sid `from`. */
  'fle.vote': { round: number; leader: number; zxid: number; peerEpoch: number; because: VoteReason; from: number };
  /** A notification was taken from the receive queue (round: ours; electionEpoch: the sender's). */
  'fle.recv': {
    round: number;
    from: number;
    state: ServerState;
    leader: number;
    zxid: number;
    electionEpoch: number;
    peerEpoch: number;
  };
  /** The proposed leader has a quorum of votes (acks): finalizeWait begins. */
  'fle.quorum': { round: number; leader: number; acks: number[] };
  /**
   * The election ended (leaveInstance): this server's state and leader, on the votes of acks.
   * joined: decided on FOLLOWING/LEADING notifications of servers already settled (the
   * outofelection path), not on a quorum of LOOKING votes of this round.
   */
  'fle.decide': { round: number; state: ServerState; leader: number; joined: boolean; acks: number[] };
  /** No notification within notTimeout: notifications go out again, the wait doubles to `next` ms. */
  'fle.timeout': { round: number; next: number };
  /** During finalizeWait a better vote (from sid `from`, for `leader`) came in: the election goes on. */
  'fle.reopen': { round: number; from: number; leader: number };

  // ---- Zab: Leader -----------------------------------------------------------------------

  /** Leader.lead(): this server begins discovery with its acceptedEpoch and history. */
  'zab.lead': { acceptedEpoch: number; lastZxid: number };
  /** A learner's FOLLOWERINFO/OBSERVERINFO reached the leader (LearnerHandler), with its acceptedEpoch. */
  'zab.learner': { sid: number; kind: LearnerInfo['type']; acceptedEpoch: number };
  /** Discovery: the new leader proposes epoch after a quorum of FOLLOWERINFO (acks: their sids). */
  'zab.newepoch': { epoch: number; acks: number[] };
  /** Sync decision of the leader for a learner (LearnerHandler.syncFollower). */
  'zab.sync': {
    peer: number;
    mode: SyncMode;
    peerLastZxid: number;
    leaderLastZxid: number;
    truncTo?: number;
  };
  /** The leader of epoch is established: a quorum acked NEWLEADER. */
  'zab.established': { epoch: number; acks: number[] };
  /**
   * What a LearnerHandler logs at ERROR when it ends or drops what its learner sent: the first
   * packet after the sync packets not an ACK (LearnerHandler.run; the handler ends), an ACK of
   * another zxid than NEWLEADER's (Leader.waitForNewLeaderAck; not counted).
   */
  'zab.learner-handler-error': { sid: number; message: string };
  /**
   * The leader of epoch proposed zxid (Leader.propose). The optional type/session/cxid (the
   * txn header's) let the integrity checker compare what was delivered with what was proposed.
   */
  'zab.propose': { zxid: number; epoch: number; type?: number; session?: bigint; cxid?: number };
  /** The leader counted an ACK for zxid from sid `from` (itself included: Leader.processAck). */
  'zab.ack': { zxid: number; from: number };
  /** The leader decided zxid is committed, on the acks of these voters (Leader.tryToCommit). */
  'zab.commit': { zxid: number; acks: number[] };
  /** The leader stopped leading (Leader.shutdown: lost its quorum, ...). */
  'zab.leader-shutdown': { reason: string; epoch: number };

  // ---- Zab: Learner ----------------------------------------------------------------------

  /** A learner connected to its leader (Learner.connectToLeader) and starts discovery. */
  'zab.connected': { leader: number };
  /** A learner received the leader's sync decision (syncWithLeader): the DIFF, TRUNC or SNAP packet. */
  'zab.sync-learner': { mode: 'DIFF' | 'TRUNC' | 'SNAP'; zxid: number };
  /** A learner finished syncing with the leader (UPTODATE received) and serves clients. */
  'zab.uptodate': { leader: number; epoch: number; lastZxid: number };
  /** The learner stopped following (leader gone, read timeout, ...). */
  'zab.learner-shutdown': { leader: number; reason: string };

  // ---- Zab: any server -------------------------------------------------------------------

  /**
   * A txn is durable in this server's log (its fsync completed), on learners and on the leader
   * alike. (The checkers also take a leader's ACK from itself, zab.ack with from = its own id,
   * as its own fsync: 3.8's leader acks itself when its log is flushed.)
   */
  'zab.logged': { zxid: number };
  /**
   * This server cut its log back: every txn above zxid is gone from it (TRUNC). reloaded: the
   * zxid its database was reloaded to (ZKDatabase.truncateLog: the newest snapshot and the cut
   * log) before setlastProcessedZxid(zxid) — above zxid when a snapshot newer than the cut was
   * kept: its tree then holds txns above zxid.
   */
  'zab.truncate': { zxid: number; reloadedZxid: number };
  /** This learner replaced its whole state with the leader's snapshot (from: its sid), which ends at zxid. */
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
   * - ops: on multi, its sub-txns in order (failed multis: their error sub-txns, type -1);
   * - digest: the data tree's digest once the txn is applied (DataTree.getTreeDigest,
   *   ZOOKEEPER-3114: the sum of every node's CRC32 of path, data and stat), for the digest checker;
   *   seen by checkers, left out of the recorded trace (trace hash, JSONL: sim/engine/trace.ts).
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
    digest?: number;
  };

  // ---- ZooKeeperServer -------------------------------------------------------------------

  /**
   * The server's database is loaded and it starts serving (ZooKeeperServer.startup): its last
   * zxid, the snapshot's zxid, txns replayed on top, torn log bytes cut, sessions restored.
   */
  'zk.loaded': { zxid: number; snapshot: number; replayed: number; torn: number; sessions: number };
  /** A fuzzy snapshot of the data tree at zxid began (SyncRequestProcessor → takeSnapshot). */
  'zk.snapshot-start': { zxid: number };
  /**
   * A snapshot was written to file, in place and left to the kernel's writeback: a fuzzy one of
   * SyncRequestProcessor (appliedSince: txns applied while it was taken), or Leader.lead's
   * zk.loadData → takeSnapshot (appliedSince 0).
   */
  'zk.snapshot': { file: string; zxid: number; appliedSince: number };
  /** A new session was created with the negotiated timeout (processConnectRequest). */
  'zk.session-create': { session: bigint; timeout: number };
  /** A client reconnected with its session: valid says whether it was still alive (reopenSession). */
  'zk.session-reopen': { session: bigint; valid: boolean };
  /**
   * The session tracker moved a session to a later expiry bucket (ExpiryQueue.update: a touch,
   * a ping, a revalidation, addSession) with this timeout: it will expire it no earlier than
   * timeout ms from now, rounded up to the next tick. Touches within the same bucket are not traced.
   */
  'zk.session-touch': { session: bigint; timeout: number };
  /**
   * The session tracker's expirer started (a leader or standalone server serves: sessions, the
   * sessions it tracks then) or stopped (sessions empty).
   */
  'zk.session-tracker': { running: boolean; sessions: bigint[] };
  /** The session tracker expired a session (SessionExpirer.expire): a closeSession follows. */
  'zk.session-expire': { session: bigint; timeout: number };
  /** A client asked to close its session. */
  'zk.session-close': { session: bigint };
  /** A request of the session failed SessionMoved (another server owns it): the connection is closed. */
  'zk.session-moved': { session: bigint };
  /** A connection that never set up its session expired (the ConnectionExpirer). */
  'zk.cnxn-expired': { session: bigint };
  /** The ContainerManager deletes an empty container or expired TTL node. */
  'zk.container-delete': { path: string };
  /** A connect request was refused (the client has seen a later zxid than this server has). */
  'zk.refuse': { reason: string };
  /** A request was dropped without an answer (its session is gone). */
  'zk.drop': { session: bigint; reason: string };
  /** A request failed with an unexpected exception (answered MARSHALLINGERROR). */
  'zk.error': { op: number; error: string };
  /** What 3.8 logs at WARN (a COMMIT without its txn, an UPTODATE out of place, ...). */
  'zk.warn': { message: string };
  /** A quota warning of the data tree (checkQuota: the limit is logged, not enforced). */
  'zk.quota': { warning: string };
  /** NIOServerCnxn's "Len error": a packet (len bytes, -1: an unknown four-letter word) too long; the connection drops. */
  'zk.len-error': { len: number; session: bigint };
  /** A malformed packet: the connection drops. */
  'zk.bad-packet': { session: bigint };

  // ---- client (protocol/client) ----------------------------------------------------------

  /**
   * A client operation was issued (xid is per session); watch: the watch it sets when it
   * succeeds (exists: 'exist', a data watch if the node is there; getData: 'data'; getChildren:
   * 'child'; addWatch: 'persistent' or 'recursive') ...
   */
  'client.call': {
    session: bigint;
    xid: number;
    op: number;
    path: string;
    data?: string | null;
    version?: number;
    watch?: 'exist' | 'data' | 'child' | 'persistent' | 'recursive';
    /** A create's CreateMode flags; checker-only (not in the recorded trace: sim/engine/trace.ts). */
    flags?: number;
    /** A multi's sub-ops (op, path, version, flags); checker-only, as flags. */
    ops?: { op: number; path: string; version?: number; flags?: number }[];
  };
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
  /** A watch event was delivered to the application (watchers: how many watchers it reached). */
  'client.event': { session: bigint; type: number; state: number; path: string | null; watchers: number };
  /** ClientCnxn starts a connection to server ("host:port"). */
  'client.connecting': { server: string; session: bigint };
  /** The session is established on server, with the negotiated timeout. */
  'client.connected': { session: bigint; timeout: number; server: string };
  /** The connection attempt failed: the client tries the next server. */
  'client.connect-failed': { session: bigint };
  /** The connection closed: the client reconnects. */
  'client.disconnected': { session: bigint };
  /** The server said the session expired. */
  'client.expired': { session: bigint };
  /** Nothing heard from the server for ms (the read or connect timeout): the client reconnects. */
  'client.timeout': { session: bigint; ms: number };
  /** updateServerList moved this client to another server. */
  'client.rebalance': { session: bigint };
  /** A reply's xid was not the oldest pending one's (expected, null: none pending): the client reconnects. */
  'client.xid-out-of-order': { expected: number | null; got: number };
}

export type ProtocolTraceKind = keyof ProtocolTraceEvents;

/**
 * Every protocol trace kind, at run time (fault triggers name them). Checked against the
 * schema: a kind missing here, or here and not in ProtocolTraceEvents, does not compile.
 */
export const PROTOCOL_TRACE_KINDS = {
  state: true,
  'peer.loaded': true,
  'peer.epoch-file': true,
  'zab.epoch': true,
  'fle.start': true,
  'fle.vote': true,
  'fle.recv': true,
  'fle.quorum': true,
  'fle.decide': true,
  'fle.timeout': true,
  'fle.reopen': true,
  'zab.lead': true,
  'zab.learner': true,
  'zab.newepoch': true,
  'zab.sync': true,
  'zab.established': true,
  'zab.learner-handler-error': true,
  'zab.propose': true,
  'zab.ack': true,
  'zab.commit': true,
  'zab.leader-shutdown': true,
  'zab.connected': true,
  'zab.sync-learner': true,
  'zab.uptodate': true,
  'zab.learner-shutdown': true,
  'zab.logged': true,
  'zab.truncate': true,
  'zab.snap': true,
  'zab.deliver': true,
  'zk.loaded': true,
  'zk.snapshot-start': true,
  'zk.snapshot': true,
  'zk.session-create': true,
  'zk.session-reopen': true,
  'zk.session-touch': true,
  'zk.session-tracker': true,
  'zk.session-expire': true,
  'zk.session-close': true,
  'zk.session-moved': true,
  'zk.cnxn-expired': true,
  'zk.container-delete': true,
  'zk.refuse': true,
  'zk.drop': true,
  'zk.error': true,
  'zk.warn': true,
  'zk.quota': true,
  'zk.len-error': true,
  'zk.bad-packet': true,
  'client.call': true,
  'client.return': true,
  'client.event': true,
  'client.connecting': true,
  'client.connected': true,
  'client.connect-failed': true,
  'client.disconnected': true,
  'client.expired': true,
  'client.timeout': true,
  'client.rebalance': true,
  'client.xid-out-of-order': true,
} as const satisfies Record<ProtocolTraceKind, true>;
