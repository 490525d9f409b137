// PrepRequestProcessor of 3.8: turns a write request into a txn. It assigns the zxid, checks
// ACLs and versions against the tree *as it will be* once every outstanding change is
// applied (ChangeRecords), names sequential nodes after the parent's cversion (%010d), and
// turns any KeeperException into an ErrorTxn — a failed write still consumes its zxid and is
// logged, as in the real server. A multi gets one zxid for all its ops and rolls its change
// records back when an op fails.
import { type ACL, type CreateMode, type Id, Perms, isContainer, isEphemeral, isSequential, isTTL } from '../data.ts';
import type { StatPersisted } from '../datatree/DataNode.ts';
import type { JavaHashSet } from '../datatree/JavaHashSet.ts';
import {
  CONTAINER_EPHEMERAL_OWNER,
  ephemeralTypeOf,
  ttlToEphemeralOwner,
  validateTTL,
} from '../datatree/EphemeralType.ts';
import { Code, KeeperException } from '../errors.ts';
import type { MultiOp, RequestBody } from '../proto.ts';
import type { Request } from './Request.ts';
import { marshallingError } from '../jute/requests.ts';
import { type CloseSessionTxn, OpCode, type Txn, type TxnHeader } from './txn.ts';

/** A pending change to one path (stat null: the node is being deleted). */
export interface ChangeRecord {
  zxid: number;
  path: string;
  stat: StatPersisted | null;
  childCount: number;
  acl: ACL[];
  data: string | null;
}

/** What PrepRequestProcessor needs of its ZooKeeperServer. */
export interface PrepServer {
  getNextZxid(): number;
  /** Wall-clock ms for the txn header. */
  time(): number;
  /** The node as the data tree has it now, or undefined. */
  lookup(path: string): { stat: StatPersisted; childCount: number; acl: ACL[]; data: string | null } | undefined;
  /** Ephemerals of a session in the data tree (a copy, in the order 3.8's HashSet keeps). */
  ephemerals(sessionId: bigint): JavaHashSet;
  isSpecialPath(path: string): boolean;
  validatePath(path: string): void;
  checkACL(acl: ACL[], perm: number, authInfo: Id[], path: string): void;
  fixupACL(path: string, authInfo: Id[], acl: ACL[]): ACL[];
  checkQuota(path: string, lastData: string | null, data: string | null, op: number): void;
  /** SessionTracker.checkSession(sessionId, owner): UnknownSession / SessionExpired / SessionMoved. */
  checkSession(sessionId: bigint, owner: unknown): void;
  /** SessionTracker.checkGlobalSession: as checkSession, an unknown session SessionExpired. */
  checkGlobalSession(sessionId: bigint, owner: unknown): void;
  /** ZooKeeperServer.setOwner (createSession): SessionExpired for an unknown or closing session. */
  setOwner(sessionId: bigint, owner: unknown): void;
  setSessionClosing(sessionId: bigint): void;
  /** ZooKeeperServer.getZxid: the last zxid assigned (hzxid). */
  readonly hzxid: number;
  readonly extendedTypesEnabled: boolean;
  /** Hand the prepared request on (SyncRequestProcessor, or the leader's proposal path). */
  next(request: Request): void;
  /** ServerMetrics (mntr), when the server keeps them. */
  readonly metrics?: PipelineMetrics;
}

/** What the request processors record in ServerMetrics (counters, summaries by mntr name). */
export interface PipelineMetrics {
  add(counter: string, n?: number): void;
  sample(summary: string, v: number): void;
}

/** The requests whose record PrepRequestProcessor reads after it has made their txn header. */
const TXN_OPS: ReadonlySet<number> = new Set([
  OpCode.create,
  OpCode.create2,
  OpCode.createContainer,
  OpCode.createTTL,
  OpCode.delete,
  OpCode.setData,
  OpCode.setACL,
  OpCode.multi,
  OpCode.reconfig,
]);

export class PrepRequestProcessor {
  /** Outstanding changes in zxid order, and the newest per path. */
  readonly outstandingChanges: ChangeRecord[] = [];
  readonly outstandingChangesForPath = new Map<string, ChangeRecord>();

  constructor(private readonly zks: PrepServer) {}

