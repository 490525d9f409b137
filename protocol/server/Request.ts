// A request as it moves through the processor pipeline (org.apache.zookeeper.server.Request):
// who sent it, what it asks, and — once PrepRequestProcessor has seen a write — its txn.
import type { Id } from '../data.ts';
import type { RequestBody } from '../proto.ts';
import type { OpCode, Txn, TxnHeader } from './txn.ts';

/** The connection a request came from, as the pipeline sees it (null: made by the server). */
export interface RequestOrigin {
  /** Send the reply of this request. */
  reply(xid: number, zxid: number, err: number, body?: unknown): void;
  /** Auth ids of the connection (ip plus anything added with addauth). */
  readonly authInfo: Id[];
}

export interface Request {
  readonly sessionId: bigint;
  readonly cxid: number;
  readonly type: OpCode;
  readonly body: RequestBody;
  readonly cnxn: RequestOrigin | null;
  /** Set by PrepRequestProcessor for writes (and closeSession/createSession). */
  hdr?: TxnHeader;
  txn?: Txn;
  /** A KeeperException code PrepRequestProcessor hit (the txn is then an ErrorTxn). */
  err?: number;
  /** createSession: the negotiated timeout. */
  timeout?: number;
  /**
   * Request.zxid of a request without a txn: PrepRequestProcessor sets it to zks.getZxid() (the
   * last zxid assigned); a learner's reads never pass Prep and keep -1. Before ZOOKEEPER-1412's
   * fix the reply header carried it (ZK-1412).
   */
  zxid?: number;
  /** When the request entered the server (Request.createTime = Time.currentElapsedTime(), monotonic ms), for latency stats. */
  createTime: number;
  /**
   * Request.owner: ServerCnxn.me for a request from a client connection of this server, the
   * LearnerHandler for one a learner forwarded; none for the server's own (expiry, containers,
   * and 3.8's createSession of a local client, which leaves the session unclaimed).
   */
  owner?: unknown;
}

/** ServerCnxn.me: the owner of every request that came in on a client connection of this server. */
export const CNXN_ME: unique symbol = Symbol('ServerCnxn.me');

/** Does this op change state (go through the txn log)? As Request.isQuorum / needs a txn. */
export function isWrite(type: OpCode): boolean {
  switch (type) {
    case 1: // create
    case 2: // delete
    case 5: // setData
    case 7: // setACL
    case 13: // check
    case 14: // multi
    case 15: // create2
    case 16: // reconfig (forwarded to the leader, which fails it: reconfig is disabled)
    case 19: // createContainer
    case 20: // deleteContainer
    case 21: // createTTL
    case -10: // createSession
    case -11: // closeSession
      return true;
    default:
      return false;
  }
}
