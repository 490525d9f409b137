// The canonical one-line form of a trace event, for people: the data-driven protocol scripts
// (test/protocol/testdata), `zksim replay --until`, and the ShiViz export print events with it.
//
//     6205.000ms s3  fle.decide round=1 state=LEADING leader=3 joined=false acks=[1,2,3]
//     6317.000ms s3  send DIFF to=s2 zxid=0x0 conn=7
//     6317.000ms s3  zab.sync peer=2 mode=DIFF peerLastZxid=0x0 leaderLastZxid=0x0
//
// Time in ms with the µs digits (the trace's clock is µs), the node (`-` for the world's own
// events, the faults), the kind, then the fields in a fixed order: the kind's own order (the
// table below), then any other field alphabetically. Values as ZooKeeper prints them: zxids
// in hex (`0x100000002`; a negative "none yet" stays decimal), session ids in hex, txn and op
// types and return codes by name (`type=create`, `rc=NONODE`); a string with spaces is quoted.
// For state, send, recv, proc, conn, disk, timer and fault events the sub-kind (the state, the
// message type, `what`, `op`, `tag`) follows the kind as a bare word. A message's large parts
// are summarised: a SNAP's tree as its znode count, a txn as `op(path)`, session lists as their
// length.
import { Code } from '../protocol/errors.ts';
import { opName } from '../protocol/server/txn.ts';
import { zxidHex } from '../protocol/zxid.ts';
import type { TraceEvent } from '../sim/engine/trace.ts';

export interface EventLineOptions {
  /** The node a send goes to, when the caller paired it (reports/pairing.ts): `to=s2`. */
  to?: string;
  /** Cut the line to at most this many characters (with `…`). */
  max?: number;
}

/** The field order of each kind; fields not named come after, alphabetically. */
const FIELD_ORDER: Record<string, readonly string[]> = {
  state: ['leader', 'round', 'peerEpoch', 'zxid'],
  'peer.loaded': ['myid', 'lastZxid', 'currentEpoch', 'acceptedEpoch', 'txns', 'holes'],
  'peer.epoch-file': ['file', 'value', 'why'],
  'fle.start': ['round', 'leader', 'zxid', 'peerEpoch'],
  'fle.vote': ['round', 'leader', 'zxid', 'peerEpoch', 'because', 'from'],
  'fle.recv': ['round', 'from', 'state', 'leader', 'zxid', 'electionEpoch', 'peerEpoch'],
  'fle.quorum': ['round', 'leader', 'acks'],
  'fle.decide': ['round', 'state', 'leader', 'joined', 'acks'],
  'fle.timeout': ['round', 'next'],
  'fle.reopen': ['round', 'from', 'leader'],
  'zab.epoch': ['file', 'value'],
  'zab.logged': ['zxid'],
  'zab.truncate': ['zxid', 'reloadedZxid'],
  'zab.snap': ['zxid', 'from'],
  'zab.deliver': ['zxid', 'type', 'session', 'cxid', 'path', 'ephemeralOwner', 'paths', 'ops'],
  'zab.propose': ['zxid', 'epoch', 'type', 'session', 'cxid'],
  'zab.ack': ['zxid', 'from'],
  'zab.commit': ['zxid', 'acks'],
  'zab.newepoch': ['epoch', 'acks'],
  'zab.established': ['epoch', 'acks'],
  'zab.sync': ['peer', 'mode', 'peerLastZxid', 'leaderLastZxid', 'truncTo'],
  'zab.sync-learner': ['mode', 'zxid'],
  'zab.uptodate': ['leader', 'epoch', 'lastZxid'],
  'zab.connected': ['leader'],
  'zab.learner': ['sid', 'kind', 'acceptedEpoch'],
  'zab.lead': ['acceptedEpoch', 'lastZxid'],
  'zab.leader-shutdown': ['epoch', 'reason'],
  'zab.learner-shutdown': ['leader', 'reason'],
  'client.call': ['session', 'xid', 'op', 'path', 'data', 'version'],
  'client.return': ['session', 'xid', 'op', 'path', 'rc', 'zxid', 'data', 'version', 'created'],
  'client.event': ['session', 'type', 'state', 'path', 'watchers'],
  send: ['to', 'msg', 'conn'],
  recv: ['from', 'conn'],
  proc: ['inc', 'code', 'reason'],
  conn: ['conn', 'peer', 'addr', 'why'],
  disk: ['file', 'bytes', 'token'],
  fault: ['servers', 'target', 'leader'],
};

/** The field that names the event's sub-kind, printed bare right after the kind. */
const SUBKIND: Record<string, string> = {
  state: 'state',
  send: 'msg',
  recv: 'm',
  proc: 'what',
  conn: 'what',
  fault: 'what',
  disk: 'op',
  timer: 'tag',
};

/** Message fields in reading order (the rest follow alphabetically). */
const MESSAGE_ORDER = ['leader', 'zxid', 'peerEpoch', 'electionEpoch', 'state', 'sid'];

const CODE_NAME: Record<number, string> = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k]));

const ZXID_KEY = /zxid|^truncTo$|^holes$/i;
const BARE = /^[\w./:@+?\-[\]]+$/;

/** A value as the line prints it; `key` decides zxids (hex) and type codes (names). */
export function formatValue(key: string, v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'number':
      if (ZXID_KEY.test(key)) return zxidHex(v);
      return String(v);
    case 'bigint':
      return `0x${v.toString(16)}`;
    case 'string':
      return v !== '' && BARE.test(v) ? v : JSON.stringify(v);
    case 'boolean':
      return String(v);
    case 'object':
      if (Array.isArray(v)) return `[${v.map((x) => formatValue(key, x)).join(',')}]`;
      return `{${objectFields(v).join(',')}}`;
    default:
      return String(v);
  }
}

