// mutual-exclusion (the lock recipes): no two clients act as holder at the same instant, and the
// protected resource is written only by the current holder (holders.ts has both rules), judged
// on simulated global time from the recipe events and the resource's accepted writes.
import type { Checker, World } from '../../engine/world.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import { Holders } from './holders.ts';

export class MutualExclusionChecker implements Checker {
  readonly name = 'mutual-exclusion';
  readonly kinds = ['recipe', 'proc'] as const;
  private readonly holders = new Holders(this.name, 'lock', { holds: 'holds the lock', who: 'holder' });

  onEvent(ev: TraceEvent, world: World): void {
    this.holders.onEvent(ev, world);
  }
}
