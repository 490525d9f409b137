// election-liveness: with no faults in force, elections end.
// 1. No running server stays LOOKING for more than 60 s (the notification back-off's cap, see
//    defaultBounds) + initLimit × tickTime + 2 × syncLimit × tickTime + 10 s at a stretch
//    (110 s with the docs' tickTime 2000, initLimit 10, syncLimit 5),
//    counted from the later of the moment it began looking and the last disturbance (process
//    start, crash, pause, resume, fault), and only while a quorum of voters runs with no
//    partition or pause. The 10 s cover the notification back-off reaching 6.4 s and a
//    learner's 5 connection tries; initLimit ticks cover a leader elected on a vote that
//    changed during finalizeWait: its followers answer every LOOKING server with FOLLOWING or
//    LEADING, so the rest cannot form a quorum until it gives up waiting for its learners.
// 2. The ensemble settles: once 60 s + 2 × initLimit × tickTime + 2 × syncLimit × tickTime + 10 s
//    (130 s) have passed since the last disturbance, exactly one server leads and every other
//    running server follows or observes it. (FastLeaderElection can elect two leaders in one
//    round when a vote changes during finalizeWait; the one without a quorum of learners gives
//    up after initLimit ticks, and its followers after the same time.)
// The detection timeouts, 2 × syncLimit ticks in both: a partition is silence, so a server left
// FOLLOWING a leader that lost its quorum during the cut notices only when its read times out
// (syncLimit ticks: Learner.syncWithLeader's soTimeout), and that leader only when its learners'
// ack deadlines pass (Leader.lead's synced(), LearnerHandler's read timeout: syncLimit ticks);
// until then they answer LOOKING servers with FOLLOWING/LEADING and keep them from a quorum.
// Both bounds are global time for timeouts that run by the servers' monotonic clocks: while a
// server's clock runs slow (clock-drift) they stretch by its rate (clock-rates.ts).
import type { Checker } from '../engine/world.ts';
import type { RoleTracker } from '../faults/roles.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';
import { ClockRates } from './clock-rates.ts';

export const LOOKING_SLACK_MS = 10_000;

export interface LivenessBounds {
  lookingMs: number;
  settleMs: number;
}

/**
 * A server LOOKING through a long partition has backed its notifications off towards
 * maxNotificationInterval (60 s): after the heal it may only speak up again that much later,
 * and a LOOKING server that hears FOLLOWING notifications cannot join until it hears the
 * leader's own (found by fault runs with leader isolation; real 3.8 behaves the same).
 */
export const MAX_NOTIFICATION_INTERVAL_MS = 60_000;

export function defaultBounds(tickTime = 2000, initLimit = 10, syncLimit = 5): LivenessBounds {
  const detect = 2 * syncLimit * tickTime;
  return {
    lookingMs: MAX_NOTIFICATION_INTERVAL_MS + initLimit * tickTime + detect + LOOKING_SLACK_MS,
    settleMs: MAX_NOTIFICATION_INTERVAL_MS + 2 * initLimit * tickTime + detect + LOOKING_SLACK_MS,
  };
}

export class ElectionLivenessChecker implements Checker {
  readonly name = 'election-liveness';
  private lastDisturbanceUs = 0;
  private reported = false;
  private readonly rates = new ClockRates();

  constructor(
    private readonly voters: readonly number[],
    private readonly servers: readonly number[],
    private readonly roles: RoleTracker,
    private readonly bounds: LivenessBounds = defaultBounds(),
  ) {}

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'proc' || ev.k === 'fault') {
      this.rates.track(ev);
      this.lastDisturbanceUs = ev.t;
      this.reported = false;
      return;
    }
    if (!this.reported && ev.t - this.lastDisturbanceUs > this.lookingMs() * 1000) this.checkLooking(world, ev.i);
  }

  finish(world: World): void {
    if (this.reported) return;
    this.checkLooking(world, world.trace.count - 1);
    if (!this.reported && world.now - this.lastDisturbanceUs > this.settleMs() * 1000) this.checkSettled(world);
  }

  /** The bounds, in global ms, at the slowest clock rate in force. */
  private lookingMs(): number {
    return Math.round(this.rates.stretch(this.bounds.lookingMs));
  }
  private settleMs(): number {
    return Math.round(this.rates.stretch(this.bounds.settleMs));
  }

  /** Faults are in force (a partition or a paused process), or no quorum of voters runs. */
  private exempt(world: World): boolean {
    if (world.net.partitions().length > 0) return true;
    if ([...world.nodes.values()].some((n) => n.state === 'paused')) return true;
    const running = this.voters.filter((sid) => world.node(`s${sid}`).state === 'up');
    return running.length <= Math.floor(this.voters.length / 2);
  }

  private up(world: World): number[] {
    return this.servers.filter((sid) => world.node(`s${sid}`).state === 'up');
  }

  private checkLooking(world: World, event: number): void {
    if (this.exempt(world)) return;
    const late: string[] = [];
    for (const sid of this.up(world)) {
      const info = this.roles.roles.get(`s${sid}`);
      if (info && info.role !== 'looking') continue;
      const sinceUs = Math.max(this.lastDisturbanceUs, info ? info.since * 1000 : 0);
      if (world.now - sinceUs > this.lookingMs() * 1000)
        late.push(`${sid} (${((world.now - sinceUs) / 1000).toFixed(0)} ms)`);
    }
    if (late.length === 0) return;
    this.reported = true;
    world.violate(
      this.name,
      `server(s) ${late.join(', ')} still LOOKING, more than ${this.lookingMs()} ms, with a quorum of voters running and no fault in force`,
      event,
    );
  }

  private checkSettled(world: World): void {
    if (this.exempt(world)) return;
    const up = this.up(world);
    const leaders = up.filter((sid) => this.roles.role(`s${sid}`) === 'leading');
    const unsettled =
      leaders.length !== 1
        ? up
        : up.filter((sid) => sid !== leaders[0] && this.roles.roles.get(`s${sid}`)?.leader !== leaders[0]);
    if (leaders.length === 1 && unsettled.length === 0) return;
    this.reported = true;
    const roles = up.map((sid) => `${sid}:${this.roles.role(`s${sid}`)}`).join(' ');
    world.violate(
      this.name,
      `ensemble not settled ${((world.now - this.lastDisturbanceUs) / 1000).toFixed(0)} ms after the last disturbance (bound ${this.settleMs()} ms): ${roles}`,
      world.trace.count - 1,
    );
  }
}
