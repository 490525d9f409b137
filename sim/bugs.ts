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
  /** Ensemble size the bug hunt (zksim bench --only bugs) and the catalog tests use; 3 if unset. */
  huntServers?: number;
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
];
