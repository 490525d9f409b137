// Observer: a non-voting learner. It introduces itself with OBSERVERINFO, gets committed txns
// as INFORM, and never acks.
import { Learner } from './Learner.ts';

export class Observer extends Learner {
  protected readonly infoType = 'OBSERVERINFO' as const;
  protected readonly observer = true;
}
