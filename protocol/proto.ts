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

export type MultiOpResult =
  | { op: typeof OpCode.create | typeof OpCode.create2; path: string; stat?: Stat }
  | { op: typeof OpCode.delete }
  | { op: typeof OpCode.setData; stat: Stat }
  | { op: typeof OpCode.check }
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
  | { op: typeof OpCode.getEphemerals; prefixPath: string }
  | { op: typeof OpCode.getAllChildrenNumber; path: string }
  | { op: typeof OpCode.addWatch; path: string; mode: number }
  | { op: typeof OpCode.removeWatches | typeof OpCode.checkWatches; path: string; type: number }
  | { op: typeof OpCode.whoAmI }
  | { op: typeof OpCode.closeSession }
  | { op: typeof OpCode.ping }
  | { op: typeof OpCode.auth; scheme: string; auth: string }
  | {
      op: typeof OpCode.setWatches2;
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

export type ClientMessage = ConnectRequest | RequestPacket | FourLetterWord;
export type ServerMessage = ConnectResponse | ReplyPacket | WatcherEventPacket | FourLetterAnswer;
