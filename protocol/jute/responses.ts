// Response records by the opcode of the request they answer (FinalRequestProcessor's rsp), after
// the ReplyHeader; a reply with an error carries none (the client reads a record only when err is
// 0). Written from the simulated servers' reply bodies; read back by a client's side (the
// simulated client host that watches a real client's connection, tests).
import type { Stat } from '../data.ts';
import type { MultiOpResult, ReadOpResult, ResponseBody } from '../proto.ts';
import { OpCode } from '../server/txn.ts';
import type { BinaryInputArchive, BinaryOutputArchive } from './archive.ts';
import { JuteIOException } from './archive.ts';
import {
  readACLs,
  readMultiHeader,
  readStat,
  readStrings,
  writeACLs,
  writeMultiHeader,
  writeStat,
  writeStrings,
} from './records.ts';
import { dataFromBytes, dataToBytes } from './utf8.ts';

type AnyResult = MultiOpResult | ReadOpResult;

/** Loose view of every reply body's fields (the servers' bodies are typed by op, not by field). */
interface Fields {
  path?: string;
  stat?: Stat;
  data?: string | null;
  acl?: import('../data.ts').ACL[];
  children?: string[];
  results?: AnyResult[];
  ephemerals?: string[];
  totalNumber?: number;
  clientInfo?: { authScheme: string; user: string }[];
}

/** MultiResponse.serialize. */
function writeResults(a: BinaryOutputArchive, results: readonly AnyResult[]): void {
  for (const r of results) {
    writeMultiHeader(a, { type: r.op, done: false, err: r.op === OpCode.error ? r.err : 0 });
    switch (r.op) {
      case OpCode.create:
        a.writeString(r.path);
        break;
      case OpCode.create2:
        a.writeString(r.path);
        writeStat(a, r.stat!);
        break;
      case OpCode.setData:
        writeStat(a, r.stat);
        break;
      case OpCode.getChildren:
        writeStrings(a, r.children);
        break;
      case OpCode.getData:
        a.writeBuffer(dataToBytes(r.data));
        writeStat(a, r.stat);
        break;
      case OpCode.error:
        a.writeInt(r.err);
        break;
      // delete, check: no record
    }
  }
  writeMultiHeader(a, { type: -1, done: true, err: -1 });
}

/** The record answering a request of type `op` (nothing for ops without one). */
export function writeResponse(a: BinaryOutputArchive, op: number, body: ResponseBody | undefined): void {
  const b = (body ?? {}) as Fields;
  switch (op) {
    case OpCode.create:
    case OpCode.sync:
      a.writeString(b.path ?? null);
      return;
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer:
      a.writeString(b.path ?? null);
      writeStat(a, b.stat!);
      return;
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      writeStat(a, b.stat!);
      return;
    case OpCode.getData:
      a.writeBuffer(dataToBytes(b.data ?? null));
      writeStat(a, b.stat!);
      return;
    case OpCode.getACL:
      writeACLs(a, b.acl ?? []);
      writeStat(a, b.stat!);
      return;
    case OpCode.getChildren:
      writeStrings(a, b.children ?? []);
      return;
    case OpCode.getChildren2:
      writeStrings(a, b.children ?? []);
      writeStat(a, b.stat!);
      return;
    case OpCode.multi:
    case OpCode.multiRead:
      writeResults(a, b.results ?? []);
      return;
    case OpCode.getEphemerals:
      writeStrings(a, b.ephemerals ?? []);
      return;
    case OpCode.getAllChildrenNumber:
      a.writeInt(b.totalNumber ?? 0);
      return;
    case OpCode.addWatch:
      a.writeInt(0); // ErrorResponse(0)
      return;
    case OpCode.whoAmI:
      a.writeVector(b.clientInfo ?? [], (x, c) => {
        x.writeString(c.authScheme);
        x.writeString(c.user);
      });
      return;
    case OpCode.sasl:
      a.writeBuffer(null); // SetSASLResponse(null): no SASL server on this connection
      return;
    default:
    // delete, setWatches, checkWatches, removeWatches, closeSession, ping, auth, reconfig (always an error here)
  }
}

function readResults(a: BinaryInputArchive): AnyResult[] {
  const out: AnyResult[] = [];
  let h = readMultiHeader(a);
  while (!h.done) {
    switch (h.type) {
      case OpCode.create:
        out.push({ op: OpCode.create, path: a.readString() ?? '' });
        break;
      case OpCode.create2: {
        const path = a.readString() ?? '';
        out.push({ op: OpCode.create2, path, stat: readStat(a) });
        break;
      }
      case OpCode.delete:
        out.push({ op: OpCode.delete });
        break;
      case OpCode.check:
        out.push({ op: OpCode.check });
        break;
      case OpCode.setData:
        out.push({ op: OpCode.setData, stat: readStat(a) });
        break;
      case OpCode.getChildren:
        out.push({ op: OpCode.getChildren, children: readStrings(a) });
        break;
      case OpCode.getData: {
        const data = dataFromBytes(a.readBuffer());
        out.push({ op: OpCode.getData, data, stat: readStat(a) });
        break;
      }
      case OpCode.error:
        out.push({ op: OpCode.error, err: a.readInt() });
        break;
      default:
        throw new JuteIOException(`Invalid type ${h.type} in MultiResponse`);
    }
    h = readMultiHeader(a);
  }
  return out;
}

/** The record answering a request of type `op`, read (undefined for ops without one). */
export function readResponse(op: number, a: BinaryInputArchive): ResponseBody | undefined {
  switch (op) {
    case OpCode.create:
    case OpCode.sync:
      return { path: a.readString() ?? '' };
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer: {
      const path = a.readString() ?? '';
      return { path, stat: readStat(a) };
    }
    case OpCode.exists:
    case OpCode.setData:
    case OpCode.setACL:
      return { stat: readStat(a) };
    case OpCode.getData: {
      const data = dataFromBytes(a.readBuffer());
      return { data, stat: readStat(a) };
    }
    case OpCode.getACL: {
      const acl = readACLs(a);
      return { acl, stat: readStat(a) };
    }
    case OpCode.getChildren:
      return { children: readStrings(a) } as ResponseBody;
    case OpCode.getChildren2: {
      const children = readStrings(a);
      return { children, stat: readStat(a) };
    }
    case OpCode.multi:
    case OpCode.multiRead:
      return { results: readResults(a) } as ResponseBody;
    case OpCode.getEphemerals:
      return { ephemerals: readStrings(a) };
    case OpCode.getAllChildrenNumber:
      return { totalNumber: a.readInt() };
    case OpCode.whoAmI:
      return {
        clientInfo: a.readVector((x) => ({ authScheme: x.readString() ?? '', user: x.readString() ?? '' })) ?? [],
      };
    case OpCode.addWatch:
      a.readInt(); // ErrorResponse(0)
      return undefined;
    case OpCode.sasl:
      a.readBuffer(); // SetSASLResponse.token
      return undefined;
    default:
      return undefined;
  }
}
