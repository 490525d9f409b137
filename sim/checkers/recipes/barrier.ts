// barrier (recipe-barrier, scenarios/recipes/barrier.ts): what a double barrier promises, from
// the participants' `recipe` events.
// 1. nobody passes before everyone entered: when a participant passes the enter barrier of
//    round k (starts the round's work), every participant has arrived in round k (its node in
//    the round's barrier existed: `barrier-arrived`);
// 2. everyone passes (liveness; the faults heal long before the end): by the end every
//    participant has passed the enter barrier and left the leave barrier of every round.
import type { Checker, World } from '../../engine/world.ts';
import type { TraceEvent } from '../../engine/trace.ts';

/** How many rounds recipe-barrier's participants go through. */
export const BARRIER_ROUNDS = 6;

export class BarrierChecker implements Checker {
  readonly name = 'barrier';
  readonly kinds = ['recipe'] as const;
  /** round → who has arrived / passed / left. */
  private readonly arrived = new Map<number, Set<string>>();
  private readonly passed = new Map<number, Set<string>>();
  private readonly left = new Map<number, Set<string>>();

  constructor(
    readonly participants: readonly string[],
    readonly rounds: number,
  ) {}

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k !== 'recipe') return;
    if (ev.what === 'barrier-arrived') of(this.arrived, ev.round).add(ev.n);
    else if (ev.what === 'barrier-left') of(this.left, ev.round).add(ev.n);
    else if (ev.what === 'barrier-passed') {
      of(this.passed, ev.round).add(ev.n);
      const arrived = of(this.arrived, ev.round);
      const missing = this.participants.filter((p) => !arrived.has(p));
      if (missing.length > 0)
        world.violate(
          this.name,
          `${ev.n} passed the enter barrier of round ${ev.round} before ${missing.join(', ')} arrived (${arrived.size} of ${this.participants.length} had)`,
          ev.i,
        );
    }
  }

  finish(world: World): void {
    // a run stopped at a violation is not at its end: what the end is judged on has not happened
    if (world.violations.length > 0) return;
    for (let r = 1; r <= this.rounds; r++) {
      const passed = of(this.passed, r);
      const left = of(this.left, r);
      const stuck = this.participants.filter((p) => !passed.has(p) || !left.has(p));
      if (stuck.length > 0) {
        const where = stuck.map((p) => `${p} ${passed.has(p) ? 'in the leave barrier' : 'in the enter barrier'}`);
        world.violate(this.name, `round ${r} never completed: ${where.join(', ')} at the end`);
        return;
      }
    }
  }
}

function of(m: Map<number, Set<string>>, round: number): Set<string> {
  let s = m.get(round);
  if (!s) m.set(round, (s = new Set()));
  return s;
}
