// Request records by opcode (ZooDefs.OpCode → the record the server deserialises), read into
// the simulated servers' request bodies and written from them (a client's side, for tests and
// fixtures). What 3.8 cannot deserialise — a short record, an unreasonable length, a multi
// mixing reads and writes or with an unknown op or create flag — still reaches the pipeline,
// marked: PrepRequestProcessor fails a write with MARSHALLINGERROR (an error txn, as
// pRequest2Txn sets the header before it reads the record), FinalRequestProcessor answers a read
// MARSHALLINGERROR ("Failed to process"); see marshallingError.
import { type ACL, Ids } from '../data.ts';
import type { MultiOp, ReadOp, RequestBody } from '../proto.ts';
import { OpCode } from '../server/txn.ts';
import { BinaryInputArchive, type BinaryOutputArchive, JuteIOException } from './archive.ts';
import {
  readACLs,
  readPath,
  readStrings,
  writeACLs,
  writeMultiHeader,
  readMultiHeader,
  writeStrings,
} from './records.ts';
import { dataFromBytes, dataToBytes } from './utf8.ts';

/**
 * Request.isValid: the opcodes a 3.8 server takes from a client. Any other (check and
 * notification among them) is answered UNIMPLEMENTED by UnimplementedRequestProcessor, and the
 * connection is closed.
 */
export const VALID_OPS: ReadonlySet<number> = new Set([
  OpCode.closeSession,
  OpCode.create,
  OpCode.create2,
  OpCode.createTTL,
  OpCode.createContainer,
  OpCode.createSession,
  OpCode.delete,
  OpCode.deleteContainer,
  OpCode.exists,
  OpCode.getACL,
  OpCode.getChildren,
  OpCode.getAllChildrenNumber,
  OpCode.getChildren2,
  OpCode.getData,
  OpCode.getEphemerals,
  OpCode.multi,
  OpCode.multiRead,
  OpCode.ping,
  OpCode.reconfig,
  OpCode.setACL,
  OpCode.setData,
  OpCode.setWatches,
  OpCode.setWatches2,
  OpCode.sync,
  OpCode.checkWatches,
  OpCode.removeWatches,
  OpCode.addWatch,
  OpCode.whoAmI,
]);

/** The ops the simulated servers take on the wire (VALID_OPS but createSession and deleteContainer). */
export function simulatedOp(op: number): boolean {
  return VALID_OPS.has(op) && op !== OpCode.createSession && op !== OpCode.deleteContainer;
}

/** Why the request record could not be read (the body is then a stand-in of its op's shape), or undefined. */
export function marshallingError(body: RequestBody): string | undefined {
  return (body as { marshallingError?: string }).marshallingError;
}

/** CreateMode.fromFlag(flag, null) is not null. */
const validCreateFlag = (f: number) => Number.isInteger(f) && f >= 0 && f <= 6;

const WRITE_KINDS: ReadonlySet<number> = new Set([
  OpCode.create,
  OpCode.create2,
  OpCode.createContainer,
  OpCode.createTTL,
  OpCode.delete,
  OpCode.setData,
  OpCode.check,
]);
const READ_KINDS: ReadonlySet<number> = new Set([OpCode.getChildren, OpCode.getData]);

type Sub = MultiOp | ReadOp;

/** MultiOperationRecord.deserialize: headers and records until one says done; one kind of op only. */
function readMultiOps(a: BinaryInputArchive, reads: boolean): Sub[] {
  const ops: Sub[] = [];
  let h = readMultiHeader(a);
  while (!h.done) {
    switch (h.type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer: {
        const path = readPath(a);
        const data = dataFromBytes(a.readBuffer());
        const acl = readACLs(a);
        const flags = a.readInt();
        if (!validCreateFlag(flags)) throw new JuteIOException(`invalid flag ${flags} for create mode`);
        ops.push({ op: h.type, path, data, acl, flags });
        break;
      }
      case OpCode.createTTL: {
        const path = readPath(a);
        const data = dataFromBytes(a.readBuffer());
        const acl = readACLs(a);
        const flags = a.readInt();
        const ttl = a.readLongNumber();
        ops.push({ op: OpCode.createTTL, path, data, acl, flags, ttl });
        break;
      }
      case OpCode.delete:
      case OpCode.check: {
        const path = readPath(a);
        ops.push({ op: h.type, path, version: a.readInt() });
        break;
      }
      case OpCode.setData: {
        const path = readPath(a);
        const data = dataFromBytes(a.readBuffer());
        ops.push({ op: OpCode.setData, path, data, version: a.readInt() });
        break;
      }
      case OpCode.getChildren:
      case OpCode.getData: {
        const path = readPath(a);
        a.readBool(); // Op.getData/getChildren carry no watch
        ops.push({ op: h.type, path });
        break;
      }
      default:
        throw new JuteIOException('Invalid type of op');
    }
    h = readMultiHeader(a);
  }
  // MultiOperationRecord.add: every op of one kind; FinalRequestProcessor (multiRead) and
  // PrepRequestProcessor (multi) fail an op of the other kind.
  const kinds = reads ? READ_KINDS : WRITE_KINDS;
  if (ops.some((o) => !kinds.has(o.op))) throw new JuteIOException('Mixing different kind of ops');
  return ops;
}

