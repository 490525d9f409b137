// The bug catalog: each historical ZooKeeper bug that `--bug ID` switches back on (at its real
// code path in protocol/), what it broke, and which checker finds it.
import type { BugId } from '../../protocol/bugs.ts';

export interface CatalogBug {
  id: BugId;
  jira: string;
  summary: string;
  component: 'election' | 'discovery' | 'sync' | 'broadcast' | 'persistence' | 'sessions';
  /** Where the mistake is, in protocol/. */
  codePath: string;
  expectedChecker: string;
  /**
   * Other checkers that also catch it: first in some runs (a hand-written reproduction may show
   * one of these), or later in a run continued past the first violation (RunSettings.keepGoing),
   * as the test that names it shows.
   */
  alsoFoundBy?: readonly string[];
  /**
   * The first release with the bug (the JIRA's affects version; for ZK-4643/4646, the release
   * that first shipped ZOOKEEPER-3911's NEWLEADER logging, whose order they are).
   */
  affects: string;
  /**
   * The first release with the fix, read from the apache/zookeeper tags: the earliest
   * release-X.Y.Z tag that contains the fix commit (`git tag --contains`); a backport to an
   * older branch may have shipped in an earlier 3.x.y of that branch. Absent: no release has a
   * fix (the JIRA is open), so every release from `affects` on has the bug.
   */
  fixedIn?: string;
  /** The commit (and JIRA, when another one) that fixed it, as `git log` names it. */
  // (An open JIRA that is 3.8's own behaviour — protocol/bugs.ts IN_EVERY_RELEASE — is on in every
  // release profile; `offArgs` are the run flags of its fix.)
  fixedBy: string;
  /**
   * The fuzz campaign of the faults scenario that finds it (test/bugs/ runs it again on its
   * first detecting seed): plain or swarm, and what finding it took, measured.
   */
  campaign?: {
    servers: number;
    swarm: boolean;
    firstSeed: number;
    measured: string;
    /** The checker that finds it at firstSeed when that is one of alsoFoundBy, not expectedChecker. */
    checker?: string;
  };
  /**
   * A bug no measured campaign has found yet: which campaigns ran and found nothing, and the
   * deterministic test (a file under test/) that shows its checker finding it with the bug on.
   */
  unfound?: { measured: string; test: string };
  /**
   * The run's end, simulated ms (fuzz --until), of every campaign of it (found or not, and
   * bench's), when the scenario's is too short for its checker: the faults scenario heals at 45 s
   * and ends at 95 s, 50 s after the last fault, while election-liveness allows a server 110 s of
   * LOOKING after it.
   */
  until?: number;
  /** For a bug every release has on (IN_EVERY_RELEASE): the flags a run turns it off with. */
  offArgs?: readonly string[];
}

