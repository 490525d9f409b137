// FinalRequestProcessor of 3.8: applies a request's txn to the database, answers it, and
// serves reads from the tree (registering watches for the connection). Errors from the txn
// (an ErrorTxn) or from the read become the reply's err code; the reply carries the last
// processed zxid.
import { type ACL, type Id, Perms, type Stat } from '../data.ts';
import type { DataTree, ProcessTxnResult } from '../datatree/DataTree.ts';
import { Code, KeeperException } from '../errors.ts';
import type { MultiOpResult, ReadOp, ReadOpResult, RequestBody } from '../proto.ts';
import { marshallingError } from '../jute/requests.ts';
import type { Request } from './Request.ts';
import type { ServerCnxn } from './ServerCnxn.ts';
import { OpCode } from './txn.ts';
import type { PipelineMetrics } from './PrepRequestProcessor.ts';
import { REPLY_HEADER_SIZE, responseBodySize } from './jute.ts';
import type { Bugs } from '../bugs.ts';

export interface FinalServer {
  readonly tree: DataTree;
  /** Apply a txn (database and session table). */
  applyTxn(request: Request): ProcessTxnResult;
  /** Change records up to zxid are applied. */
  applied(zxid: number): void;
  /** createSession came through: answer the connect request. */
  finishSessionInit(request: Request, valid: boolean): void;
  /** A request of the connection's session failed SessionMoved: close the connection. */
  sessionMoved(request: Request): void;
  /** closeSession came through: drop the session's connection. */
  closeSessionConnection(request: Request): void;
  checkACL(acl: ACL[], perm: number, authInfo: Id[], path: string): void;
  /**
   * FinalRequestProcessor.updateStats: the request is answered (a request with a connection):
   * the server's latency and the connection's last op / cxid / zxid.
   */
  requestFinished(request: Request, lastOp: string, lastZxid: number): void;
  /** Wall-clock ms (propagation latency: now - the txn header's time). */
  wallTime(): number;
  readonly metrics?: PipelineMetrics;
  /** A request failed with an unexpected exception (traced; answered MARSHALLINGERROR). */
  failed(request: Request, e: unknown): void;
  /** Historical bugs switched on (ZK-1412: the reply header's zxid). */
  readonly bugs?: Bugs;
}

/** The lastOp FinalRequestProcessor records per request type (cons' lop=). */
const LAST_OP: Record<number, string> = {
  [OpCode.ping]: 'PING',
  [OpCode.createSession]: 'SESS',
  [OpCode.multi]: 'MULT',
  [OpCode.multiRead]: 'MLTR',
  [OpCode.create]: 'CREA',
  [OpCode.create2]: 'CREA',
  [OpCode.createTTL]: 'CREA',
  [OpCode.createContainer]: 'CREA',
  [OpCode.delete]: 'DELE',
  [OpCode.deleteContainer]: 'DELE',
  [OpCode.setData]: 'SETD',
  [OpCode.reconfig]: 'RECO',
  [OpCode.setACL]: 'SETA',
  [OpCode.closeSession]: 'CLOS',
  [OpCode.sync]: 'SYNC',
  [OpCode.check]: 'CHEC',
  [OpCode.exists]: 'EXIS',
  [OpCode.getData]: 'GETD',
  [OpCode.setWatches]: 'SETW',
  [OpCode.setWatches2]: 'STW2',
  [OpCode.addWatch]: 'ADDW',
  [OpCode.getACL]: 'GETA',
  [OpCode.getChildren]: 'GETC',
  [OpCode.getChildren2]: 'GETC',
  [OpCode.getAllChildrenNumber]: 'GETACN',
  [OpCode.checkWatches]: 'CHKW',
  [OpCode.removeWatches]: 'REMW',
  [OpCode.whoAmI]: 'HOMI',
  [OpCode.getEphemerals]: 'GETE',
};

/** zookeeper.maxResponseCacheSize. */
const RESPONSE_CACHE_SIZE = 400;

/**
 * ResponseCache: the serialised answer of a read kept per path, reused while the node's stat
 * is the same (LRU). Only its hits and misses are visible (mntr).
 */
