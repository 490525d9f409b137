// barrier (recipe-barrier, scenarios/recipes/barrier.ts): what a double barrier promises, from
// the participants' `recipe` events.
// 1. nobody passes before everyone entered: when a participant passes the enter barrier of
//    round k (starts the round's work), every participant has arrived in round k (its node in
//    the round's barrier existed: `barrier-arrived`);
// 2. everyone passes (liveness, once the faults heal): by the end every participant has passed
//    the enter barrier and left the leave barrier of every round — as many rounds as the time
//    after the calm allows: the calm is the heal, or the last time a server became leader after
//    it (with no leader nothing moves); from there the rounds all had completed, plus one per
//    ROUND_MS of what is left after a session timeout (an old session's node may have to expire).
import type { Checker, World } from '../../engine/world.ts';
import type { TraceEvent } from '../../engine/trace.ts';

/** How many rounds recipe-barrier's participants go through. */
export const BARRIER_ROUNDS = 6;
/** How long a round may take once calm (think 0..3 s, work 0.2..1.5 s, a few round trips), ms. */
export const ROUND_MS = 6000;

/** When the run is calm enough to judge liveness (without: every round is judged). */
export interface BarrierTiming {
  healMs: number;
  sessionTimeoutMs: number;
}

export class BarrierChecker implements Checker {
  readonly name = 'barrier';
  readonly kinds = ['recipe', 'state'] as const;
  /** round → when each participant left it (µs); the last time a server became leader. */
  private readonly leftAt = new Map<number, Map<string, number>>();
  private lastLeading = 0;
  /** round → who has arrived / passed / left. */
  private readonly arrived = new Map<number, Set<string>>();
  private readonly passed = new Map<number, Set<string>>();
  private readonly left = new Map<number, Set<string>>();

  constructor(
    readonly participants: readonly string[],
    readonly rounds: number,
    readonly timing?: BarrierTiming,
  ) {}

  onEvent(ev: TraceEvent, world: World): void {
    if (ev.k === 'state') {
      if (ev.state === 'LEADING') this.lastLeading = ev.t;
      return;
    }
    if (ev.k !== 'recipe') return;
    if (ev.what === 'barrier-arrived') of(this.arrived, ev.round).add(ev.n);
    else if (ev.what === 'barrier-left') {
      of(this.left, ev.round).add(ev.n);
      let at = this.leftAt.get(ev.round);
      if (!at) this.leftAt.set(ev.round, (at = new Map()));
      if (!at.has(ev.n)) at.set(ev.n, ev.t);
    } else if (ev.what === 'barrier-passed') {
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
    const due = this.roundsDue(world.now);
    for (let r = 1; r <= due; r++) {
      const passed = of(this.passed, r);
      const left = of(this.left, r);
      const stuck = this.participants.filter((p) => !passed.has(p) || !left.has(p));
      if (stuck.length > 0) {
        const where = stuck.map((p) => `${p} ${passed.has(p) ? 'in the leave barrier' : 'in the enter barrier'}`);
        const calm = this.timing
          ? ` (${due} rounds due by the end, from the calm at ${(this.calm() / 1e6).toFixed(3)} s)`
          : '';
        world.violate(this.name, `round ${r} never completed: ${where.join(', ')} at the end${calm}`);
        return;
      }
    }
  }

  private calm(): number {
    return Math.max((this.timing?.healMs ?? 0) * 1000, this.lastLeading);
  }

  /** How many rounds everyone must have completed by `end` (µs). */
  private roundsDue(end: number): number {
    if (!this.timing) return this.rounds;
    const calm = this.calm();
    let done = 0;
    for (let r = 1; r <= this.rounds; r++) {
      const at = this.leftAt.get(r);
      if (!at || !this.participants.every((p) => (at.get(p) ?? Number.POSITIVE_INFINITY) <= calm)) break;
      done = r;
    }
    const more = Math.floor((end - calm - this.timing.sessionTimeoutMs * 1000) / (ROUND_MS * 1000));
    return Math.min(this.rounds, done + Math.max(0, more));
  }
}

function of(m: Map<number, Set<string>>, round: number): Set<string> {
  let s = m.get(round);
  if (!s) m.set(round, (s = new Set()));
  return s;
}
