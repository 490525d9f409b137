// Every kind (`k`) of trace event a run can produce: the world's own (send, recv, conn, timer,
// disk, proc, fault) and the protocol's (the kinds of ctx.trace, from its schema in
// protocol/trace.ts). Step-triggered faults name one of these.
import { PROTOCOL_TRACE_KINDS } from '../../protocol/trace.ts';

export const WORLD_TRACE_KINDS = ['send', 'recv', 'conn', 'timer', 'disk', 'proc', 'fault'] as const;

export const TRACE_KINDS: ReadonlySet<string> = new Set<string>([
  ...WORLD_TRACE_KINDS,
  ...Object.keys(PROTOCOL_TRACE_KINDS),
]);