  processRequest(request: Request): void {
    const m = this.zks.metrics;
    // Queued, taken at once (the run loop samples the queue again), prepared, passed on.
    m?.add('prep_processor_request_queued');
    m?.sample('prep_processor_queue_time_ms', 0);
    this.pRequest(request);
    // pRequest's end: request.zxid = zks.getZxid() (what ZK-1412's reply header carried).
    if (!request.hdr) request.zxid = this.zks.hzxid;
    m?.sample('prep_process_time', 0);
    this.zks.next(request);
    m?.sample('proposal_process_time', 0);
    m?.sample('prep_processor_queue_size', 0);
  }

  /** FinalRequestProcessor applied everything up to zxid: forget those change records. */
  applied(zxid: number): void {
    while (this.outstandingChanges.length > 0 && this.outstandingChanges[0]!.zxid <= zxid) {
      const cr = this.outstandingChanges.shift()!;
      this.zks.metrics?.add('outstanding_changes_removed');
      if (this.outstandingChangesForPath.get(cr.path) === cr) this.outstandingChangesForPath.delete(cr.path);
    }
  }

  private pRequest(request: Request): void {
    const body = request.body;
    // pRequest2Txn sets the header, then reads the record: one the wire could not deserialise
    // (protocol/jute/requests.ts) is "Failed to process", an error txn of MARSHALLINGERROR.
    if (marshallingError(body) !== undefined && TXN_OPS.has(request.type)) {
      request.hdr = this.header(request, this.zks.getNextZxid(), request.type);
      request.hdr.type = OpCode.error;
      request.txn = { type: OpCode.error, err: Code.MARSHALLINGERROR };
      return;
    }
    switch (request.type) {
      case OpCode.createContainer:
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createTTL:
      case OpCode.deleteContainer:
      case OpCode.delete:
      case OpCode.setData:
      case OpCode.setACL:
      case OpCode.check:
      case OpCode.reconfig:
        this.prepOne(request, body);
        return;
      case OpCode.multi:
        this.prepMulti(request, (body as { ops: MultiOp[] }).ops);
        return;
      case OpCode.createSession:
      case OpCode.closeSession:
        this.prepOne(request, body);
        return;
      default:
        // Reads, sync, ping, setWatches, ...: no txn. The session must be alive and owned by
        // the connection it came on (PrepRequestProcessor.pRequest: checkSession for each).
        try {
          if (request.sessionId !== 0n) this.zks.checkSession(request.sessionId, owner(request));
        } catch (e) {
          if (!(e instanceof KeeperException)) throw e;
          request.err = e.code;
        }
    }
  }

  private header(request: Request, zxid: number, type: number): TxnHeader {
    return {
      clientId: request.sessionId,
      cxid: request.cxid,
      zxid,
      time: this.zks.time(),
      type: type as TxnHeader['type'],
    };
  }

  private prepOne(request: Request, body: RequestBody): void {
    const zxid = this.zks.getNextZxid();
    request.hdr = this.header(request, zxid, request.type);
    try {
      request.txn = this.pRequest2Txn(request.type, zxid, request, body);
    } catch (e) {
      if (!(e instanceof KeeperException)) throw e;
      request.hdr.type = OpCode.error;
      request.txn = { type: OpCode.error, err: e.code };
      request.err = e.code;
    }
  }

  private prepMulti(request: Request, ops: MultiOp[]): void {
    // Each op of a multi has the same zxid.
    const zxid = this.zks.getNextZxid();
    request.hdr = this.header(request, zxid, OpCode.multi);
    const pending = this.pendingChanges(ops);
    const txns: Txn[] = [];
    let failed: KeeperException | undefined;
    for (const op of ops) {
      if (failed) {
        txns.push({ type: OpCode.error, err: Code.RUNTIMEINCONSISTENCY });
        continue;
      }
      try {
        txns.push(this.pRequest2Txn(op.op, zxid, request, op as RequestBody));
      } catch (e) {
        if (!(e instanceof KeeperException)) throw e;
        failed = e;
        txns.push({ type: OpCode.error, err: e.code });
        request.err = e.code;
        this.rollbackPendingChanges(zxid, pending);
      }
    }
    request.txn = { type: OpCode.multi, txns };
  }

