// Applying a committed txn to a server's database, and telling the checkers (zab.deliver, with
// what the session and durability checkers need: the created path and ephemeral owner, the
// ephemerals a closeSession removed, a multi's sub-ops as applied).
import type { Context } from '../actor.ts';
import type { ProcessTxnResult } from '../datatree/DataTree.ts';
import { OpCode, type LoggedTxn, type Txn } from '../server/txn.ts';
import type { ZKDatabase } from '../storage/ZKDatabase.ts';
import type { DeliveredOp, ProtocolTraceEvents } from '../trace.ts';

function ephemeralCreate(t: Txn): boolean {
  return (t.type === OpCode.create || t.type === OpCode.create2) && t.ephemeral;
}

/**
 * Apply a committed txn. committedLog: FinalRequestProcessor's ZooKeeperServer.processTxn(Request)
 * adds it to the committedLog (for DIFF syncs); the learner's processTxn(hdr, txn) during a
 * sync does not.
 */
export function deliverTxn(ctx: Context, db: ZKDatabase, t: LoggedTxn, committedLog = true): ProcessTxnResult {
  const { hdr, txn } = t;
  const before = hdr.type === OpCode.closeSession ? db.tree.getEphemerals(hdr.clientId) : undefined;
  const rc = db.processTxn(hdr, txn);
  if (committedLog) db.addCommittedProposal(t);
  const ev: ProtocolTraceEvents['zab.deliver'] = {
    zxid: hdr.zxid,
    type: hdr.type,
    session: hdr.clientId,
    cxid: hdr.cxid,
  };
  if (rc.err === 0 && rc.path !== undefined) {
    ev.path = rc.path;
    if (ephemeralCreate(txn)) ev.ephemeralOwner = hdr.clientId;
  }
  if (before) ev.paths = before.filter((p) => db.tree.getNode(p) === undefined);
  if (txn.type === OpCode.multi && rc.multiResult) {
    ev.ops = rc.multiResult.map((r, i): DeliveredOp => {
      const op: DeliveredOp = { type: r.type };
      if (r.path !== undefined) op.path = r.path;
      const sub = txn.txns[i];
      if (r.err === 0 && sub && ephemeralCreate(sub)) op.ephemeralOwner = hdr.clientId;
      return op;
    });
  }
  // DataTree.processTxn(hdr, txn, digest) → compareDigest: 3.8 checks the tree's digest after
  // every txn it applies (ZOOKEEPER-3114); the digest checker compares it across servers.
  ev.digest = db.tree.digest;
  ctx.trace('zab.deliver', ev);
  return rc;
}