class ResponseCache {
  private readonly entries = new Map<string, string>();

  /** true on a hit; a miss (re)fills the entry. */
  lookup(path: string, stat: Stat): boolean {
    const key = JSON.stringify(stat, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const have = this.entries.get(path);
    this.entries.delete(path);
    this.entries.set(path, key);
    if (this.entries.size > RESPONSE_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    return have === key;
  }
}

export class FinalRequestProcessor {
  private readonly readCache = new ResponseCache();
  private readonly childrenCache = new ResponseCache();

  constructor(private readonly zks: FinalServer) {}

  processRequest(request: Request): void {
    let rc: ProcessTxnResult | undefined;
    if (request.hdr) {
      rc = this.zks.applyTxn(request);
      this.zks.applied(request.hdr.zxid);
      this.zks.metrics?.sample('propagation_latency', Math.max(0, this.zks.wallTime() - request.hdr.time));
    }
    if (request.type === OpCode.closeSession && request.hdr) {
      // Expiry (no connection) or an explicit close: the session's connection goes away.
      if (!request.cnxn) {
        this.zks.closeSessionConnection(request);
        return;
      }
    }
    const cnxn = request.cnxn as ServerCnxn | null;
    if (!cnxn) return;
    if (request.type === OpCode.createSession) {
      this.zks.requestFinished(request, 'SESS', this.zks.tree.lastProcessedZxid);
      this.zks.finishSessionInit(request, true);
      return;
    }
    let err: number = Code.OK;
    let rsp: unknown;
    try {
      rsp = this.respond(request, rc, cnxn);
    } catch (e) {
      if (e instanceof KeeperException && e.code === Code.SESSIONMOVED) {
        // processRequest, catch SessionMovedException: a connection-level error, no reply —
        // the connection is closed (cnxn.sendCloseSession), or ZOOKEEPER-710 might happen.
        this.zks.sessionMoved(request);
        return;
      }
      if (e instanceof KeeperException) err = e.code;
      else {
        // 3.8 logs "Failed to process" and answers MARSHALLINGERROR (e.g. an unknown addWatch mode).
        this.zks.failed(request, e);
        err = Code.MARSHALLINGERROR;
      }
      rsp = undefined;
    }
    const lastZxid = this.zks.tree.lastProcessedZxid;
    // lastOp stays "NA" when the request failed before its case was reached (an error txn).
    const failedEarly =
      (request.hdr !== undefined && request.hdr.type === OpCode.error) ||
      (request.err !== undefined && request.type !== OpCode.multi && !request.hdr);
    this.zks.requestFinished(request, failedEarly ? 'NA' : (LAST_OP[request.type] ?? 'NA'), lastZxid);
    if (request.type === OpCode.ping) {
      cnxn.reply(request.cxid, lastZxid, Code.OK);
      return;
    }
    const size = responseBodySize(request.type, err, rsp);
    this.countCacheUse(request, err, rsp);
    // ZOOKEEPER-1412 (fixed in 3.3.5/3.4.4): the reply header carried request.zxid — a txn's
    // zxid, or for a read zks.getZxid() at Prep (the leader) or -1 (a learner's read, which
    // never passes Prep) — not getDataTreeLastProcessedZxid(). A client's lastZxid then lags
    // what it has seen, and setWatches on a reconnect fires its watches for changes it saw.
    const replyZxid = this.zks.bugs?.has('ZK-1412') ? (request.hdr?.zxid ?? request.zxid ?? -1) : lastZxid;
    cnxn.reply(request.cxid, replyZxid, err, rsp, size);
    this.zks.metrics?.add('response_bytes', REPLY_HEADER_SIZE + size);
    if (request.type === OpCode.closeSession) this.zks.closeSessionConnection(request);
  }

  /** ServerCnxn.serialize: getData and getChildren2 answers go through a response cache. */
  private countCacheUse(request: Request, err: number, rsp: unknown): void {
    if (err !== Code.OK || rsp === undefined) return;
    const cache =
      request.type === OpCode.getData
        ? this.readCache
        : request.type === OpCode.getChildren2
          ? this.childrenCache
          : undefined;
    const path = (request.body as { path?: string }).path;
    const stat = (rsp as { stat?: Stat }).stat;
    if (!cache || path === undefined || stat === undefined || path.endsWith('zookeeper_stats')) return;
    const hit = cache.lookup(path, stat);
    const which = request.type === OpCode.getData ? 'response_packet_cache' : 'response_packet_get_children_cache';
    this.zks.metrics?.add(`${which}_${hit ? 'hits' : 'misses'}`);
  }

  /** A read's node, after the checks every read makes: it exists (else NONODE) and the ACL allows `perms`. */
  private checkedNode(path: string, perms: number, cnxn: ServerCnxn) {
    const n = this.zks.tree.getNode(path);
    if (!n) throw new KeeperException(Code.NONODE);
    this.zks.checkACL(n.acl, perms, cnxn.authInfo, path);
    return n;
  }

  /** multiRead: each op as handleGetDataRequest / handleGetChildrenRequest (no watch); a failure is its ErrorResult. */
  private readOp(op: ReadOp, cnxn: ServerCnxn): ReadOpResult {
    try {
      this.checkedNode(op.path, Perms.READ, cnxn);
      if (op.op === OpCode.getData) {
        const r = this.zks.tree.getData(op.path, undefined);
        return { op: OpCode.getData, data: r.data, stat: r.stat };
      }
      return { op: OpCode.getChildren, children: this.zks.tree.getChildren(op.path, undefined).children };
    } catch (e) {
      if (!(e instanceof KeeperException)) throw e;
      return { op: OpCode.error, err: e.code };
    }
  }

  private respond(request: Request, rc: ProcessTxnResult | undefined, cnxn: ServerCnxn): unknown {
    const tree = this.zks.tree;
    if (request.hdr && request.hdr.type === OpCode.error)
      throw new KeeperException((request.txn as { err: number }).err);
    if (request.err !== undefined && request.type !== OpCode.multi && !request.hdr)
      throw new KeeperException(request.err);
    // A record the wire could not deserialise (protocol/jute/requests.ts): "Failed to process".
    const unreadable = marshallingError(request.body);
    if (unreadable !== undefined) throw new Error(unreadable);
    const body = request.body as RequestBody & { path: string };
    switch (request.type) {
      case OpCode.ping:
        return undefined;
      case OpCode.multi:
        return { results: rc!.multiResult!.map(toOpResult) };
      case OpCode.multiRead:
        return { results: (body as { ops: ReadOp[] }).ops.map((op) => this.readOp(op, cnxn)) };
      case OpCode.create:
        if (rc!.err !== Code.OK) throw new KeeperException(rc!.err);
        return { path: rc!.path! };
      case OpCode.create2:
      case OpCode.createTTL:
      case OpCode.createContainer:
        if (rc!.err !== Code.OK) throw new KeeperException(rc!.err);
        return { path: rc!.path!, stat: rc!.stat! };
      case OpCode.delete:
      case OpCode.deleteContainer:
      case OpCode.closeSession:
        if (rc!.err !== Code.OK) throw new KeeperException(rc!.err);
        return undefined;
      case OpCode.setData:
      case OpCode.setACL:
      case OpCode.check:
        if (rc!.err !== Code.OK) throw new KeeperException(rc!.err);
        return { stat: rc!.stat! };
      case OpCode.sync:
        return { path: body.path };
      case OpCode.exists: {
        if (body.path.includes('\0')) throw new KeeperException(Code.BADARGUMENTS);
        const watch = (request.body as { watch: boolean }).watch;
        const stat = tree.statNode(body.path, watch ? cnxn : undefined);
        return { stat };
      }
      case OpCode.getData: {
        this.checkedNode(body.path, Perms.READ, cnxn);
        const watch = (request.body as { watch: boolean }).watch;
        const r = tree.getData(body.path, watch ? cnxn : undefined);
        return { data: r.data, stat: r.stat };
      }
      case OpCode.getChildren:
      case OpCode.getChildren2: {
        this.checkedNode(body.path, Perms.READ, cnxn);
        const watch = (request.body as { watch: boolean }).watch;
        const r = tree.getChildren(body.path, watch ? cnxn : undefined);
        return { children: r.children, stat: r.stat };
      }
      case OpCode.getAllChildrenNumber: {
        this.checkedNode(body.path, Perms.READ, cnxn);
        return { totalNumber: tree.getAllChildrenNumber(body.path) };
      }
      case OpCode.getACL: {
        const n = this.checkedNode(body.path, Perms.READ | Perms.ADMIN, cnxn);
        const r = tree.getACL(body.path);
        try {
          this.zks.checkACL(n.acl, Perms.ADMIN, cnxn.authInfo, body.path);
          return { acl: r.acl, stat: r.stat };
        } catch (e) {
          if (!(e instanceof KeeperException) || e.code !== Code.NOAUTH) throw e;
          // Without ADMIN, digest passwords are redacted.
          const acl = r.acl.map((a) =>
            a.id.scheme === 'digest'
              ? { perms: a.perms, id: { scheme: 'digest', id: a.id.id.replace(/:.*/, ':x') } }
              : a,
          );
          return { acl, stat: r.stat };
        }
      }
      case OpCode.getEphemerals: {
        const prefix = (request.body as { prefixPath: string }).prefixPath;
        const all = tree.getEphemerals(request.sessionId);
        const trimmed = prefix.trim();
        const ephemerals = trimmed === '' || trimmed === '/' ? all : all.filter((p) => p.startsWith(prefix));
        return { ephemerals };
      }
      case OpCode.setWatches:
      case OpCode.setWatches2: {
        const b = request.body as Extract<RequestBody, { relativeZxid: number }>;
        tree.setWatches(
          b.relativeZxid,
          b.dataWatches,
          b.existWatches,
          b.childWatches,
          b.persistentWatches,
          b.persistentRecursiveWatches,
          cnxn,
        );
        return undefined;
      }
      case OpCode.addWatch: {
        const b = request.body as { path: string; mode: number };
        tree.addWatch(b.path, cnxn, b.mode);
        return undefined;
      }
      case OpCode.removeWatches:
      case OpCode.checkWatches: {
        const b = request.body as { path: string; type: number };
        const ok =
          request.type === OpCode.removeWatches
            ? tree.removeWatch(b.path, b.type, cnxn)
            : tree.containsWatcher(b.path, b.type, cnxn);
        if (!ok) throw new KeeperException(Code.NOWATCHER, b.path);
        return undefined;
      }
      case OpCode.whoAmI:
        // AuthUtil.getClientInfos: the provider's user name (digest: the part before ':';
        // a scheme with no provider, like super: "").
        return { clientInfo: cnxn.authInfo.map((id) => ({ authScheme: id.scheme, user: userName(id) })) };
      default:
        throw new KeeperException(Code.UNIMPLEMENTED);
    }
  }
}

function toOpResult(r: ProcessTxnResult): MultiOpResult {
  switch (r.type) {
    case OpCode.check:
      return { op: OpCode.check };
    case OpCode.create:
      return { op: OpCode.create, path: r.path! };
    case OpCode.create2:
    case OpCode.createTTL:
    case OpCode.createContainer:
      return { op: OpCode.create2, path: r.path!, stat: r.stat as Stat };
    case OpCode.delete:
    case OpCode.deleteContainer:
      return { op: OpCode.delete };
    case OpCode.setData:
      return { op: OpCode.setData, stat: r.stat as Stat };
    default:
      return { op: OpCode.error, err: r.err };
  }
}

/** AuthUtil.getUser: AuthenticationProvider.getUserName of the id's scheme ("" without a provider). */
function userName(id: Id): string {
  if (id.scheme === 'digest') return id.id.split(':')[0]!;
  if (id.scheme === 'ip' || id.scheme === 'sasl' || id.scheme === 'x509') return id.id;
  return '';
}