/** The record of a valid request of type `op` (simulatedOp), read into its body; throws JuteIOException. */
function readBody(op: number, a: BinaryInputArchive): RequestBody {
  switch (op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer: {
      const path = readPath(a);
      const data = dataFromBytes(a.readBuffer());
      const acl = readACLs(a);
      return { op, path, data, acl, flags: a.readInt() };
    }
    case OpCode.createTTL: {
      const path = readPath(a);
      const data = dataFromBytes(a.readBuffer());
      const acl = readACLs(a);
      const flags = a.readInt();
      return { op, path, data, acl, flags, ttl: a.readLongNumber() };
    }
    case OpCode.delete: {
      const path = readPath(a);
      return { op, path, version: a.readInt() };
    }
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2: {
      const path = readPath(a);
      return { op, path, watch: a.readBool() };
    }
    case OpCode.setData: {
      const path = readPath(a);
      const data = dataFromBytes(a.readBuffer());
      return { op, path, data, version: a.readInt() };
    }
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      return { op, path: readPath(a) };
    case OpCode.setACL: {
      const path = readPath(a);
      const acl = readACLs(a);
      return { op, path, acl, version: a.readInt() };
    }
    case OpCode.multi:
      return { op, ops: readMultiOps(a, false) as MultiOp[] };
    case OpCode.multiRead:
      return { op, ops: readMultiOps(a, true) as ReadOp[] };
    case OpCode.reconfig: {
      const joiningServers = a.readString();
      const leavingServers = a.readString();
      const newMembers = a.readString();
      return { op, joiningServers, leavingServers, newMembers, curConfigId: a.readLongNumber() };
    }
    case OpCode.checkWatches:
    case OpCode.removeWatches: {
      const path = readPath(a);
      return { op, path, type: a.readInt() };
    }
    case OpCode.getEphemerals:
      return { op, prefixPath: a.readString() ?? '' };
    case OpCode.addWatch: {
      const path = readPath(a);
      return { op, path, mode: a.readInt() };
    }
    case OpCode.setWatches:
    case OpCode.setWatches2: {
      const relativeZxid = a.readLongNumber();
      const dataWatches = readStrings(a);
      const existWatches = readStrings(a);
      const childWatches = readStrings(a);
      const two = op === OpCode.setWatches2;
      return {
        op,
        relativeZxid,
        dataWatches,
        existWatches,
        childWatches,
        persistentWatches: two ? readStrings(a) : [],
        persistentRecursiveWatches: two ? readStrings(a) : [],
      };
    }
    case OpCode.ping:
    case OpCode.whoAmI:
    case OpCode.closeSession:
      return { op };
    default:
      throw new Error(`no request record for op ${op}`);
  }
}

/** A body of op's shape, marked with why its record could not be read. */
function standIn(op: number, why: string): RequestBody {
  let body: RequestBody;
  switch (op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      body = { op, path: '/', data: null, acl: Ids.OPEN_ACL_UNSAFE, flags: 0 };
      break;
    case OpCode.createTTL:
      body = { op, path: '/', data: null, acl: Ids.OPEN_ACL_UNSAFE, flags: 5, ttl: 1 };
      break;
    case OpCode.multi:
    case OpCode.multiRead:
      body = { op, ops: [] };
      break;
    case OpCode.reconfig:
      body = { op, joiningServers: null, leavingServers: null, newMembers: null, curConfigId: -1 };
      break;
    case OpCode.setWatches:
    case OpCode.setWatches2:
      body = {
        op,
        relativeZxid: 0,
        dataWatches: [],
        existWatches: [],
        childWatches: [],
        persistentWatches: [],
        persistentRecursiveWatches: [],
      };
      break;
    default:
      // The other records are paths and numbers: read from zeros ("" and 0).
      body = readBody(op, new BinaryInputArchive(new Uint8Array(64)));
  }
  return Object.assign(body, { marshallingError: why });
}

