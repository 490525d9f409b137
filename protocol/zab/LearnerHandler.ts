// LearnerHandler: the leader's side of one learner connection. It learns who the learner is
// from FOLLOWERINFO/OBSERVERINFO, and keeps tickOfNextAckDeadline: a learner that has not been
// heard from within syncLimit ticks is no longer synced.
import type { ConnId } from '../actor.ts';
import type { LearnerInfo } from './packets.ts';

export class LearnerHandler {
  sid: number | undefined;
  learnerType: 'participant' | 'observer' | undefined;
  info: LearnerInfo | undefined;
  tickOfNextAckDeadline = 0;
  alive = true;

  constructor(readonly conn: ConnId) {}

  /** Is the learner synced (alive and heard from recently enough)? */
  synced(currentTick: number): boolean {
    return this.alive && this.sid !== undefined && currentTick <= this.tickOfNextAckDeadline;
  }
}
