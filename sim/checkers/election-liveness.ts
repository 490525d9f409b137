// election-liveness: with no faults, every running voting server leaves LOOKING within a bound.
// The clock starts at the last disturbance (a process start, crash, pause, resume, or fault)
// and only once a quorum of voters is running; while a partition or pause is in force the
// check waits. Bound: 10 s, which covers the notification back-off reaching 6.4 s and the
// learner's 5 connection tries.
import type { Checker } from '../checker.ts';
import type { RoleTracker } from '../roles.ts';
import type { TraceEvent } from '../trace.ts';
import type { World } from '../world.ts';

export const ELECTION_BOUND_MS = 10_000;

export class ElectionLivenessChecker implements Checker {
  readonly name = 'election-liveness';
  private lastDisturbanceUs = 0;
  private reported = false;

  constructor(
    private readonly voters: readonly number[],
    private readonly servers: readonly number[],
    private readonly roles: RoleTracker,
    private readonly boundMs = ELECTION_BOUND_MS,
  ) {}

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'proc' || ev.k === 'fault') {
      this.lastDisturbanceUs = ev.t;
      this.reported = false;
      return;
    }
    if (!this.reported && ev.t - this.lastDisturbanceUs > this.boundMs * 1000) this.check(world, ev.i);
  }

  finish(world: World): void {
    if (!this.reported && world.now - this.lastDisturbanceUs > this.boundMs * 1000) this.check(world, world.trace.count - 1);
  }

  private check(world: World, event: number): void {
    if (world.net.partitions().length > 0) return;
    const running = this.voters.filter((sid) => world.node(`s${sid}`).state === 'up');
    if ([...world.nodes.values()].some((n) => n.state === 'paused')) return;
    if (running.length <= Math.floor(this.voters.length / 2)) return;
    const up = this.servers.filter((sid) => world.node(`s${sid}`).state === 'up');
    const looking = up.filter((sid) => this.roles.role(`s${sid}`) === 'looking' || this.roles.role(`s${sid}`) === 'down');
    if (looking.length === 0) return;
    this.reported = true;
    world.violate(
      this.name,
      `server(s) ${looking.join(',')} still LOOKING ${((world.now - this.lastDisturbanceUs) / 1000).toFixed(0)} ms after the last disturbance, with ${running.length} of ${this.voters.length} voters running`,
      event,
    );
  }
}
