// Type-level cases of the trace schema (protocol/trace.ts, sim/engine/trace-events.ts), for
// emitters and for readers: each line after an @ts-expect-error must not compile, and the rest
// must. `npm run typecheck` checks them as they stand; test/sim/trace-schema.test.ts removes
// the directives and checks that each of those lines, and only those, is an error.
import type { Context } from '../../protocol/actor.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { firedFault } from '../../sim/faults/registry.ts';

export function emits(ctx: Context): void {
  ctx.trace('zab.logged', { zxid: 1 });
  ctx.trace('zab.sync', { peer: 2, mode: 'DIFF', peerLastZxid: 1, leaderLastZxid: 1 });
  // @ts-expect-error: no such kind
  ctx.trace('zab.loged', { zxid: 1 });
  // @ts-expect-error: no such field
  ctx.trace('zab.logged', { zxdi: 1 });
  // @ts-expect-error: a field of the wrong type
  ctx.trace('zab.logged', { zxid: '0x1' });
  // @ts-expect-error: a required field missing (zab.snap has from)
  ctx.trace('zab.snap', { zxid: 1 });
  // @ts-expect-error: a value the field does not take
  ctx.trace('zab.sync', { peer: 2, mode: 'DIFFS', peerLastZxid: 1, leaderLastZxid: 1 });
}

export function reads(ev: TraceEvent): number | undefined {
  switch (ev.k) {
    case 'zab.deliver':
      return ev.zxid + (ev.cxid ?? 0);
    case 'zab.commit':
      // @ts-expect-error: a typo in a field a checker reads
      return ev.acsk.length;
    case 'fault': {
      // A fault event is read as the fault of its kind (sim/faults/kinds/), through the registry.
      const { fault } = firedFault(ev);
      if (fault.type === 'partition') return fault.groups.length;
      // @ts-expect-error: a typo in a fault's field is unknown, not a number
      if (fault.type === 'latency') return fault.latencyMS + 1;
      return undefined;
    }
    case 'proc':
      if (ev.what === 'exit') return ev.code;
      // @ts-expect-error: a field of another sub-kind (only exit has a code)
      return ev.code;
  }
  // @ts-expect-error: a field is read only after narrowing to a kind that has it
  return ev.zxid;
}

export function kinds(ev: TraceEvent): boolean {
  // @ts-expect-error: no such kind to compare with
  return ev.k === 'zab.commited';
}
