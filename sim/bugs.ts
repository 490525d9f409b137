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
  /**
   * The fuzz campaign of the faults scenario that finds it (test/bugs/sync.test.ts runs it:
   * seeds 1..firstSeed): plain or swarm, and what finding it took, measured.
   */
  campaign?: { servers: number; swarm: boolean; firstSeed: number; measured: string };
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
    id: 'ZK-2845',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-2845',
    summary: 'Data inconsistency due to retaining the database in leader election: when a role ends the in-memory database (committed txns only) is kept and not fast-forwarded to the txn log, so the peer reports a last zxid below its log; the new leader syncs it by DIFF instead of TRUNC, and an uncommitted txn left in its log reappears when it restarts',
    component: 'persistence',
    codePath: 'protocol/server/QuorumPeer.ts backToLooking (ZooKeeperServer.shutdown → zkDb.fastForwardDataBase in 3.8)',
    expectedChecker: 'quorum-commit',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 2,
      measured:
        'first at seed 2 (quorum-commit; 14 of seeds 1..100) in 3.5 s plain, seed 2 (34/100) in 2.5 s --swarm; 5 servers: seed 3 (14/100) in 6.1 s plain, seed 2 (28/100) in 3.0 s --swarm (fuzz --workers 1, 2-core AMD EPYC, Node 20, load 6-7 from other runs)',
    },
  },
  {
    id: 'ZK-3642',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-3642',
    summary: 'Data inconsistency when the leader crashes right after sending SNAP sync: the learner keeps the leader\'s tree in memory though it never reached disk (no NEWLEADER, no snapshot), reports its zxid in the next election, is synced by DIFF from there, and loses everything up to it when it restarts',
    component: 'persistence',
    codePath: 'protocol/zab/Learner.ts shutdown (zk.shutdown(syncMode == SNAP) in 3.8) → protocol/server/QuorumPeer.ts backToLooking',
    expectedChecker: 'TODO',
  },
  {
    id: 'ZK-4643',
    jira: 'https://issues.apache.org/jira/browse/ZOOKEEPER-4643',
    summary: 'Committed txns may be lost if a follower crashes after updating currentEpoch but before persisting the txns it was synced: at NEWLEADER currentEpoch is written first, so a crash in between leaves a server with the new epoch and a short log, whose vote beats servers that hold the txns',
    component: 'persistence',
    codePath: 'protocol/zab/Learner.ts onNewLeader',
    expectedChecker: 'epoch-monotonic',
    campaign: {
      servers: 3,
      swarm: false,
      firstSeed: 2,
      measured:
        'first at seed 2 (epoch-monotonic: currentEpoch durable before the synced txns; 73 of seeds 1..100) in 1.7 s plain, seed 1 (89/100) in 0.3 s --swarm; 5 servers: seed 2 (77/100) in 1.4 s plain, seed 1 (96/100) in 1.0 s --swarm (fuzz --workers 1, 2-core AMD EPYC, Node 20, load 6-7). Its consequence (the short-logged server winning an election) needs a crash in that window and the leader gone too: 600 --swarm seeds of the old checkers found none',
    },
  },
];
