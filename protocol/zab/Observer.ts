// Observer: a non-voting learner. It introduces itself with OBSERVERINFO and never acks.
import { Learner } from './Learner.ts';

export class Observer extends Learner {
  protected readonly infoType = 'OBSERVERINFO' as const;
}
