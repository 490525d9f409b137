// What deserialising a packet checks: a request that does not have the shape of its op (a
// fuzzer's, or a buggy client's) fails like a jute decoding error — the server drops the
// connection — instead of reaching the pipeline.
import type { ClientMessage } from '../proto.ts';
import { OpCode } from './txn.ts';

const isStr = (v: unknown) => typeof v === 'string';
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isData = (v: unknown) => v === null || typeof v === 'string';
const isAcl = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (a) =>
      a !== null &&
      typeof a === 'object' &&
      isInt(a.perms) &&
      a.id !== null &&
      typeof a.id === 'object' &&
      isStr(a.id.scheme) &&
      isStr(a.id.id),
  );

function bodyOk(b: Record<string, unknown>, inMulti = false): boolean {
  switch (b.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return (
        isStr(b.path) && isData(b.data) && isAcl(b.acl) && isInt(b.flags) && (b.op !== OpCode.createTTL || isInt(b.ttl))
      );
    case OpCode.delete:
    case OpCode.check:
      return isStr(b.path) && isInt(b.version);
    case OpCode.setData:
      return isStr(b.path) && isData(b.data) && isInt(b.version);
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      return !inMulti && isStr(b.path) && typeof b.watch === 'boolean';
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      return !inMulti && isStr(b.path);
    case OpCode.setACL:
      return !inMulti && isStr(b.path) && isAcl(b.acl) && isInt(b.version);
    case OpCode.multi:
      return (
        !inMulti &&
        Array.isArray(b.ops) &&
        b.ops.every((o) => o !== null && typeof o === 'object' && bodyOk(o as Record<string, unknown>, true))
      );
    case OpCode.multiRead:
      // MultiOperationRecord of reads only (GetDataRequest / GetChildrenRequest: a path, no watch).
      return (
        !inMulti &&
        Array.isArray(b.ops) &&
        b.ops.every((o) => {
          const r = o as Record<string, unknown> | null;
          return (
            r !== null &&
            typeof r === 'object' &&
            (r.op === OpCode.getData || r.op === OpCode.getChildren) &&
            isStr(r.path)
          );
        })
      );
    case OpCode.getEphemerals:
      return !inMulti && isStr(b.prefixPath);
    case OpCode.addWatch:
      return !inMulti && isStr(b.path) && isInt(b.mode);
    case OpCode.removeWatches:
    case OpCode.checkWatches:
      return !inMulti && isStr(b.path) && isInt(b.type);
    case OpCode.whoAmI:
    case OpCode.closeSession:
    case OpCode.ping:
      return !inMulti;
    case OpCode.auth:
      return !inMulti && isStr(b.scheme) && isStr(b.auth);
    case OpCode.setWatches2:
      return (
        !inMulti &&
        isInt(b.relativeZxid) &&
        ['dataWatches', 'existWatches', 'childWatches', 'persistentWatches', 'persistentRecursiveWatches'].every(
          (k) => Array.isArray(b[k]) && (b[k] as unknown[]).every(isStr),
        )
      );
    default:
      return false;
  }
}

/** Is this a well-formed client packet? */
export function wellFormed(m: unknown): m is ClientMessage {
  if (m === null || typeof m !== 'object') return false;
  const msg = m as Record<string, unknown>;
  switch (msg.type) {
    case '4lw':
      return isStr(msg.cmd);
    case 'connect':
      return (
        isInt(msg.protocolVersion) &&
        isInt(msg.lastZxidSeen) &&
        isInt(msg.timeOut) &&
        typeof msg.sessionId === 'bigint' &&
        isStr(msg.passwd) &&
        typeof msg.readOnly === 'boolean'
      );
    case 'request':
      return (
        isInt(msg.xid) &&
        msg.body !== null &&
        typeof msg.body === 'object' &&
        bodyOk(msg.body as Record<string, unknown>)
      );
    default:
      return false;
  }
}
