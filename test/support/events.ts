// Picking trace events by kind in tests, typed as that kind (so a test reads its fields as a
// checker does, without casts).
import type { TraceFieldsOf } from '../../sim/engine/trace-events.ts';
import type { EventOf, TraceEvent, TraceKind } from '../../sim/engine/trace.ts';

/** The events of kind k, in trace order. */
export function ofKind<K extends TraceKind>(events: readonly TraceEvent[], k: K): EventOf<K>[] {
  return events.filter((e): e is EventOf<K> => e.k === k);
}

/**
 * A hand-made event of kind k, as the world records one: { i, t, k, n, ...fields } (no n for a
 * fault). Typed by its kind and, where a kind is a union (conn, proc, disk, fault), by its fields.
 */
export function event<K extends TraceKind, F extends TraceFieldsOf<K>>(
  i: number,
  t: number,
  k: K,
  n: string | undefined,
  fields: F,
): EventOf<K> & F {
  // As in World: TypeScript cannot tie a generic K's fields to its member of the union.
  return { i, t, k, ...(n === undefined ? {} : { n }), ...fields } as EventOf<K> & F;
}