  /** The change records a multi may overwrite, to restore if it fails. */
  private pendingChanges(ops: MultiOp[]): Map<string, ChangeRecord> {
    const m = new Map<string, ChangeRecord>();
    for (const op of ops) {
      const paths = [op.path];
      const slash = op.path.lastIndexOf('/');
      if (slash > 0) paths.push(op.path.slice(0, slash));
      else if (slash === 0) paths.push('/');
      for (const p of paths) {
        const cr = this.outstandingChangesForPath.get(p);
        if (cr) m.set(p, cr);
      }
    }
    return m;
  }

  private rollbackPendingChanges(zxid: number, pending: Map<string, ChangeRecord>): void {
    // Remove this multi's records (they are at the tail), then restore what they shadowed.
    while (
      this.outstandingChanges.length > 0 &&
      this.outstandingChanges[this.outstandingChanges.length - 1]!.zxid === zxid
    ) {
      const cr = this.outstandingChanges.pop()!;
      if (this.outstandingChangesForPath.get(cr.path) === cr) this.outstandingChangesForPath.delete(cr.path);
    }
    if (this.outstandingChanges.length === 0) return;
    const firstZxid = this.outstandingChanges[0]!.zxid;
    for (const [path, cr] of pending) {
      if (cr.zxid < firstZxid) continue; // already applied
      this.outstandingChangesForPath.set(path, cr);
    }
  }

  private addChangeRecord(c: ChangeRecord): void {
    this.zks.metrics?.add('outstanding_changes_queued');
    this.outstandingChanges.push(c);
    this.outstandingChangesForPath.set(c.path, c);
  }

  private getRecordForPath(path: string): ChangeRecord {
    const pending = this.outstandingChangesForPath.get(path);
    if (pending) {
      if (pending.stat === null) throw new KeeperException(Code.NONODE, path);
      return pending;
    }
    const n = this.zks.lookup(path);
    if (!n) throw new KeeperException(Code.NONODE, path);
    return { zxid: -1, path, stat: { ...n.stat }, childCount: n.childCount, acl: n.acl, data: n.data };
  }

  private duplicate(r: ChangeRecord, zxid: number): ChangeRecord {
    return {
      zxid,
      path: r.path,
      stat: r.stat ? { ...r.stat } : null,
      childCount: r.childCount,
      acl: r.acl,
      data: r.data,
    };
  }

  private validatePath(path: string): void {
    try {
      this.zks.validatePath(path);
    } catch {
      throw new KeeperException(Code.BADARGUMENTS, path);
    }
  }

  private static checkAndIncVersion(current: number, expected: number, path: string): number {
    if (expected !== -1 && expected !== current) throw new KeeperException(Code.BADVERSION, path);
    return current === 0x7fffffff ? -0x80000000 : current + 1;
  }