/** A txn (LoggedTxn: {hdr, txn}) as `op(path)`, or `op(session)` for a session txn. */
function txnSummary(t: object): string {
  const hdr: unknown = Reflect.get(t, 'hdr');
  const txn: unknown = Reflect.get(t, 'txn');
  const type: unknown = hdr && typeof hdr === 'object' ? Reflect.get(hdr, 'type') : undefined;
  const clientId: unknown = hdr && typeof hdr === 'object' ? Reflect.get(hdr, 'clientId') : undefined;
  const path: unknown = txn && typeof txn === 'object' ? Reflect.get(txn, 'path') : undefined;
  const op = typeof type === 'number' ? (opName[type] ?? String(type)) : String(type);
  const what = typeof path === 'string' ? path : typeof clientId === 'bigint' ? `0x${clientId.toString(16)}` : '';
  return `${op}(${what})`;
}

/** One field of a message or object, large parts summarised. */
function field(key: string, v: unknown): string {
  if (key === 'tree' && v && typeof v === 'object') {
    const nodes: unknown = Reflect.get(v, 'nodes');
    if (Array.isArray(nodes)) return `tree=<${nodes.length} znodes>`;
  }
  if (key === 'txn' && v && typeof v === 'object' && 'hdr' in v) return `txn=${txnSummary(v)}`;
  if (key === 'sessions' && Array.isArray(v)) return `sessions=${v.length}`;
  if ((key === 'op' || key === 'type') && typeof v === 'number' && opName[v] !== undefined)
    return `${key}=${opName[v]}`;
  return `${key}=${formatValue(key, v)}`;
}

/** An object's fields in reading order (MESSAGE_ORDER first, then alphabetically). */
function objectFields(o: object): string[] {
  const entries = new Map<string, unknown>(Object.entries(o));
  const keys = [...entries.keys()].filter((k) => entries.get(k) !== undefined);
  const known = MESSAGE_ORDER.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !MESSAGE_ORDER.includes(k)).sort();
  return [...known, ...rest].map((k) => field(k, entries.get(k)));
}

/** A message as `TYPE field=value ...` (its type bare). */
export function messageText(msg: { readonly type: string }): string {
  const { type, ...rest } = msg;
  return [type, ...objectFields(rest)].join(' ');
}

/** A delivered multi's sub-txn ({type, path?}) as `op(path)`. */
function subTxn(o: unknown): string {
  if (!o || typeof o !== 'object') return String(o);
  const type: unknown = Reflect.get(o, 'type');
  const path: unknown = Reflect.get(o, 'path');
  return `${typeof type === 'number' ? (opName[type] ?? type) : String(type)}(${typeof path === 'string' ? path : ''})`;
}

/** The value of one event field as printed (type codes and return codes by name). */
function eventField(kind: string, key: string, v: unknown): string {
  if (key === 'rc' && typeof v === 'number') return `rc=${CODE_NAME[v] ?? v}`;
  if (
    (key === 'type' && (kind === 'zab.deliver' || kind === 'zab.propose')) ||
    (key === 'op' && kind.startsWith('client.'))
  )
    return `${key}=${typeof v === 'number' ? (opName[v] ?? v) : formatValue(key, v)}`;
  if (key === 'ops' && Array.isArray(v)) return `ops=[${v.map(subTxn).join(',')}]`;
  return `${key}=${formatValue(key, v)}`;
}

/** The event without time and node: `kind [subkind] field=value ...`. */
export function eventBody(ev: TraceEvent, opts: EventLineOptions = {}): string {
  const kind = ev.k;
  const parts: string[] = [kind];
  // Every event is a flat record of fields (sim/engine/trace-events.ts): read them generically.
  const fields = new Map<string, unknown>(Object.entries(ev));
  for (const k of ['i', 't', 'k', 'n']) fields.delete(k);
  const sub = SUBKIND[kind];
  const subValue = sub === undefined ? undefined : fields.get(sub);
  if (sub !== undefined && subValue !== undefined) {
    parts.push(ev.k === 'send' ? ev.msg.type : formatValue(sub, subValue));
    fields.delete(sub);
  }
  if (ev.k === 'send') {
    if (opts.to !== undefined) parts.push(`to=${opts.to}`);
    const { type: _type, ...msg } = ev.msg;
    parts.push(...objectFields(msg));
  }
  // A fault event repeats its type as `type` (the fault as planned): said once, by the sub-kind.
  if (ev.k === 'fault' && fields.get('type') === subValue) fields.delete('type');
  const keys = [...fields.keys()].filter((k) => fields.get(k) !== undefined);
  const order = FIELD_ORDER[kind] ?? [];
  const known = order.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !order.includes(k)).sort();
  for (const k of [...known, ...rest]) parts.push(eventField(kind, k, fields.get(k)));
  return parts.join(' ');
}

/** The event's time in ms with its µs digits: `6205.000ms`. */
export function eventTime(ev: Pick<TraceEvent, 't'>): string {
  return `${(ev.t / 1000).toFixed(3)}ms`;
}

/** The canonical line: `time node kind fields`, time right-aligned, node padded. */
export function eventLine(ev: TraceEvent, opts: EventLineOptions = {}): string {
  const line = `${eventTime(ev).padStart(12)} ${(ev.n ?? '-').padEnd(3)} ${eventBody(ev, opts)}`;
  return opts.max !== undefined && line.length > opts.max ? `${line.slice(0, opts.max - 1)}…` : line;
}