/**
 * The body of a valid request of type `op` (simulatedOp) from the archive after its
 * RequestHeader; an unreadable record gives a marked stand-in (marshallingError).
 */
export function readRequest(op: number, a: BinaryInputArchive): RequestBody {
  try {
    return readBody(op, a);
  } catch (e) {
    if (!(e instanceof JuteIOException)) throw e;
    return standIn(op, e.message);
  }
}

function writeCreateLike(
  a: BinaryOutputArchive,
  b: { path: string; data: string | null; acl: ACL[]; flags: number },
): void {
  a.writeString(b.path);
  a.writeBuffer(dataToBytes(b.data));
  writeACLs(a, b.acl);
  a.writeInt(b.flags);
}

/** MultiOperationRecord.serialize. */
function writeMultiOps(a: BinaryOutputArchive, ops: readonly Sub[]): void {
  for (const op of ops) {
    writeMultiHeader(a, { type: op.op, done: false, err: -1 });
    switch (op.op) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createContainer:
        writeCreateLike(a, op);
        break;
      case OpCode.createTTL:
        writeCreateLike(a, op);
        a.writeLong(op.ttl ?? 0);
        break;
      case OpCode.delete:
      case OpCode.check:
        a.writeString(op.path);
        a.writeInt(op.version);
        break;
      case OpCode.setData:
        a.writeString(op.path);
        a.writeBuffer(dataToBytes(op.data));
        a.writeInt(op.version);
        break;
      case OpCode.getChildren:
      case OpCode.getData:
        a.writeString(op.path);
        a.writeBool(false);
        break;
    }
  }
  writeMultiHeader(a, { type: -1, done: true, err: -1 });
}

/** A request body's record, as a client serialises it (auth is AuthPacket: type 0, scheme, auth bytes). */
export function writeRequest(a: BinaryOutputArchive, b: RequestBody): void {
  switch (b.op) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
      writeCreateLike(a, b);
      return;
    case OpCode.createTTL:
      writeCreateLike(a, b);
      a.writeLong(b.ttl);
      return;
    case OpCode.delete:
    case OpCode.check:
      a.writeString(b.path);
      a.writeInt(b.version);
      return;
    case OpCode.exists:
    case OpCode.getData:
    case OpCode.getChildren:
    case OpCode.getChildren2:
      a.writeString(b.path);
      a.writeBool(b.watch);
      return;
    case OpCode.setData:
      a.writeString(b.path);
      a.writeBuffer(dataToBytes(b.data));
      a.writeInt(b.version);
      return;
    case OpCode.getACL:
    case OpCode.sync:
    case OpCode.getAllChildrenNumber:
      a.writeString(b.path);
      return;
    case OpCode.setACL:
      a.writeString(b.path);
      writeACLs(a, b.acl);
      a.writeInt(b.version);
      return;
    case OpCode.multi:
    case OpCode.multiRead:
      writeMultiOps(a, b.ops);
      return;
    case OpCode.reconfig:
      a.writeString(b.joiningServers);
      a.writeString(b.leavingServers);
      a.writeString(b.newMembers);
      a.writeLong(b.curConfigId);
      return;
    case OpCode.checkWatches:
    case OpCode.removeWatches:
      a.writeString(b.path);
      a.writeInt(b.type);
      return;
    case OpCode.getEphemerals:
      a.writeString(b.prefixPath);
      return;
    case OpCode.addWatch:
      a.writeString(b.path);
      a.writeInt(b.mode);
      return;
    case OpCode.setWatches:
    case OpCode.setWatches2:
      a.writeLong(b.relativeZxid);
      writeStrings(a, b.dataWatches);
      writeStrings(a, b.existWatches);
      writeStrings(a, b.childWatches);
      if (b.op === OpCode.setWatches2) {
        writeStrings(a, b.persistentWatches);
        writeStrings(a, b.persistentRecursiveWatches);
      }
      return;
    case OpCode.auth:
      a.writeInt(0);
      a.writeString(b.scheme);
      a.writeBuffer(dataToBytes(b.auth));
      return;
    case OpCode.ping:
    case OpCode.whoAmI:
    case OpCode.closeSession:
      return;
  }
}
