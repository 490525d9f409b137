// The client ↔ server wire protocol (org.apache.zookeeper.proto), as messages on the client
// port's connection. xids: requests count up from 1; -2 ping, -4 auth, -8 setWatches,
// -1 a watch notification; 0 is the connect exchange.
import type { ACL, Stat } from './data.ts';
import type { OpCode } from './server/txn.ts';

export const Xid = { NOTIFICATION: -1, PING: -2, AUTH: -4, SET_WATCHES: -8 } as const;

export interface ConnectRequest {
  readonly type: 'connect';
  readonly protocolVersion: number;
  readonly lastZxidSeen: number;
  readonly timeOut: number;
  readonly sessionId: bigint;
  /** Session password, hex. */
  readonly passwd: string;
  readonly readOnly: boolean;
}

export interface ConnectResponse {
  readonly type: 'connected';
  readonly protocolVersion: number;
  /** Negotiated timeout; 0 with sessionId 0 means the session expired. */
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: string;
  readonly readOnly: boolean;
}

export type MultiOp =
  | {
      op: typeof OpCode.create | typeof OpCode.create2 | typeof OpCode.createContainer | typeof OpCode.createTTL;
      path: string;
      data: string | null;
      acl: ACL[];
      flags: number;
      ttl?: number;
    }
  | { op: typeof OpCode.delete; path: string; version: number }
  | { op: typeof OpCode.setData; path: string; data: string | null; version: number }
  | { op: typeof OpCode.check; path: string; version: number };

/** An op of a multiRead: Op.getData / Op.getChildren (no watch). */
export interface ReadOp {
  op: typeof OpCode.getData | typeof OpCode.getChildren;
  path: string;
}

export type MultiOpResult =
  | { op: typeof OpCode.create | typeof OpCode.create2; path: string; stat?: Stat }
  | { op: typeof OpCode.delete }
  | { op: typeof OpCode.setData; stat: Stat }
  | { op: typeof OpCode.check }
  | { op: typeof OpCode.error; err: number };

/** A result of a multiRead (OpResult.GetDataResult / GetChildrenResult / ErrorResult). */
export type ReadOpResult =
  | { op: typeof OpCode.getData; data: string | null; stat: Stat }
  | { op: typeof OpCode.getChildren; children: string[] }
  | { op: typeof OpCode.error; err: number };

/** Request bodies by op. */
export type RequestBody =
  | {
      op: typeof OpCode.create | typeof OpCode.create2 | typeof OpCode.createContainer;
      path: string;
      data: string | null;
      acl: ACL[];
      flags: number;
    }
  | { op: typeof OpCode.createTTL; path: string; data: string | null; acl: ACL[]; flags: number; ttl: number }
  | { op: typeof OpCode.delete; path: string; version: number }
  | {
      op: typeof OpCode.exists | typeof OpCode.getData | typeof OpCode.getChildren | typeof OpCode.getChildren2;
      path: string;
      watch: boolean;
    }
  | { op: typeof OpCode.setData; path: string; data: string | null; version: number }
  | { op: typeof OpCode.getACL; path: string }
  | { op: typeof OpCode.setACL; path: string; acl: ACL[]; version: number }
  | { op: typeof OpCode.sync; path: string }
  | { op: typeof OpCode.check; path: string; version: number }
  | { op: typeof OpCode.multi; ops: MultiOp[] }
  | { op: typeof OpCode.multiRead; ops: ReadOp[] }
  | {
      op: typeof OpCode.reconfig;
      joiningServers: string | null;
      leavingServers: string | null;
      newMembers: string | null;
      curConfigId: number;
    }
  | { op: typeof OpCode.getEphemerals; prefixPath: string }
  | { op: typeof OpCode.getAllChildrenNumber; path: string }
  | { op: typeof OpCode.addWatch; path: string; mode: number }
  | { op: typeof OpCode.removeWatches | typeof OpCode.checkWatches; path: string; type: number }
  | { op: typeof OpCode.whoAmI }
  | { op: typeof OpCode.closeSession }
  | { op: typeof OpCode.ping }
  | { op: typeof OpCode.auth; scheme: string; auth: string }
  | {
      /** setWatches (101, older clients) has no persistent lists: they are empty. */
      op: typeof OpCode.setWatches2 | typeof OpCode.setWatches;
      relativeZxid: number;
      dataWatches: string[];
      existWatches: string[];
      childWatches: string[];
      persistentWatches: string[];
      persistentRecursiveWatches: string[];
    };

export interface RequestPacket {
  readonly type: 'request';
  readonly xid: number;
  readonly body: RequestBody;
}

/** Response bodies (absent on error and for ops without a body). */
export type ResponseBody =
  | { path: string; stat?: Stat } // create / create2 / sync
  | { stat: Stat } // exists, setData, setACL
  | { data: string | null; stat: Stat } // getData
  | { acl: ACL[]; stat: Stat } // getACL
  | { children: string[]; stat: Stat } // getChildren2
  | { results: MultiOpResult[] } // multi
  | { results: ReadOpResult[] } // multiRead
  | { ephemerals: string[] }
  | { totalNumber: number }
  | { clientInfo: { authScheme: string; user: string }[] };

export interface ReplyPacket {
  readonly type: 'reply';
  readonly xid: number;
  readonly zxid: number;
  readonly err: number;
  readonly body?: ResponseBody;
}

export interface WatcherEventPacket {
  readonly type: 'watch';
  readonly xid: typeof Xid.NOTIFICATION;
  readonly zxid: number;
  readonly eventType: number;
  readonly state: number;
  readonly path: string;
}

/** A four-letter word on the client port, and its answer (the server then closes). */
export interface FourLetterWord {
  readonly type: '4lw';
  readonly cmd: string;
}
export interface FourLetterAnswer {
  readonly type: '4lw-answer';
  readonly text: string;
}

/**
 * Bytes of the client port's TCP stream, as a real client sends them and 3.8 answers them (jute
 * framing: protocol/jute/, read by protocol/server/NIOServerCnxn.ts), in lower-case hex. A
 * connection carries either these or the message objects above, never both.
 */
export interface WireBytes {
  readonly type: 'jute';
  readonly hex: string;
}

export type ClientMessage = ConnectRequest | RequestPacket | FourLetterWord | WireBytes;
export type ServerMessage = ConnectResponse | ReplyPacket | WatcherEventPacket | FourLetterAnswer;
