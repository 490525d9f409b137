// The bug catalog: each historical ZooKeeper bug that `--bug ID` switches back on (at its real
// code path in protocol/), what it broke, and which checker finds it.
import type { BugId } from '../protocol/bugs.ts';

export interface CatalogBug {
  id: BugId;
  jira: string;
  summary: string;
  component: 'election' | 'discovery' | 'sync' | 'broadcast' | 'persistence' | 'sessions';
  /** Where the mistake is, in protocol/. */
  codePath: string;
  expectedChecker: string;
  /** A measured campaign: `zksim fuzz faults --servers 3 --bug ID --seeds 1..of --workers 1`, plain and --swarm. */
  measured?: { plain: Detection; swarm: Detection; machine: string };
}

export interface Detection {
  /** The first seed that fails (by expectedChecker); the test replays that one seed. */
  firstSeed: number;
  /** Failing seeds of the campaign 1..of (the same seeds pass with the bug off). */
  failed: number;
  of: number;
  /** fuzz's own wall time over seeds 1..firstSeed, s. */
  wallToFirstS: number;
}

export const BUG_CATALOG: readonly CatalogBug[] = [
  {
    id: 'ZK-3911',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-3911',
    summary: 'Data inconsistency caused by DIFF sync uncommitted log: a follower ACKs NEWLEADER before logging the txns it was synced (they are logged only at UPTODATE)',
    component: 'sync',
    codePath: 'protocol/zab/Learner.ts onNewLeader',
    expectedChecker: 'quorum-commit',
  },
  {
    id: 'ZK-4646',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-4646',
    summary: 'Committed txns may be lost if followers crash after replying ACK of NEWLEADER but before writing txns to disk: the ACK does not wait for the fsync',
    component: 'sync',
    codePath: 'protocol/zab/Learner.ts onNewLeader',
    expectedChecker: 'quorum-commit',
  },
  {
    id: 'ZK-1264',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1264',
    summary: 'FollowerResyncConcurrencyTest failing intermittently: a follower loses the txns proposed while it syncs — after NEWLEADER it applies COMMITs in memory only and drops the proposals still uncommitted at UPTODATE (never logged nor acked)',
    component: 'broadcast',
    codePath: 'protocol/zab/Learner.ts onSyncPacket (COMMIT) / onUpToDate',
    expectedChecker: 'zxid-order',
    measured: {
      plain: { firstSeed: 6, failed: 12, of: 200, wallToFirstS: 2.77 },
      swarm: { firstSeed: 3, failed: 16, of: 200, wallToFirstS: 1.65 },
      machine: '2-core AMD EPYC, Node 20, --workers 1, load average about 6 from other helpers (2026-11-23)',
    },
  },
  {
    id: 'ZK-1154',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1154',
    summary: 'Data inconsistency when the node(s) with the highest zxid is not present at the time of leader election: a learner whose last zxid is not in the leader\'s committed log (an old epoch\'s uncommitted tail) gets a DIFF of what follows instead of a TRUNC to the last common zxid first, and keeps txns nobody committed',
    component: 'discovery',
    codePath: 'protocol/zab/LearnerHandler.ts queueCommittedProposals (syncFollower)',
    expectedChecker: 'prefix-consistency',
    measured: {
      plain: { firstSeed: 1, failed: 90, of: 200, wallToFirstS: 1.45 },
      swarm: { firstSeed: 1, failed: 91, of: 200, wallToFirstS: 0.64 },
      machine: '2-core AMD EPYC, Node 20, --workers 1, load average about 6 from other helpers (2026-11-23)',
    },
  },
  {
    id: 'ZK-1291',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1291',
    summary: 'AcceptedEpoch not updated at leader before it proposes the epoch to followers: the leader sends LEADERINFO without writing its own acceptedEpoch, then writes currentEpoch above it',
    component: 'discovery',
    codePath: 'protocol/zab/Leader.ts checkEpochQuorum (getEpochToPropose)',
    expectedChecker: 'epoch-monotonic',
    measured: {
      plain: { firstSeed: 1, failed: 50, of: 50, wallToFirstS: 0.04 },
      swarm: { firstSeed: 1, failed: 50, of: 50, wallToFirstS: 0.03 },
      machine: '2-core AMD EPYC, Node 20, --workers 1, load average about 6 from other helpers (2026-11-23)',
    },
  },
];