  private pRequest2Txn(type: number, zxid: number, request: Request, body: RequestBody): Txn {
    const zks = this.zks;
    switch (type) {
      case OpCode.create:
      case OpCode.create2:
      case OpCode.createTTL:
      case OpCode.createContainer:
        return this.pRequest2TxnCreate(type, zxid, request, body as Extract<RequestBody, { flags: number }>);
      case OpCode.deleteContainer:
      case OpCode.delete: {
        if (type === OpCode.delete) zks.checkSession(request.sessionId, owner(request));
        const { path } = body as { path: string };
        const version = type === OpCode.delete ? (body as { version: number }).version : -1;
        // getParentPathAndValidate
        const lastSlash = path.lastIndexOf('/');
        if (lastSlash === -1 || path.includes('\0') || zks.isSpecialPath(path))
          throw new KeeperException(Code.BADARGUMENTS, path);
        const parentPath = lastSlash === 0 ? '/' : path.slice(0, lastSlash);
        let parentRecord: ChangeRecord;
        if (type === OpCode.delete) {
          // DELETE permission on the parent is checked before the node is looked up: deleting
          // a missing child of a node you may not delete from is NoAuth, not NoNode.
          parentRecord = this.getRecordForPath(parentPath);
          zks.checkACL(parentRecord.acl, Perms.DELETE, request.cnxn?.authInfo ?? [], path);
          const nodeRecord = this.getRecordForPath(path);
          PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.version, version, path);
          if (nodeRecord.childCount > 0) throw new KeeperException(Code.NOTEMPTY, path);
        } else {
          const nodeRecord = this.getRecordForPath(path);
          if (nodeRecord.childCount > 0) throw new KeeperException(Code.NOTEMPTY, path);
          // 3.8.0 refuses only a session's ephemeral (EphemeralType NORMAL), with BadVersion.
          if (ephemeralTypeOf(nodeRecord.stat!.ephemeralOwner, zks.extendedTypesEnabled) === 'NORMAL')
            throw new KeeperException(Code.BADVERSION, path);
          parentRecord = this.getRecordForPath(parentPath);
        }
        parentRecord = this.duplicate(parentRecord, zxid);
        parentRecord.childCount--;
        parentRecord.stat!.pzxid = zxid;
        this.addChangeRecord(parentRecord);
        this.addChangeRecord({ zxid, path, stat: null, childCount: -1, acl: [], data: null });
        return { type, path } as Txn;
      }
      case OpCode.setData: {
        zks.checkSession(request.sessionId, owner(request));
        const b = body as { path: string; data: string | null; version: number };
        this.validatePath(b.path);
        let nodeRecord = this.getRecordForPath(b.path);
        zks.checkACL(nodeRecord.acl, Perms.WRITE, request.cnxn?.authInfo ?? [], b.path);
        zks.checkQuota(b.path, nodeRecord.data, b.data, OpCode.setData);
        const newVersion = PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.version, b.version, b.path);
        nodeRecord = this.duplicate(nodeRecord, zxid);
        nodeRecord.stat!.version = newVersion;
        nodeRecord.stat!.mtime = request.hdr!.time;
        nodeRecord.stat!.mzxid = zxid;
        nodeRecord.data = b.data;
        this.addChangeRecord(nodeRecord);
        return { type: OpCode.setData, path: b.path, data: b.data, version: newVersion };
      }
      case OpCode.setACL: {
        zks.checkSession(request.sessionId, owner(request));
        const b = body as { path: string; acl: ACL[]; version: number };
        this.validatePath(b.path);
        const listACL = zks.fixupACL(b.path, request.cnxn?.authInfo ?? [], b.acl);
        let nodeRecord = this.getRecordForPath(b.path);
        zks.checkACL(nodeRecord.acl, Perms.ADMIN, request.cnxn?.authInfo ?? [], b.path);
        const newVersion = PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.aversion, b.version, b.path);
        nodeRecord = this.duplicate(nodeRecord, zxid);
        nodeRecord.stat!.aversion = newVersion;
        nodeRecord.acl = listACL;
        this.addChangeRecord(nodeRecord);
        return { type: OpCode.setACL, path: b.path, acl: listACL, version: newVersion };
      }
      case OpCode.check: {
        zks.checkSession(request.sessionId, owner(request));
        const b = body as { path: string; version: number };
        this.validatePath(b.path);
        const nodeRecord = this.getRecordForPath(b.path);
        zks.checkACL(nodeRecord.acl, Perms.READ, request.cnxn?.authInfo ?? [], b.path);
        return {
          type: OpCode.check,
          path: b.path,
          version: PrepRequestProcessor.checkAndIncVersion(nodeRecord.stat!.version, b.version, b.path),
        };
      }
      case OpCode.createSession:
        // pRequest2Txn: the session is tracked, its owner the connection that asked for it.
        zks.setOwner(request.sessionId, owner(request));
        return { type: OpCode.createSession, timeOut: request.timeout! };
      case OpCode.closeSession: {
        // No checkSession: the expirer queues it without owning the session (pRequest2Txn).
        // The ephemerals it owns, as they will be once every outstanding change is applied.
        const es = this.zks.ephemerals(request.sessionId);
        for (const c of this.outstandingChanges) {
          if (c.stat === null) es.delete(c.path);
          else if (c.stat.ephemeralOwner === request.sessionId) es.add(c.path);
        }
        const paths2Delete = [...es.values()];
        for (const p of paths2Delete)
          this.addChangeRecord({ zxid, path: p, stat: null, childCount: 0, acl: [], data: null });
        zks.setSessionClosing(request.sessionId);
        const txn: CloseSessionTxn = { type: OpCode.closeSession, paths2Delete };
        return txn;
      }
      case OpCode.reconfig:
        // reconfigEnabled is false (3.8's default, and the only setting here).
        throw new KeeperException(Code.RECONFIGDISABLED);
      default:
        throw new KeeperException(Code.UNIMPLEMENTED);
    }
  }

  private pRequest2TxnCreate(
    type: number,
    zxid: number,
    request: Request,
    b: Extract<RequestBody, { flags: number }>,
  ): Txn {
    const zks = this.zks;
    const ttl = type === OpCode.createTTL ? (b as { ttl: number }).ttl : -1;
    const mode = b.flags as CreateMode;
    if (mode < 0 || mode > 6) throw new KeeperException(Code.BADARGUMENTS, b.path);
    // validateCreateRequest
    if (isTTL(mode) && !zks.extendedTypesEnabled) throw new KeeperException(Code.UNIMPLEMENTED);
    try {
      validateTTL(isTTL(mode), String(mode), ttl);
    } catch {
      throw new KeeperException(Code.BADARGUMENTS, b.path);
    }
    // validateCreateRequest: an ephemeral needs a global session (checkGlobalSession), any
    // other create a live session this connection owns (checkSession).
    if (isEphemeral(mode)) zks.checkGlobalSession(request.sessionId, owner(request));
    else zks.checkSession(request.sessionId, owner(request));
    // validatePathForCreate
    let path = b.path;
    const lastSlash = path.lastIndexOf('/');
    if (lastSlash === -1 || path.includes('\0')) throw new KeeperException(Code.BADARGUMENTS, path);
    const parentPath = lastSlash === 0 ? '/' : path.slice(0, lastSlash);
    const authInfo = request.cnxn?.authInfo ?? [];
    const listACL = zks.fixupACL(path, authInfo, b.acl);
    let parentRecord = this.getRecordForPath(parentPath);
    zks.checkACL(parentRecord.acl, Perms.CREATE, authInfo, path);
    const parentCVersion = parentRecord.stat!.cversion;
    if (isSequential(mode)) path = path + sequenceSuffix(parentCVersion);
    this.validatePath(path);
    let exists = true;
    try {
      this.getRecordForPath(path);
    } catch (e) {
      if (!(e instanceof KeeperException) || e.code !== Code.NONODE) throw e;
      exists = false;
    }
    if (exists) throw new KeeperException(Code.NODEEXISTS, path);
    if (ephemeralTypeOf(parentRecord.stat!.ephemeralOwner, zks.extendedTypesEnabled) === 'NORMAL') {
      throw new KeeperException(Code.NOCHILDRENFOREPHEMERALS, path);
    }
    const newCversion = parentRecord.stat!.cversion + 1;
    zks.checkQuota(path, null, b.data, OpCode.create);
    let txn: Txn;
    if (type === OpCode.createContainer)
      txn = { type: OpCode.createContainer, path, data: b.data, acl: listACL, parentCVersion: newCversion };
    else if (type === OpCode.createTTL)
      txn = { type: OpCode.createTTL, path, data: b.data, acl: listACL, parentCVersion: newCversion, ttl };
    else
      txn = {
        type: type as typeof OpCode.create,
        path,
        data: b.data,
        acl: listACL,
        ephemeral: isEphemeral(mode),
        parentCVersion: newCversion,
      };
    const ephemeralOwner = isContainer(mode)
      ? CONTAINER_EPHEMERAL_OWNER
      : isTTL(mode)
        ? ttlToEphemeralOwner(ttl)
        : isEphemeral(mode)
          ? request.sessionId
          : 0n;
    const time = request.hdr!.time;
    const s: StatPersisted = {
      czxid: zxid,
      mzxid: zxid,
      ctime: time,
      mtime: time,
      version: 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner,
      pzxid: zxid,
    };
    parentRecord = this.duplicate(parentRecord, zxid);
    parentRecord.childCount++;
    parentRecord.stat!.cversion = newCversion;
    parentRecord.stat!.pzxid = zxid;
    this.addChangeRecord(parentRecord);
    this.addChangeRecord({ zxid, path, stat: s, childCount: 0, acl: listACL, data: b.data });
    return txn;
  }
}

/** Request.getOwner: null when the server made the request itself. */
function owner(request: Request): unknown {
  return request.owner ?? null;
}

/** String.format("%010d", n): zero-padded to 10 characters, the sign first. */
export function sequenceSuffix(n: number): string {
  return n < 0 ? `-${String(-n).padStart(9, '0')}` : String(n).padStart(10, '0');
}
