// What a client call and its reply put in the trace (client.call / client.return), read from
// the request body and the reply body. One piece of code for both the simulated client
// (ZooKeeper.ts) and a real client's bytes seen on the wire (sim/harness/serve/wire-tap.ts), so
// the checkers that judge clients (linearizable, watches, client-consistency, durability) read
// the same fields from either.
import type { ProtocolTraceEvents } from '../trace.ts';

type Call = ProtocolTraceEvents['client.call'];
type Return = ProtocolTraceEvents['client.return'];
type Sub = NonNullable<Call['ops']>[number];

/** The body's fields of a client.call: the data and version sent, a create's flags, a multi's sub-ops. */
export function callFields(body: unknown): Pick<Call, 'data' | 'version' | 'flags' | 'ops'> {
  const b = body as { data?: string | null; version?: number; flags?: number; ops?: Sub[] };
  const f: Pick<Call, 'data' | 'version' | 'flags' | 'ops'> = {};
  if (b.data !== undefined) f.data = b.data;
  if (b.version !== undefined) f.version = b.version;
  if (b.flags !== undefined) f.flags = b.flags;
  if (b.ops !== undefined)
    f.ops = b.ops.map((o) => {
      const s: Sub = { op: o.op, path: o.path };
      if (o.version !== undefined) s.version = o.version;
      if (o.flags !== undefined) s.flags = o.flags;
      return s;
    });
  return f;
}

/** The reply's fields of a client.return: the data read, the version of the stat returned, the path created. */
export function returnFields(body: unknown): Pick<Return, 'data' | 'version' | 'created'> {
  const r = body as { data?: string | null; stat?: { version: number }; path?: string } | undefined;
  const f: Pick<Return, 'data' | 'version' | 'created'> = {};
  if (r?.data !== undefined) f.data = r.data;
  if (r?.stat !== undefined) f.version = r.stat.version;
  if (r?.path !== undefined) f.created = r.path;
  return f;
}
