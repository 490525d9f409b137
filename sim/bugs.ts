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
  },
  {
    id: 'ZK-1154',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1154',
    summary: 'Data inconsistency when the node(s) with the highest zxid is not present at the time of leader election: a learner whose last zxid is not in the leader\'s committed log (an old epoch\'s uncommitted tail) gets a DIFF of what follows instead of a TRUNC to the last common zxid first, and keeps txns nobody committed',
    component: 'discovery',
    codePath: 'protocol/zab/LearnerHandler.ts queueCommittedProposals (syncFollower)',
    expectedChecker: 'prefix-consistency',
  },
  {
    id: 'ZK-1291',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-1291',
    summary: 'AcceptedEpoch not updated at leader before it proposes the epoch to followers: the leader sends LEADERINFO without writing its own acceptedEpoch, then writes currentEpoch above it',
    component: 'discovery',
    codePath: 'protocol/zab/Leader.ts checkEpochQuorum (getEpochToPropose)',
    expectedChecker: 'epoch-monotonic',
  },
];