export const BUG_CATALOG: readonly CatalogBug[] = [
  {
    id: 'ZK-3911',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-3911',
    summary:
      'Data inconsistency caused by DIFF sync uncommitted log: a follower ACKs NEWLEADER before logging the txns it was synced (they are logged only at UPTODATE)',
    component: 'sync',
    codePath: 'protocol/zab/Learner.ts onNewLeader',
    expectedChecker: 'quorum-commit',
    affects: '3.5.8',
    fixedIn: '3.7.0',
    fixedBy: 'b978dfb94 ZOOKEEPER-3911 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 3,
      measured:
        "first at seed 3 (quorum-commit) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 7 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 3 (quorum-commit) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 40 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 3 (quorum-commit) plain, seed 1 --swarm (zksim bench --only bugs: under 1 s each, 2-core AMD EPYC, Node 20), after workloads became data",
    },
  },
  {
    id: 'ZK-4646',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-4646',
    summary:
      'Committed txns may be lost if followers crash after replying ACK of NEWLEADER but before writing txns to disk: the ACK does not wait for the fsync',
    component: 'sync',
    codePath: 'protocol/zab/Learner.ts onNewLeader',
    expectedChecker: 'quorum-commit',
    // Its order lets the SyncThread's PROPOSAL ACK overtake the NEWLEADER ACK (ZK-4685's race).
    alsoFoundBy: ['leadership'],
    affects: '3.7.0',
    fixedIn: '3.8.5',
    fixedBy:
      '34f292924 ZOOKEEPER-4785, the backport to branch-3.8 (master: 315abde35); release-3.8.0-1 … release-3.8.4 have the order',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 5,
      measured:
        "first at seed 5 (quorum-commit) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL): seeds 2 and 3 fail leadership first (the same bug: the NEWLEADER ACK before the synced txns are durable lets a leader establish on a quorum that does not hold them); 8 of seeds 1..33 fail, 3 by quorum-commit, in 28 s (fuzz --max-failures 8 --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 12 (quorum-commit) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 96 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 3 (quorum-commit) plain, seed 1 --swarm (zksim bench --only bugs: under 1 s each, 2-core AMD EPYC, Node 20), after workloads became data",
    },
  },
  {
    id: 'ZK-2845',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-2845',
    summary:
      'Data inconsistency due to retaining the database in leader election: when a role ends the in-memory database (committed txns only) is kept and not fast-forwarded to the txn log, so the peer reports a last zxid below its log; the new leader syncs it by DIFF instead of TRUNC, and an uncommitted txn left in its log reappears when it restarts',
    component: 'persistence',
    codePath:
      'protocol/server/QuorumPeer.ts backToLooking (ZooKeeperServer.shutdown → zkDb.fastForwardDataBase in 3.8)',
    expectedChecker: 'quorum-commit',
    affects: '3.4.10',
    fixedIn: '3.6.0',
    fixedBy: '722ba9409 ZOOKEEPER-2845 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 47,
      measured:
        "first at seed 47 (quorum-commit) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 24 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 48 (quorum-commit) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 325 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 2 (quorum-commit; 14 of seeds 1..100) in 3.5 s plain, seed 2 (34/100) in 2.5 s --swarm; 5 servers: seed 3 (14/100) in 6.1 s plain, seed 2 (28/100) in 3.0 s --swarm (fuzz --workers 1, 2-core AMD EPYC, Node 20, load 6-7 from other runs)",
    },
  },
  {
    id: 'ZK-3642',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-3642',
    summary:
      "Data inconsistency when the leader crashes right after sending SNAP sync: the learner keeps the leader's tree in memory though it never reached disk (no NEWLEADER, no snapshot), reports its zxid in the next election, is synced by DIFF from there, and loses everything up to it when it restarts",
    component: 'persistence',
    codePath:
      'protocol/zab/Learner.ts shutdown (zk.shutdown(syncMode == SNAP) in 3.8) → protocol/server/QuorumPeer.ts backToLooking',
    expectedChecker: 'committed-log-durability',
    // The learner that kept the tree, synced by DIFF from its zxid, writes the new currentEpoch
    // over a disk without the SNAP's txns: restarted, it comes back with that epoch over a short
    // log. The guided search found it so (5 servers, generator v1): test/fixtures/replays/
    // faults-zk3642-epoch-monotonic.replay.json failed epoch-monotonic with the bug on. Under
    // issue 11's 3.8 timeouts (LearnerHandler read timeout, SyncLimitCheck, the client's ping
    // cadence) that replay runs otherwise and passes every checker: no run shows epoch-monotonic
    // now, so it is not listed as alsoFoundBy until one does.
    affects: '3.5.5',
    fixedIn: '3.7.0',
    fixedBy: 'efbd660e1 ZOOKEEPER-3642 (in release-3.8.0-1)',
    campaign: {
      servers: 5,
      swarm: true,
      firstSeed: 454,
      measured:
        "first at seed 454 (committed-log-durability: s5's disk would restart without committed 0x200000001 and 5 more: neither its snapshot (0x0) nor its log holds them, though the log goes on to 0x30000017c) --swarm with 5 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL); seeds 251 and 386 failed session first, with no --bug too: not this bug; within 22 min (fuzz --max-failures 4 --workers 1, about 0.35 seeds/s, 2-core AMD EPYC, Node 20, load 10-16 with other helpers); the same seed passes with the bug off. Before: none in its generator-v2 campaign seed 35 under generator v3, nor in 5-server --swarm seeds 1..300 (about 1.4 seeds/s at load 2). Under generator v2: first at seed 35 (committed-log-durability; 3 of seeds 1..105: 35, 78, 105) --swarm with 5 servers (1.1 seeds/s, load 14-17); plain random faults: none in 1..300 then (needs the leader or learner cut off right after SNAP, a step-triggered swarm episode). test/protocol/testdata/zk-3642.txt shows it by hand",
    },
  },
  {
    id: 'ZK-4643',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-4643',
    summary:
      'Committed txns may be lost if a follower crashes after updating currentEpoch but before persisting the txns it was synced: at NEWLEADER currentEpoch is written first, so a crash in between leaves a server with the new epoch and a short log, whose vote beats servers that hold the txns',
    component: 'persistence',
    codePath: 'protocol/zab/Learner.ts onNewLeader',
    expectedChecker: 'epoch-monotonic',
    // The server it makes leader lacks committed writes: in 3-server --swarm seed 66, run past
    // epoch-monotonic (22.4 s), the writes on /w1 have no linearization (linearizable, at the
    // run's end; the same run passes with the bug off) — test/checkers/linearizable.test.ts.
    alsoFoundBy: ['linearizable'],
    affects: '3.7.0',
    fixedIn: '3.8.5',
    fixedBy:
      '34f292924 ZOOKEEPER-4785, the backport to branch-3.8 (master: 315abde35); release-3.8.0-1 … release-3.8.4 have the order',
    campaign: {
      servers: 3,
      swarm: true,
      firstSeed: 12,
      measured:
        "first at seed 12 (epoch-monotonic) --swarm with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 14 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 12 (epoch-monotonic) --swarm with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 106 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 77 (epoch-monotonic; 14 of seeds 1..2000) in about 12 s --swarm, 3 servers, after workloads became data (fuzz --workers 1, 6.5 seeds/s, 2-core AMD EPYC, Node 20, 3 campaigns sharing the 2 cores); plain random faults: none in 1..400 (needs a crash between the currentEpoch write and the log fsync, which swarm's step-triggered episodes reach)",
    },
  },
  {
    id: 'ZK-2872',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-2872',
    summary:
      'Interrupted snapshot sync causes data loss: after a SNAP sync the learner writes its snapshot at NEWLEADER without fsync and goes on (currentEpoch, ACK); a crash before the snapshot reaches disk brings it back with the new epoch over its old, cut log',
    component: 'persistence',
    codePath: 'protocol/zab/Learner.ts onNewLeader (zk.takeSnapshot(syncSnapshot) in 3.8)',
    expectedChecker: 'epoch-monotonic',
    affects: '3.4.10',
    fixedIn: '3.6.0',
    fixedBy: '0706b40af ZOOKEEPER-2872 (in release-3.8.0-1)',
    campaign: {
      servers: 5,
      swarm: true,
      firstSeed: 401,
      measured:
        "first at seed 401 (epoch-monotonic: s3 restarted with currentEpoch 1 but its log ends at 0x0, before 0x100000006, the last txn s5 synced it to in epoch 1) --swarm with 5 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL); seeds 251 and 386 failed session first, with no --bug too: not this bug; within 24 min (fuzz --max-failures 5 --workers 1, about 0.3 seeds/s, 2-core AMD EPYC, Node 20, load 10-16 with other helpers); the same seed passes with the bug off. Before: none in its generator-v2 campaign seed 659 under generator v3. Under generator v2: first at seed 659 (epoch-monotonic) in about 9 min --swarm with 5 servers (1.4 seeds/s, load about 15); seeds 1..785 held 3 failures: 659, 776 (zxid-order) and 785 (the default's TRUNC-snapshot divergence). It needs a crash between the unsynced snapshot and its writeback, which only swarm's step-triggered episodes reach: the rarest bug of the catalog. test/protocol/testdata/zk-2872.txt shows it by hand",
    },
  },
  {
    id: 'ZK-1264',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1264',
    summary:
      'FollowerResyncConcurrencyTest failing intermittently: a follower loses the txns proposed while it syncs — after NEWLEADER it applies COMMITs in memory only and drops the proposals still uncommitted at UPTODATE (never logged nor acked)',
    component: 'broadcast',
    codePath: 'protocol/zab/Learner.ts onSyncPacket (COMMIT) / onUpToDate',
    expectedChecker: 'zxid-order',
    affects: '3.4.0',
    fixedIn: '3.5.0',
    fixedBy: 'f8f15de5f ZOOKEEPER-1264/1282/1291 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 7,
      measured:
        "first at seed 7 (zxid-order) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 14 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 50 (zxid-order) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 28 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load about 9 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 6 (zxid-order; 12 of seeds 1..200) in 2.8 s plain, seed 3 (16/200) in 1.7 s --swarm; the same 200 seeds pass with the bug off, plain and --swarm (fuzz --workers 1, 2-core AMD EPYC, Node 20, load about 6 from other helpers)",
    },
  },
  {
    id: 'ZK-1154',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1154',
    summary:
      "Data inconsistency when the node(s) with the highest zxid is not present at the time of leader election: a learner whose last zxid is not in the leader's committed log (an old epoch's uncommitted tail) gets a DIFF of what follows instead of a TRUNC to the last common zxid first, and keeps txns nobody committed",
    component: 'discovery',
    codePath: 'protocol/zab/LearnerHandler.ts queueCommittedProposals (syncFollower)',
    expectedChecker: 'prefix-consistency',
    // digest: at the same delivery as prefix-consistency whenever the kept txn changed the tree
    // (27 of seeds 1..100 plain, with the other checkers muted; never earlier: error txns and
    // createSessions of the kept tail change no znode) — test/fixtures/replays/faults-zk1154-digest.
    alsoFoundBy: ['digest'],
    affects: '3.3.3',
    fixedIn: '3.4.0',
    fixedBy: '27d045af5 ZOOKEEPER-1154/1156 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 18,
      measured:
        "first at seed 18 (prefix-consistency) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 19 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 8 (prefix-consistency) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 101 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 1 (prefix-consistency; 90 of seeds 1..200) in 1.5 s plain, seed 1 (91/200) in 0.6 s --swarm; the same 200 seeds pass with the bug off, plain and --swarm (fuzz --workers 1, 2-core AMD EPYC, Node 20, load about 6 from other helpers)",
    },
  },
  {
    id: 'ZK-1291',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1291',
    summary:
      'AcceptedEpoch not updated at leader before it proposes the epoch to followers: the leader sends LEADERINFO without writing its own acceptedEpoch, then writes currentEpoch above it',
    component: 'discovery',
    codePath: 'protocol/zab/Leader.ts checkEpochQuorum (getEpochToPropose)',
    expectedChecker: 'epoch-monotonic',
    affects: '3.4.0',
    fixedIn: '3.5.0',
    fixedBy: 'f8f15de5f ZOOKEEPER-1264/1282/1291 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 1,
      measured:
        "first at seed 1 (epoch-monotonic) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 3 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 1 (epoch-monotonic) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 30 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 1 (epoch-monotonic; 50 of seeds 1..50, each at the first election) in 0.04 s plain, seed 1 (50/50) in 0.03 s --swarm; the same seeds pass with the bug off (fuzz --workers 1, 2-core AMD EPYC, Node 20, load about 6 from other helpers)",
    },
  },
  {
    id: 'ZK-1136',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1136',
    summary:
      'NEW_LEADER should be queued not sent to match the Zab 1.0 protocol: the leader writes NEWLEADER to a learner at once, ahead of the DIFF/TRUNC/SNAP and proposals queued for it, so the learner ACKs NEWLEADER before it has the history it is synced to',
    component: 'sync',
    codePath:
      'protocol/zab/Leader.ts startSync (LearnerHandler.run: oa.writeRecord(newLeaderQP) instead of queuedPackets.add)',
    // Re-pinned with Leader.startZkServer's epoch << 32 zxid (issue 12, item 1): a learner that
    // joins a serving leader is now synced by SNAP (not an empty DIFF), and NEWLEADER ahead of
    // the SNAP makes it take NEWLEADER's snapshot of its old tree, then replace the tree by the
    // SNAP that no disk write persists: its disk lacks the committed history it acked.
    expectedChecker: 'committed-log-durability',
    // The JIRA's own symptom: the ACK of NEWLEADER counted before the learner logged its history
    // (58 of the 200 seeds, and test/protocol/testdata/zk-1136.txt).
    alsoFoundBy: ['quorum-commit'],
    affects: '3.4.0',
    fixedIn: '3.4.0',
    fixedBy: '43776e4fa ZOOKEEPER-1136 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 18,
      measured:
        "first at seed 18 (committed-log-durability) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL): 60 of seeds 1..169 fail, the earlier ones (2, 3, 4, 5, 8, 10, 12, 16) by prefix-consistency or quorum-commit first, in 71 s (fuzz --max-failures 60 --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 2 (committed-log-durability) plain with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 49 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 22-50 from other helpers); the same seed passes with the bug off. Under generator v2: first at seed 1 (committed-log-durability; 125 of seeds 1..200: 66 committed-log-durability, 58 quorum-commit, 1 zxid-order) in 6.8 s plain (before the epoch << 32 zxid: seed 3, quorum-commit, 58/200); --swarm not re-measured (was seed 2, 89/200); the same 200 seeds pass with the bug off (fuzz --workers 1, 2-core AMD EPYC, Node 20, load about 6 from other helpers)",
    },
  },
  {
    id: 'ZK-1208',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1208',
    summary:
      "Ephemeral node not removed after the client session is long gone: checkSession lets a closing session through, so a create prepared after the session's closeSession (a learner's forwarded create racing the leader's expiry) makes an ephemeral that the closeSession did not list and nothing ever deletes",
    component: 'sessions',
    codePath:
      'protocol/server/ZooKeeperServer.ts checkSession → protocol/server/SessionTracker.ts checkSession (SessionTrackerImpl.checkSession: session.isClosing(), added by fa9e821e9)',
    expectedChecker: 'session',
    // The create proposed after the closeSession is a request of a closed session applied:
    // session-expiry fires on the same txn (zk-1208.txt).
    alsoFoundBy: ['session-expiry'],
    affects: '3.3.3',
    fixedIn: '3.3.4',
    fixedBy: 'fa9e821e9 ZOOKEEPER-1208 (in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: true,
      firstSeed: 258,
      checker: 'session-expiry',
      measured:
        "first at seed 258 (session-expiry: s3 delivered 0x10000003a, a setData of session 0x3a205b3d0d60000, after its closeSession at 0x100000039) --swarm with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL): the JIRA's race — leader s3 expires the session at 18 s and proposes its closeSession, whose quorum ACK takes 4.6 s to come; c2's setData, sent to follower s1 before c2 timed out, is forwarded and prepared at the leader in between, is not refused, and is applied after the closeSession (an ephemeral create there is the JIRA's leaked node: session). Seeds 1..258 in about 370 s (0.7 seeds/s, fuzz --max-failures 4 --workers 1, 2-core AMD EPYC, Node 20, load about 10 with other helpers) held 4 failures: 16 (ZK-1549's, on in every release), 249 (session) and 256 (session-expiry) fail with no --bug too, 258 this bug; the same seed passes with the bug off. Before (generator v3, v2): none in seeds 1..300 of 3 servers, plain or --swarm, nor 1..200 of 5 servers --swarm. test/ensemble/sessions.test.ts opens the race by hand and the session checker fires",
    },
  },
  {
    id: 'ZK-1732',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1732',
    summary:
      "ZooKeeper server unable to join established ensemble: without updateElectionVote a server's vote keeps the peerEpoch it was elected or joined with, so a learner that joined a leader out of election and reached it only after it was re-elected for a new epoch reports a peerEpoch its leader does not; a server starting later finds no quorum of agreeing FOLLOWING/LEADING votes and stays LOOKING",
    component: 'election',
    codePath:
      'protocol/zab/Leader.ts startZkServer and protocol/zab/Learner.ts onUpToDate (QuorumPeer.updateElectionVote, added by the fix); the votes are compared in protocol/election/FastLeaderElection.ts receivedFollowingNotification',
    expectedChecker: 'election-liveness',
    affects: '3.4.5',
    fixedIn: '3.4.6',
    fixedBy:
      '42dea0dcf ZOOKEEPER-1732 (branch-3.4, in release-3.4.6; trunk c6ee0139d, in release-3.5.0 and release-3.8.0-1)',
    unfound: {
      measured:
        "none in 3-server --swarm seeds 1..357 run to 200 s (--until 200000) under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL): its 3 failures were 141 and 256 (fail with no --bug too) and 357 (ZK-1549's), none election-liveness (fuzz --max-failures 3 --workers 1, 0.44 seeds/s at load 10-16); nor 5-server --swarm seeds 1..400 run to 200 s: 2 failures, 251 and 386 (session, with no --bug too) (0.3 seeds/s). Why it stays unfound: (1) election-liveness cannot fire in the faults scenario's own runs, which end 50 s after their last fault (heal at 45 s, end at 95 s) while the checker allows a server 110 s of LOOKING — hence --until 200000; (2) runs that long first exposed ZOOKEEPER-453's stale SendWorker, which zksim had: 3-server --swarm seeds 4, 15 and 36 of 1..36 failed election-liveness with no bug (now fixed, and --bug ZK-453); (3) the bug's precondition is rare: a LOOKING server heard FOLLOWING/LEADING votes for one leader with different peerEpochs in 2 of 3-server --swarm seeds 1..40 (37, 38: an ad hoc probe over fle.recv), and in both it joined anyway (run to 200 s, both pass). Before: none in seeds 1..300 of 3 servers, plain or --swarm, nor 1..200 of 5 servers --swarm (fuzz faults --bug ZK-1732 --workers 1; 1.3-2.2 seeds/s on the shared 2-core machine, load 10-15). It needs a learner to join a leader out of election and reach it only after that leader lost its quorum and was elected again for a new epoch (its connection slower than the re-election), and then another server to start: zk-1732.txt times it with a slowed link and step-triggered crashes, and election-liveness fires",
      test: 'test/protocol/testdata/zk-1732.txt',
    },
    until: 200_000,
  },
  {
    id: 'ZK-2846',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-2846',
    summary:
      "Leader follower sync with on disk txns can possibly lead to data inconsistency: syncFollower sends a learner behind the committedLog the leader's txn log as it is on disk, and a leader that was itself synced by SNAP has a hole there (the snapshot's txns were never logged): the learner gets a DIFF that skips them",
    component: 'sync',
    codePath:
      'protocol/zab/LearnerHandler.ts syncFollower (ZKDatabase.getProposalsFromTxnLog → TxnLogProposalIterator, queueCommittedProposals)',
    expectedChecker: 'prefix-consistency',
    // The learner's DIFF skips the hole: its log jumps over it (zk-2846.txt), acknowledged writes
    // in the hole are gone from it.
    alsoFoundBy: ['zxid-order', 'durability'],
    affects: '3.5.0',
    fixedBy:
      'none: the JIRA is open; PR #314 (c2a1ec8f9, QuorumPeerMainTest.testDataLostInDiskTxnSync) is only the test that shows it. On-disk txn sync came with ZOOKEEPER-1413 (885c895e5, release-3.5.0); ZOOKEEPER-2418 (84ff9d3de, release-3.6.0) only catches a txn log that ends before the committedLog starts',
    unfound: {
      measured:
        "none in seeds 1..553 of 5 servers --swarm under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL) by any checker of this bug: the failures were seed 210 (session-expiry on a multi refused for a closing session, a checker false positive since fixed) and 251, 386, 553 (session), which fail with no --bug too (fuzz --max-failures 3 --workers 1, 0.4-0.9 seeds/s at load about 10). The path does not run: over 5-server --swarm seeds 1..40 syncFollower read the txn log 36 times, 4 reads returned txns and none had a hole (an ad hoc probe wrapping ZKDatabase.getProposalsFromTxnLog) — 3.8 reads it only when the learner's zxid is in the leader's newest log file (FileTxnIterator.getStorageSize of the files after it, against calculateTxnLogSizeLimit), and a hole needs a leader synced by SNAP into that same file. Before: none in its generator-v2 campaign seed 56 under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts): nor by prefix-consistency in 5-server --swarm seeds 1..300 (fuzz --stop-on-failure --workers 1, 0.6 seeds/s at load 7-9): seed 268 fails durability first (one of its alsoFoundBy; not checked with the bug off), no other seed of 1..300 fails. Under generator v2: first at seed 56 (prefix-consistency: a learner delivers past the hole) --swarm with 5 servers, about 1.5 min: 5 of seeds 1..300 (56, 93, 225, 262, 294: prefix-consistency 2, durability 2, zxid-order 1; every one passes with the bug off). Also: 5 servers plain 1 of 1..300 (seed 59, zxid-order); 3 servers --swarm 2 of 1..300 (133, 151, prefix-consistency; its 144 and 161 fail with the bug off too — a TRUNC reloading a snapshot newer than the cut, see test/protocol/testdata/snapshots.txt); 3 servers plain none in 1..300 (fuzz --workers 1, 0.7-1.8 seeds/s, 2-core AMD EPYC, Node 20, load 15-17 from other helpers). The hole needs a leader that was synced by SNAP without restarting since: 3.8 reads the txn log only within calculateTxnLogSizeLimit, i.e. the peer's zxid in the newest log file",
      test: 'test/protocol/testdata/zk-2846.txt',
    },
  },
  {
    id: 'ZK-2325',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-2325',
    summary:
      "Data inconsistency if all snapshots empty or missing: FileTxnSnapLog.restore ignores that no valid snapshot was found and replays the txn log onto an empty tree, so a server whose snapshots were emptied (a full disk) or deleted comes back with only what its log still holds — the txns before its last snapshot, whose log files were purged, are gone — and reports the log's last zxid as its own",
    component: 'persistence',
    codePath: 'protocol/storage/ZKDatabase.ts loadDataBase (FileTxnSnapLog.restore: deserializeResult == -1)',
    expectedChecker: 'zxid-order',
    affects: '3.4.0',
    fixedIn: '3.5.3',
    fixedBy:
      '3cdaeedf8 ZOOKEEPER-2325 (branch-3.5, release-3.5.3; master 7c51b01e8, release-3.6.0; in release-3.8.0-1; the branch-3.4 commit afd34f286 is in no 3.4 release tag)',
    unfound: {
      measured:
        "none in 3-server --swarm seeds 1..30 under generator v4 (workload v2) either: over their 257 database loads (restarts, TRUNCs, unfinished SNAPs) not one found log files without a valid snapshot (an ad hoc probe wrapping ZKDatabase.loadDataBase), so --bug ZK-2325 never changes a run; no fault kind empties or deletes a snapshot. Before: none in seeds 1..300 of 3 servers, plain or --swarm (fuzz faults --bug ZK-2325 --workers 1): the bug never acts — plain's events are the clean sweep's, event for event. It needs a server with log files and no valid snapshot, which no fault makes: a crash loses only an unsynced snapshot, and every server keeps an older one (snapshot.0 of its first start, written back within milliseconds). The JIRA's reproduction — snapshots emptied or deleted while the server is down — is done by hand in test/protocol/testdata/zk-2325.txt and test/storage/persistence38.test.ts, and zxid-order fires on what the server replayed onto an empty tree",
      test: 'test/storage/persistence38.test.ts',
    },
  },
  {
    id: 'ZK-1549',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1549',
    summary:
      "A TRUNC reloads a dirty snapshot (the class of ZOOKEEPER-1549, open; its JIRA text was not readable here): Leader.lead → zk.loadData() → takeSnapshot() writes the elected server's tree with its uncommitted tail; if it never establishes and is later told to TRUNC below that tail, FileTxnSnapLog.truncateLog cuts only the log and the database reloads the newest snapshot — the dirty one — so the tail stays in its tree. 3.8's own behaviour: on in every release profile, the default's too",
    component: 'sync',
    codePath:
      'protocol/zab/Leader.ts lead (zk.loadData → takeSnapshot) with protocol/storage/ZKDatabase.ts truncateLog (FileTxnSnapLog.truncateLog keeps newer snapshots, then loadDataBase)',
    expectedChecker: 'prefix-consistency',
    affects: '3.5.0',
    fixedBy:
      "none in any release: ZOOKEEPER-1558 (0130ef91b, branch-3.4 only, 3.4.6–3.4.14) removed the lead() snapshot, the 3.5 line (release-3.5.0 on, master too) takes it again; ZOOKEEPER-4766 (PR #2153, b20fad0dd/3393296a6: zk.loadData(false) in Leader.lead) is in no release tag nor master. zksim's --no-lead-snapshot runs 1558's fix",
    unfound: {
      measured:
        "none in 3-server --swarm seeds 1..400 under generator 4 with the session checker as it now is (fuzz --max-failures 2 --workers 1, 2.5 seeds/s, load about 8): the seeds 16 and 357 this entry was pinned to were a session-checker false positive — the closeSession of 0x3a205b3d0d60001 (0x20000001c) was first delivered late, after another session had re-created /e0 (0x30000000c), and the old checker marked /e0 removed though a later create had made it again; a late closeSession now leaves a path a later txn touched as that txn left it, and both seeds pass. Seen in the 5-server clean sweep of the default instead (guided, generator 4): seeds 951, 1273, 2009, 2105 fail prefix-consistency ('truncated to … but reloaded its database up to … from a snapshot newer than the cut') and pass with --no-lead-snapshot. Before: first at seed 16 (session: c3 session 0x2a205b3d1470003 reads /e0, an ephemeral of session 0x3a205b3d0d60001 removed by its closeSession at 0x20000001c, from the server whose TRUNC reloaded its lead() snapshot) --swarm with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL); seeds 1..357 in 155 s (2.3 seeds/s, fuzz --max-failures 6 --workers 1, 2-core AMD EPYC, Node 20, load 7-11 with other helpers) held 6 failures: 16 and 357 this bug (session; each passes with --no-lead-snapshot), 173 and 210 session-expiry on a multi refused for a closing session (a checker false positive, fixed with this pin), 249 (session) and 256 (session-expiry) fail with --no-lead-snapshot and with no bug too: not this bug. By prefix-consistency: none in 1..88 (generator v4); under generator v3 first at seed 566 (prefix-consistency) --swarm with 3 servers, 1 of seeds 1..600 (about 1.2 seeds/s at load 1-3); under generator v2 seed 829 (a server TRUNCed to 0x400000004 reloads its lead() snapshot of 0x400000007), 1 of 1..829; each passes with --no-lead-snapshot. It is the default's own behaviour: a clean sweep of the default fails there (a real 3.8 divergence, not a zksim one). test/protocol/testdata/zk-1549.txt shows it by hand",
      test: 'test/protocol/testdata/zk-1549.txt',
    },
    offArgs: ['--no-lead-snapshot'],
  },
  {
    id: 'ZK-4685',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-4685',
    summary:
      'Leader shutdown due to follower replies PROPOSAL ack before NEWLEADER ack in Synchronization phase: in 3.8.0–3.8.4 Learner.syncWithLeader hands the synced txns to the SyncThread (fzk.logRequest), whose SendAckRequestProcessor ACKs each once fsynced, while the QuorumPeer thread goes on to writePacket(ACK of NEWLEADER); a PROPOSAL ACK that gets there first is read by LearnerHandler.run as the NEWLEADER ACK, Leader.waitForNewLeaderAck drops it ("from a different epoch"), and a leader that needed that follower gives up after initLimit ticks',
    component: 'sync',
    codePath:
      "protocol/zab/Learner.ts newLeaderSteps 'ack' (the QuorumPeer thread's writePacket racing the SyncThread, 3.8.0–3.8.4's order) → protocol/zab/Leader.ts readNewLeaderAck / waitForNewLeaderAck (LearnerHandler.run's first read after NEWLEADER)",
    expectedChecker: 'leadership',
    // As ZK-4643/4646: the release that first shipped ZOOKEEPER-3911's logRequest before the ACK.
    affects: '3.7.0',
    fixedIn: '3.8.5',
    fixedBy:
      '34f292924 ZOOKEEPER-4785 (the 3.8 backport #2132, release-3.8.5: the synced txns appended and fsynced by the QuorumPeer thread, their ACKs sent after the NEWLEADER ACK — "reply ACK of PROPOSAL after ACK of NEWLEADER to avoid leader shutdown due to timeout on waiting for a quorum of followers"); on master cdd13ca1f (ZOOKEEPER-4394/4643/4646/4685/3023). The JIRA page was not readable here: modelled from the PRs (#1993, #2111, #2152) and the code of the tags',
    campaign: {
      servers: 3,
      swarm: true,
      firstSeed: 7,
      measured:
        "first at seed 7 (leadership) --swarm with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL): seeds 2, 5 and 6 fail quorum-commit first (the ZK-4646 half of the same order); 8 of seeds 1..19 fail, 3 by leadership, in 16 s (fuzz --max-failures 8 --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 7 (leadership) --swarm with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts): seeds 2 and 6 fail quorum-commit first (the ZK-4646 half of the same order), in 18 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load about 2); the same seed passes with the bug off. Under generator v2: first at seed 4 (leadership: s3's LearnerHandler reads s1's ACK of a synced proposal as its NEWLEADER ACK) --swarm with 3 servers, --bug ZK-4685 (3.8.0–3.8.4's learner: 4643+4646's NEWLEADER order and the thread race): seeds 4 and 7 of 1..7 found by leadership; seeds 1, 3 and 5 fail quorum-commit first, the ZK-4646 half of the same order (its NEWLEADER ACK before the synced txns are durable), which --bug ZK-4685 brings (fuzz --max-failures 5 --workers 1, load 9-12, 2026-12-02). The race is drawn: a QuorumPeer thread preempted one time in four for up to 10 ms, against the disk model's 0.5-4 ms fsync — zksim's stand-in for the scheduler, not a number from the JIRA. Liveness does not catch it: the leader gives up after initLimit and the next election (the txns now logged, an empty DIFF) succeeds within the bound",
    },
  },
  {
    id: 'ZK-1419',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1419',
    summary:
      "Leader election never settles for a 5-node cluster: totalOrderPredicate's third clause, (newZxid == curZxid) && (newId > curId), does not require equal epochs, so a vote of a lower peerEpoch with the same zxid and a larger id wins; the order is not total (each of two such votes beats the other) and servers swap votes round after round",
    component: 'election',
    codePath:
      'protocol/election/Vote.ts totalOrderPredicate (FastLeaderElection.totalOrderPredicate), called by protocol/election/FastLeaderElection.ts handle and offer',
    expectedChecker: 'vote-order',
    affects: '3.4.0',
    fixedIn: '3.4.4',
    fixedBy:
      '6125ab947 ZOOKEEPER-1419 (branch-3.4, release-3.4.4; trunk 3487bc0dc, release-3.5.0; in release-3.8.0-1). The predicate with epochs came with ZOOKEEPER-1082 (776db7808, release-3.4.0)',
    campaign: {
      servers: 3,
      swarm: true,
      firstSeed: 5,
      measured:
        "first at seed 5 (vote-order) --swarm with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 7 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 38 (vote-order) --swarm with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 15 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load about 4); the same seed passes with the bug off. Under generator v2: first at seed 20 (vote-order) of 3-server --swarm (fuzz faults --bug ZK-1419 --workers 1, 1.3 seeds/s on the shared 2-core machine); none in seeds 1..100 of plain (--search random): it needs two servers with the same last zxid and different currentEpochs (a NEWLEADER that reached one of them and no txn since) looking together. test/protocol/testdata/zk-1419.txt times it by hand",
    },
  },
  {
    id: 'ZK-1366',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1366',
    summary:
      'Zookeeper should be tolerant of clock adjustments: the session tracker (ExpiryQueue, SessionTrackerImpl) reads System.currentTimeMillis(), so a wall-clock step forward expires sessions their clients kept alive (all at once, within their timeout), and a step back leaves dead sessions unexpired past their timeout',
    component: 'sessions',
    codePath:
      'protocol/server/SessionTracker.ts (ExpiryQueue.update, poll, getWaitTime, the ExpiryQueue constructor: its now()), wired in protocol/server/ZooKeeperServer.ts',
    expectedChecker: 'session-expiry',
    affects: '3.0.0',
    fixedIn: '3.5.1',
    fixedBy:
      '1e71c47b0 ZOOKEEPER-1366 (branch-3.5, release-3.5.1; master 2789d1df0, release-3.6.0; in release-3.8.0-1): Time.currentElapsedTime() (System.nanoTime). No 3.4 release has it',
    campaign: {
      servers: 3,
      swarm: true,
      firstSeed: 1,
      measured:
        "first at seed 1 (session-expiry) --swarm with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 3 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 4 (session-expiry) --swarm with 3 servers under generator v3 (silent partitions, reset/power-off/pause faults, 3.8's detection timeouts), in 5 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load about 4); the same seed passes with the bug off. Under generator v2: first at seed 33 (session-expiry: a leader whose wall clock stepped back had not expired a session 14 s after it last heard from it, timeout 10 s) of 3-server --swarm (fuzz faults --bug ZK-1366 --workers 1, 1 seed/s on the shared 2-core machine): the swarm's clock episodes step a server's wall clock. test/protocol/testdata/zk-1366.txt steps the leader's clock forward and the session expires 1.7 s after it was heard from",
    },
  },
  {
    id: 'ZK-1412',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1412',
    summary:
      "java client watches inconsistently triggered on reconnect: FinalRequestProcessor's reply header carries request.zxid, for a read the zxid Prep gave it (zks.getZxid(): the last assigned, ahead of the tree, at the leader) or -1 (a learner's read, which never passes Prep), not the tree's last processed zxid; the client's lastZxid then lags (or leads) what it has seen, and setWatches on a reconnect fires watches for changes the client had already seen (or the replies claim states the events contradict)",
    component: 'sessions',
    codePath:
      'protocol/server/FinalRequestProcessor.ts processRequest (the reply header: request.zxid; set by protocol/server/PrepRequestProcessor.ts processRequest)',
    expectedChecker: 'watches',
    affects: '3.3.0',
    fixedIn: '3.3.5',
    fixedBy:
      '3a0e0435a ZOOKEEPER-1412 (branch-3.3, release-3.3.5; branch-3.4 77bbae1b1, release-3.4.4; in release-3.8.0-1): getDataTreeLastProcessedZxid() in the reply header',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 6,
      measured:
        "first at seed 6 (watches) plain with 3 servers under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 9 s (fuzz --stop-on-failure --workers 1, 2-core AMD EPYC, Node 20, load 3-4 with other helpers); the same seed passes with the bug off. Before: first at seed 1 (watches: a data watch set by a read at the leader, whose reply claimed 0x10000002b, fired NodeDataChanged for a change at or below it) of 3-server plain (fuzz faults --search random --bug ZK-1412 --workers 1); seeds 1..6 all fail. zk-1412.txt is the JIRA's test (FollowerResyncConcurrencyTest.testFollowerWatcherResync): a follower's read replies -1, the reconnect's setWatches fires NodeDataChanged for the create the client saw",
    },
  },
  {
    id: 'ZK-453',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-453',
    summary:
      'Worker is not removed in QuorumCnxManager upon crash: when a smaller sid connects, handleConnection hangs up and calls connectOne to connect back, but keeps the SendWorker of the connection it still holds to that server; connectOne finds it in senderWorkerMap and does nothing. A server that powered off (or was cut off by a silent partition) and came back is never connected back to by the larger sids that did not notice its connection go, and stays LOOKING',
    component: 'election',
    codePath:
      'protocol/election/QuorumCnxManager.ts onMessage (QuorumCnxManager.handleConnection: SendWorker.finish() before connectOne for a smaller sid)',
    expectedChecker: 'election-liveness',
    // No release tag has it: release-3.1.1's handleConnection finishes the worker; the 3.2 trunk's
    // rewrite lost that, and 8d2ae2849 put it back before release-3.2.0 (its FLERestartTest
    // restarts a server and waits for the election). As ZK-1136: affects the version then under
    // development. The JIRA page was not readable here: modelled from the fix commit.
    affects: '3.2.0',
    fixedIn: '3.2.0',
    fixedBy: '8d2ae2849 ZOOKEEPER-453 (release-3.2.0 is the first tag with it; in release-3.8.0-1)',
    campaign: {
      servers: 3,
      swarm: true,
      firstSeed: 4,
      measured:
        "first at seed 4 (election-liveness: s1, powered off at 25.6 s and back at 26.8 s, still LOOKING 110 s later: s2 and s3 kept their connections to it, which the power-off left silent, and never connected back) --swarm with 3 servers, runs to 200 s (--until 200000: the faults scenario's own end, 50 s after its last fault, is shorter than election-liveness's 110 s bound, so that checker cannot fire in it) under generator v4 (workload v2: closes holding ephemerals, client crashes, vanishes and pauses, reconnects, every watch kind, ACLs, multiRead, containers, TTL), in 14 s (fuzz --stop-on-failure --workers 1, 0.35 seeds/s, 2-core AMD EPYC, Node 20, load about 10 with other helpers); the same seed passes with the bug off. With the scenario's own end (no --until) seed 4 and all of 1..15 pass, 16 fails ZK-1549's session. Before its fix was modelled (zksim had this bug, everywhere), 3 of seeds 1..36 (4, 15, 36) failed so with no --bug. Silence made it reachable (issue 11): a crash resets the peer's connection and the stale worker goes with it",
    },
    until: 200_000,
  },
];
