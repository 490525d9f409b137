// Transactions: what PrepRequestProcessor makes of a write request, what the txn log holds,
// and what DataTree.processTxn applies (org.apache.zookeeper.txn). OpCode values are the
// wire's (ZooDefs.OpCode).
import type { ACL } from '../data.ts';

export const OpCode = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  getChildren: 8,
  sync: 9,
  ping: 11,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  reconfig: 16,
  checkWatches: 17,
  removeWatches: 18,
  createContainer: 19,
  deleteContainer: 20,
  createTTL: 21,
  multiRead: 22,
  auth: 100,
  setWatches: 101,
  sasl: 102,
  getEphemerals: 103,
  getAllChildrenNumber: 104,
  setWatches2: 105,
  addWatch: 106,
  whoAmI: 107,
  createSession: -10,
  closeSession: -11,
  error: -1,
} as const;
export type OpCode = (typeof OpCode)[keyof typeof OpCode];
export const opName: Record<number, string> = Object.fromEntries(Object.entries(OpCode).map(([k, v]) => [v, k]));

export interface TxnHeader {
  /** The session (client id) the txn came from; 0n for server-made txns. */
  clientId: bigint;
  cxid: number;
  zxid: number;
  /** Leader's wall clock (ms) when the txn was made: ctime/mtime come from it. */
  time: number;
  type: OpCode;
}

export interface CreateTxn {
  type: typeof OpCode.create | typeof OpCode.create2;
  path: string;
  data: string | null;
  acl: ACL[];
  ephemeral: boolean;
  parentCVersion: number;
}
export interface CreateContainerTxn {
  type: typeof OpCode.createContainer;
  path: string;
  data: string | null;
  acl: ACL[];
  parentCVersion: number;
}
export interface CreateTTLTxn {
  type: typeof OpCode.createTTL;
  path: string;
  data: string | null;
  acl: ACL[];
  parentCVersion: number;
  ttl: number;
}
export interface DeleteTxn {
  type: typeof OpCode.delete | typeof OpCode.deleteContainer;
  path: string;
}
export interface SetDataTxn {
  type: typeof OpCode.setData;
  path: string;
  data: string | null;
  /** The new version. */
  version: number;
}
export interface SetACLTxn {
  type: typeof OpCode.setACL;
  path: string;
  acl: ACL[];
  /** The new aversion. */
  version: number;
}
export interface CheckVersionTxn {
  type: typeof OpCode.check;
  path: string;
  version: number;
}
export interface ErrorTxn {
  type: typeof OpCode.error;
  err: number;
}
export interface CreateSessionTxn {
  type: typeof OpCode.createSession;
  timeOut: number;
}
export interface CloseSessionTxn {
  type: typeof OpCode.closeSession;
  /** Ephemerals to delete (3.8 writes them into the txn). */
  paths2Delete: string[];
}
export interface MultiTxn {
  type: typeof OpCode.multi;
  txns: Txn[];
}

export type Txn =
  | CreateTxn
  | CreateContainerTxn
  | CreateTTLTxn
  | DeleteTxn
  | SetDataTxn
  | SetACLTxn
  | CheckVersionTxn
  | ErrorTxn
  | CreateSessionTxn
  | CloseSessionTxn
  | MultiTxn;

/** A logged transaction: header and body together. */
export interface LoggedTxn {
  hdr: TxnHeader;
  txn: Txn;
}
