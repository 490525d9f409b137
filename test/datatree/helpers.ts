// Shared helpers for the data tree tests: txn builders and a recording watcher.
import { eventTypeName, Ids, type ACL, type WatchedEvent } from '../../protocol/data.ts';
import type { DataTree, ProcessTxnResult } from '../../protocol/datatree/DataTree.ts';
import type { Watcher } from '../../protocol/datatree/WatchManager.ts';
import { OpCode, type CreateTxn, type Txn, type TxnHeader } from '../../protocol/server/txn.ts';

export const S1 = 0x1000015c3120000n;
export const S2 = 0x2000015c3120001n;

/** Applies txns with consecutive zxids and times 1000 + zxid. */
export class Applier {
  zxid = 0;
  constructor(readonly tree: DataTree) {}
  apply(txn: Txn, clientId: bigint = S1, type: number = txn.type): ProcessTxnResult {
    this.zxid++;
    const hdr: TxnHeader = {
      clientId,
      cxid: this.zxid,
      zxid: this.zxid,
      time: 1000 + this.zxid,
      type: type as TxnHeader['type'],
    };
    return this.tree.processTxn(hdr, txn);
  }
}

export const create = (
  path: string,
  data: string | null = null,
  parentCVersion = -1,
  ephemeral = false,
  acl: ACL[] = Ids.OPEN_ACL_UNSAFE,
): CreateTxn => ({
  type: OpCode.create,
  path,
  data,
  acl,
  ephemeral,
  parentCVersion,
});
export const del = (path: string): Txn => ({ type: OpCode.delete, path });
export const setData = (path: string, data: string | null, version: number): Txn => ({
  type: OpCode.setData,
  path,
  data,
  version,
});
export const error = (err: number): Txn => ({ type: OpCode.error, err });

export class Rec implements Watcher {
  readonly events: string[] = [];
  readonly acls: (readonly ACL[] | null | undefined)[] = [];
  constructor(readonly sessionId: bigint = S1) {}
  process(e: WatchedEvent, acl?: readonly ACL[] | null): void {
    this.events.push(`${eventTypeName[e.type]} ${e.path}`);
    this.acls.push(acl);
  }
  take(): string[] {
    return this.events.splice(0);
  }
}
