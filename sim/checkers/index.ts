// Every checker of a run, by its stable name. The Zab checkers share one replica model
// (replicas.ts): it is updated once per event, by whichever of them sees the event first.
import type { Checker } from '../engine/world.ts';
import type { RoleTracker } from '../faults/roles.ts';
import { AgreementChecker } from './agreement.ts';
import { ClientConsistencyChecker } from './client-consistency.ts';
import { CommittedLogDurabilityChecker } from './committed-log-durability.ts';
import { DigestChecker } from './digest.ts';
import { DurabilityChecker } from './durability.ts';
import { ElectionLivenessChecker, defaultBounds } from './election-liveness.ts';
import { EpochMonotonicChecker } from './epoch-monotonic.ts';
import { GlobalPrimaryOrderChecker } from './global-primary-order.ts';
import { IntegrityChecker } from './integrity.ts';
import { LeaderLogCompletenessChecker } from './leader-log-completeness.ts';
import { LeadershipChecker } from './leadership.ts';
import { LinearizableChecker } from './linearizable.ts';
import { LivenessChecker } from './liveness.ts';
import { LocalPrimaryOrderChecker } from './local-primary-order.ts';
import { PrefixConsistencyChecker } from './prefix-consistency.ts';
import { PrimaryIntegrityChecker } from './primary-integrity.ts';
import { QuorumCommitChecker } from './quorum-commit.ts';
import { Replicas } from './replicas.ts';
import { SessionChecker } from './session.ts';
import { SessionExpiryChecker } from './session-expiry.ts';
import { SingleSystemImageChecker } from './single-system-image.ts';
import { TotalOrderChecker } from './total-order.ts';
import { WatchesChecker } from './watches.ts';
import { VoteOrderChecker } from './vote-order.ts';
import { ZxidOrderChecker } from './zxid-order.ts';

export const checkerNames = [
  'leadership',
  'vote-order',
  'election-liveness',
  'zxid-order',
  'epoch-monotonic',
  'quorum-commit',
  'prefix-consistency',
  'integrity',
  'agreement',
  'total-order',
  'local-primary-order',
  'global-primary-order',
  'primary-integrity',
  'leader-log-completeness',
  'committed-log-durability',
  'durability',
  'session',
  'session-expiry',
  'watches',
  'single-system-image',
  'client-consistency',
  'digest',
  'linearizable',
  'liveness',
] as const;

export type CheckerName = (typeof checkerNames)[number];

export interface CheckerOptions {
  voters: number[];
  observers: number[];
  tickTime: number;
  initLimit: number;
  /** syncLimit (ticks): the liveness bounds add its detection timeouts (default 5, the docs' zoo.cfg). */
  syncLimit?: number;
  roles: RoleTracker;
}

/** One of each checker, in checkerNames order. */
export function allCheckers(opts: CheckerOptions): Checker[] {
  const { voters, observers, tickTime, initLimit, roles } = opts;
  const syncLimit = opts.syncLimit ?? 5;
  const m = new Replicas();
  return [
    new LeadershipChecker(voters),
    new VoteOrderChecker(),
    new ElectionLivenessChecker(
      voters,
      [...voters, ...observers],
      roles,
      defaultBounds(tickTime, initLimit, syncLimit),
    ),
    new ZxidOrderChecker(),
    new EpochMonotonicChecker(),
    new QuorumCommitChecker(voters, m),
    new PrefixConsistencyChecker(m),
    new IntegrityChecker(m),
    new AgreementChecker(m),
    new TotalOrderChecker(m),
    new LocalPrimaryOrderChecker(m),
    new GlobalPrimaryOrderChecker(m),
    new PrimaryIntegrityChecker(m),
    new LeaderLogCompletenessChecker(m),
    new CommittedLogDurabilityChecker(voters, m),
    new DurabilityChecker(m),
    new SessionChecker(),
    new SessionExpiryChecker(tickTime),
    new WatchesChecker(m),
    new SingleSystemImageChecker(),
    new ClientConsistencyChecker(),
    new DigestChecker(voters.length + observers.length),
    new LinearizableChecker(),
    new LivenessChecker({ voters, observers, tickTime, initLimit, syncLimit }),
  ];
}
