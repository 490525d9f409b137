// Serialised sizes of the client-port records (org.apache.zookeeper.proto, jute's binary
// archive: int 4, long 8, boolean 1, string and buffer 4 + UTF-8 bytes (null: 4), vector 4 +
// items), for what 3.8 measures in bytes: bytes_received_count, response_bytes and the client
// response sizes of mntr.
import { type ACL, dataLength } from '../data.ts';
import type { ConnectRequest, MultiOp, MultiOpResult, RequestBody } from '../proto.ts';
import { OpCode } from './txn.ts';

const str = (s: string | null | undefined): number => 4 + (s === null || s === undefined ? 0 : dataLength(s));
const strings = (v: readonly string[]): number => v.reduce((n, s) => n + str(s), 4);
const acls = (v: readonly ACL[]): number => v.reduce((n, a) => n + 4 + str(a.id.scheme) + str(a.id.id), 4);
/** Stat: czxid mzxid ctime mtime (longs), version cversion aversion (ints), ephemeralOwner (long), dataLength numChildren (ints), pzxid (long). */
export const STAT_SIZE = 68;
/** ReplyHeader: xid, zxid, err. */
export const REPLY_HEADER_SIZE = 16;
/** RequestHeader: xid, type. */
const REQUEST_HEADER_SIZE = 8;
/** MultiHeader: type, done, err. */
const MULTI_HEADER_SIZE = 9;

/** ConnectRequest (protocolVersion, lastZxidSeen, timeOut, sessionId, passwd) and the readOnly flag after it. */
export function connectRequestSize(r: ConnectRequest): number {
  return 4 + 8 + 4 + 8 + 4 + r.passwd.length / 2 + 1;
}

function opBodySize(b: RequestBody | MultiOp): number {
  switch (b.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL: {
      const c = b as { path: string; data: string | null; acl: ACL[]; ttl?: number };
      return str(c.path) + str(c.data) + acls(c.acl) + 4 + (b.op === OpCode.createTTL ? 8 : 0);
    }
    case OpCode.delete:
    case OpCode.check:
      return str(b.path) + 4;
    case OpCode.setData:
      return str(b.path) + str(b.data) + 4;
    default:
      return 0;
  }
}

/** A request packet after its 4-byte length: RequestHeader and the request record. */
export function requestSize(b: RequestBody): number {
  let n = REQUEST_HEADER_SIZE;
  switch (b.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
    case OpCode.delete:
    case OpCode.check:
    case OpCode.setData:
      return n + opBodySize(b);
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      return n + str(b.path) + 1;
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      return n + str(b.path);
    case OpCode.setACL:
      return n + str(b.path) + acls(b.acl) + 4;
    case OpCode.getEphemerals:
      return n + str(b.prefixPath);
    case OpCode.addWatch:
      return n + str(b.path) + 4;
    case OpCode.removeWatches:
    case OpCode.checkWatches:
      return n + str(b.path) + 4;
    case OpCode.auth:
      return n + 4 + str(b.scheme) + str(b.auth);
    case OpCode.setWatches2:
      return (
        n +
        8 +
        strings(b.dataWatches) +
        strings(b.existWatches) +
        strings(b.childWatches) +
        strings(b.persistentWatches) +
        strings(b.persistentRecursiveWatches)
      );
    case OpCode.multi:
      for (const op of b.ops) n += MULTI_HEADER_SIZE + opBodySize(op);
      return n + MULTI_HEADER_SIZE;
    default:
      // ping, closeSession, whoAmI: the header only
      return n;
  }
}

function multiResultSize(r: MultiOpResult): number {
  switch (r.op) {
    case OpCode.create:
      return str(r.path);
    case OpCode.create2:
      return str(r.path) + STAT_SIZE;
    case OpCode.setData:
      return STAT_SIZE;
    case OpCode.error:
      return 4;
    default:
      return 0;
  }
}

/**
 * The response record FinalRequestProcessor sends for a request of type `op` with body `rsp`
 * (undefined: none, as on errors), after the ReplyHeader.
 */
export function responseBodySize(op: number, err: number, rsp: unknown): number {
  if (err !== 0) return 0;
  // addWatch answers ErrorResponse(0).
  if (op === OpCode.addWatch) return 4;
  if (rsp === undefined || rsp === null) return 0;
  const r = rsp as {
    path?: string;
    stat?: unknown;
    data?: string | null;
    acl?: ACL[];
    children?: string[];
    results?: MultiOpResult[];
    ephemerals?: string[];
    clientInfo?: { authScheme: string; user: string }[];
  };
  switch (op) {
    case OpCode.create:
      return str(r.path);
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer:
      return str(r.path) + STAT_SIZE;
    case OpCode.sync:
      return str(r.path);
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      return STAT_SIZE;
    case OpCode.getData:
      return str(r.data ?? null) + STAT_SIZE;
    case OpCode.getACL:
      return acls(r.acl ?? []) + STAT_SIZE;
    case OpCode.getChildren:
      return strings(r.children ?? []);
    case OpCode.getChildren2:
      return strings(r.children ?? []) + STAT_SIZE;
    case OpCode.multi:
      return (r.results ?? []).reduce((n, x) => n + MULTI_HEADER_SIZE + multiResultSize(x), MULTI_HEADER_SIZE);
    case OpCode.getEphemerals:
      return strings(r.ephemerals ?? []);
    case OpCode.getAllChildrenNumber:
      return 4;
    case OpCode.whoAmI:
      return (r.clientInfo ?? []).reduce((n, c) => n + str(c.authScheme) + str(c.user), 4);
    default:
      return 0;
  }
}

/** WatcherEvent: type, state, path. */
export function notificationSize(path: string): number {
  return REPLY_HEADER_SIZE + 4 + 4 + str(path);
}
