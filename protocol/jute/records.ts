// The records of org.apache.zookeeper.data and the framing records of org.apache.zookeeper.proto
// (zookeeper.jute): Stat, Id, ACL, ClientInfo; ConnectRequest / ConnectResponse (with the
// readOnly flag 3.4+ clients and servers add after them), RequestHeader, ReplyHeader,
// MultiHeader, WatcherEvent, AuthPacket — each with the field order of its generated class.
import type { ACL, Id, Stat } from '../data.ts';
import type { ConnectRequest, ConnectResponse } from '../proto.ts';
import type { BinaryInputArchive, BinaryOutputArchive } from './archive.ts';
import { JuteIOException } from './archive.ts';
import { fromHex, toHex } from './utf8.ts';

/** A ustring field that must not be null here (a null path: the server fails it as a marshalling error). */
export function readPath(a: BinaryInputArchive): string {
  const s = a.readString();
  if (s === null) throw new JuteIOException('null string');
  return s;
}

export function readId(a: BinaryInputArchive): Id {
  const scheme = a.readString() ?? '';
  const id = a.readString() ?? '';
  return { scheme, id };
}

export function writeId(a: BinaryOutputArchive, id: Id): void {
  a.writeString(id.scheme);
  a.writeString(id.id);
}

export function readACL(a: BinaryInputArchive): ACL {
  const perms = a.readInt();
  return { perms, id: readId(a) };
}

export function writeACL(a: BinaryOutputArchive, acl: ACL): void {
  a.writeInt(acl.perms);
  writeId(a, acl.id);
}

/** vector<ACL> (null reads as empty: no ACL, which the server refuses as InvalidACL). */
export function readACLs(a: BinaryInputArchive): ACL[] {
  return a.readVector(readACL) ?? [];
}

export function writeACLs(a: BinaryOutputArchive, acls: readonly ACL[]): void {
  a.writeVector(acls, writeACL);
}

export function readStat(a: BinaryInputArchive): Stat {
  return {
    czxid: a.readLongNumber(),
    mzxid: a.readLongNumber(),
    ctime: a.readLongNumber(),
    mtime: a.readLongNumber(),
    version: a.readInt(),
    cversion: a.readInt(),
    aversion: a.readInt(),
    ephemeralOwner: a.readLong(),
    dataLength: a.readInt(),
    numChildren: a.readInt(),
    pzxid: a.readLongNumber(),
  };
}

export function writeStat(a: BinaryOutputArchive, s: Stat): void {
  a.writeLong(s.czxid);
  a.writeLong(s.mzxid);
  a.writeLong(s.ctime);
  a.writeLong(s.mtime);
  a.writeInt(s.version);
  a.writeInt(s.cversion);
  a.writeInt(s.aversion);
  a.writeLong(s.ephemeralOwner);
  a.writeInt(s.dataLength);
  a.writeInt(s.numChildren);
  a.writeLong(s.pzxid);
}

export function readStrings(a: BinaryInputArchive): string[] {
  return (a.readVector((x) => x.readString()) ?? []).map((s) => s ?? '');
}

export function writeStrings(a: BinaryOutputArchive, v: readonly string[] | null): void {
  a.writeVector(v, (x, s) => x.writeString(s));
}

/**
 * ConnectRequest, then the readOnly flag if the packet has it (ZooKeeperServer.
 * processConnectRequest: a packet without it is an old client's, isOldClient). `hasReadOnly`
 * says which; a null passwd reads as the empty one.
 */
export function readConnectRequest(a: BinaryInputArchive): { req: ConnectRequest; hasReadOnly: boolean } {
  const protocolVersion = a.readInt();
  const lastZxidSeen = a.readLongNumber();
  const timeOut = a.readInt();
  const sessionId = a.readLong();
  const passwd = a.readBuffer();
  let readOnly = false;
  let hasReadOnly = false;
  try {
    readOnly = a.readBool();
    hasReadOnly = true;
  } catch (e) {
    if (!(e instanceof JuteIOException)) throw e;
  }
  return {
    req: {
      type: 'connect',
      protocolVersion,
      lastZxidSeen,
      timeOut,
      sessionId,
      passwd: passwd === null ? '' : toHex(passwd),
      readOnly,
    },
    hasReadOnly,
  };
}

export function writeConnectRequest(a: BinaryOutputArchive, r: ConnectRequest, withReadOnly = true): void {
  a.writeInt(r.protocolVersion);
  a.writeLong(r.lastZxidSeen);
  a.writeInt(r.timeOut);
  a.writeLong(r.sessionId);
  a.writeBuffer(fromHex(r.passwd));
  if (withReadOnly) a.writeBool(r.readOnly);
}

/** ConnectResponse, and the readOnly flag unless the client is an old one (finishSessionInit). */
export function writeConnectResponse(a: BinaryOutputArchive, r: ConnectResponse, withReadOnly: boolean): void {
  a.writeInt(r.protocolVersion);
  a.writeInt(r.timeOut);
  a.writeLong(r.sessionId);
  a.writeBuffer(fromHex(r.passwd));
  if (withReadOnly) a.writeBool(r.readOnly);
}

export function readConnectResponse(a: BinaryInputArchive): ConnectResponse {
  const protocolVersion = a.readInt();
  const timeOut = a.readInt();
  const sessionId = a.readLong();
  const passwd = a.readBuffer();
  let readOnly = false;
  if (a.remaining() > 0) readOnly = a.readBool();
  return {
    type: 'connected',
    protocolVersion,
    timeOut,
    sessionId,
    passwd: toHex(passwd ?? new Uint8Array()),
    readOnly,
  };
}

export interface RequestHeader {
  xid: number;
  type: number;
}

export function readRequestHeader(a: BinaryInputArchive): RequestHeader {
  return { xid: a.readInt(), type: a.readInt() };
}

export function writeRequestHeader(a: BinaryOutputArchive, h: RequestHeader): void {
  a.writeInt(h.xid);
  a.writeInt(h.type);
}

export interface ReplyHeader {
  xid: number;
  zxid: number;
  err: number;
}

export function readReplyHeader(a: BinaryInputArchive): ReplyHeader {
  return { xid: a.readInt(), zxid: a.readLongNumber(), err: a.readInt() };
}

export function writeReplyHeader(a: BinaryOutputArchive, h: ReplyHeader): void {
  a.writeInt(h.xid);
  a.writeLong(h.zxid);
  a.writeInt(h.err);
}

export interface MultiHeader {
  type: number;
  done: boolean;
  err: number;
}

export function readMultiHeader(a: BinaryInputArchive): MultiHeader {
  return { type: a.readInt(), done: a.readBool(), err: a.readInt() };
}

export function writeMultiHeader(a: BinaryOutputArchive, h: MultiHeader): void {
  a.writeInt(h.type);
  a.writeBool(h.done);
  a.writeInt(h.err);
}

/** WatcherEvent: type, state, path. */
export interface WatcherEvent {
  type: number;
  state: number;
  path: string;
}

export function readWatcherEvent(a: BinaryInputArchive): WatcherEvent {
  return { type: a.readInt(), state: a.readInt(), path: a.readString() ?? '' };
}

export function writeWatcherEvent(a: BinaryOutputArchive, e: WatcherEvent): void {
  a.writeInt(e.type);
  a.writeInt(e.state);
  a.writeString(e.path);
}
