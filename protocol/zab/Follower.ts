// Follower: a voting learner. It introduces itself with FOLLOWERINFO and acks proposals.
import { Learner } from './Learner.ts';

export class Follower extends Learner {
  protected readonly infoType = 'FOLLOWERINFO' as const;
  protected readonly observer = false;
}
