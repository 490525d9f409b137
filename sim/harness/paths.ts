// Which client-facing paths a run exercised, counted from its trace (issue 13: "so a blind spot
// shows up as a zero"): watch events by type and the watches set, removeWatches, session expiries
// and what clients learned of them, new sessions after an expiry, refusals of a client that has
// seen a later zxid ("Refusing session request for client ..."), closes and expiries that
// removed ephemerals, client process crashes, vanishes and pauses, session reconnects, reads of
// ephemeral and sequential nodes, sync, multi, multiRead, setACL and NoAuth, containers and
// TTL nodes. Every key is always there (0 when the path did not run). `run --json` shows a
// run's counts (RunResult.paths); fuzz sums them over the sweep.
import { EventType } from '../../protocol/data.ts';
import { Code } from '../../protocol/errors.ts';
import { OpCode } from '../../protocol/server/txn.ts';
import type { TraceEvent } from '../engine/trace.ts';

export const PATH_COUNTERS = [
  'watchSet.data',
  'watchSet.exist',
  'watchSet.child',
  'watchSet.persistent',
  'watchSet.recursive',
  'watchEvent.NodeCreated',
  'watchEvent.NodeDeleted',
  'watchEvent.NodeDataChanged',
  'watchEvent.NodeChildrenChanged',
  'watchEvent.removed',
  'removeWatches',
  'sessionExpiries',
  'expiriesWithEphemerals',
  'clientsToldExpired',
  'newSessionsAfterExpiry',
  'closesWithEphemerals',
  'refusals',
  'sessionReconnects',
  'clientCrashes',
  'clientVanishes',
  'clientPauses',
  'ephemeralReads',
  'sequentialReads',
  'sequentialCreates',
  'syncs',
  'multi',
  'multiRead',
  'setACL',
  'noAuth',
  'containerCreates',
  'containerDeletes',
  'ttlCreates',
] as const;
export type PathCounter = (typeof PATH_COUNTERS)[number];
export type PathCounts = Record<PathCounter, number>;

export function zeroPaths(): PathCounts {
  return Object.fromEntries(PATH_COUNTERS.map((k) => [k, 0])) as PathCounts;
}

export function addPaths(into: PathCounts, more: Partial<PathCounts> | undefined): void {
  if (!more) return;
  for (const k of PATH_COUNTERS) into[k] += more[k] ?? 0;
}

const WATCH_EVENTS: Record<number, PathCounter> = {
  [EventType.NodeCreated]: 'watchEvent.NodeCreated',
  [EventType.NodeDeleted]: 'watchEvent.NodeDeleted',
  [EventType.NodeDataChanged]: 'watchEvent.NodeDataChanged',
  [EventType.NodeChildrenChanged]: 'watchEvent.NodeChildrenChanged',
  [EventType.DataWatchRemoved]: 'watchEvent.removed',
  [EventType.ChildWatchRemoved]: 'watchEvent.removed',
  [EventType.PersistentWatchRemoved]: 'watchEvent.removed',
};
const OK_RETURNS: Partial<Record<number, PathCounter>> = {
  [OpCode.removeWatches]: 'removeWatches',
  [OpCode.sync]: 'syncs',
  [OpCode.multi]: 'multi',
  [OpCode.multiRead]: 'multiRead',
  [OpCode.setACL]: 'setACL',
  [OpCode.createContainer]: 'containerCreates',
  [OpCode.createTTL]: 'ttlCreates',
};
const SEQUENTIAL = /\d{10}$/;
const isClient = (node: string) => /^c\d+$/.test(node);

export class PathCounterSet {
  readonly counts = zeroPaths();
  /** Ephemeral paths as first delivered (highest zxid so far), to tell reads of them. */
  private readonly ephemerals = new Set<string>();
  private maxZxid = -1;
  private readonly closing = new Set<bigint>();
  private readonly expired = new Set<bigint>();
  /** Per client node: its sessions so far, and whether one of them expired. */
  private readonly sessions = new Map<string, Set<bigint>>();
  private readonly expiredNodes = new Set<string>();

  readonly onEvent = (ev: TraceEvent): void => {
    const c = this.counts;
    switch (ev.k) {
      case 'client.call':
        if (ev.watch) c[`watchSet.${ev.watch}`]++;
        if (ev.op === OpCode.closeSession) this.closing.add(ev.session);
        return;
      case 'client.event': {
        const k = ev.path !== null ? WATCH_EVENTS[ev.type] : undefined;
        if (k) c[k]++;
        return;
      }
      case 'client.return': {
        if (ev.rc === Code.NOAUTH) c.noAuth++;
        if (ev.rc !== Code.OK) return;
        const k = OK_RETURNS[ev.op];
        if (k) c[k]++;
        if (ev.op === OpCode.getData || ev.op === OpCode.exists) {
          if (this.ephemerals.has(ev.path)) c.ephemeralReads++;
          if (SEQUENTIAL.test(ev.path)) c.sequentialReads++;
        }
        if (ev.created !== undefined && SEQUENTIAL.test(ev.created)) c.sequentialCreates++;
        return;
      }
      case 'client.expired':
        c.clientsToldExpired++;
        this.expiredNodes.add(ev.n);
        return;
      case 'client.connected': {
        let mine = this.sessions.get(ev.n);
        if (!mine) this.sessions.set(ev.n, (mine = new Set()));
        if (mine.has(ev.session)) c.sessionReconnects++;
        else {
          if (this.expiredNodes.has(ev.n) || [...mine].some((s) => this.expired.has(s))) c.newSessionsAfterExpiry++;
          this.expiredNodes.delete(ev.n);
          mine.add(ev.session);
        }
        return;
      }
      case 'zk.session-expire':
        if (!this.expired.has(ev.session)) c.sessionExpiries++;
        this.expired.add(ev.session);
        return;
      case 'zk.refuse':
        if (ev.reason.startsWith('Refusing session request')) c.refusals++;
        return;
      case 'zk.container-delete':
        c.containerDeletes++;
        return;
      case 'proc':
        if (!isClient(ev.n)) return;
        if (ev.what === 'pause') c.clientPauses++;
        else if (ev.what === 'crash')
          c[(ev as { cause?: string }).cause === 'power-off' ? 'clientVanishes' : 'clientCrashes']++;
        return;
      case 'zab.deliver': {
        if (ev.zxid <= this.maxZxid) return;
        this.maxZxid = ev.zxid;
        if (ev.type === OpCode.closeSession) {
          if ((ev.paths?.length ?? 0) > 0) {
            if (this.closing.has(ev.session)) c.closesWithEphemerals++;
            else c.expiriesWithEphemerals++;
          }
          for (const p of ev.paths ?? []) this.ephemerals.delete(p);
          return;
        }
        if (ev.ephemeralOwner !== undefined && ev.path !== undefined) this.ephemerals.add(ev.path);
        else if (ev.path !== undefined && (ev.type === OpCode.delete || ev.type === OpCode.deleteContainer))
          this.ephemerals.delete(ev.path);
        for (const op of ev.ops ?? []) {
          if (op.ephemeralOwner !== undefined && op.path !== undefined) this.ephemerals.add(op.path);
          else if (op.path !== undefined && op.type === OpCode.delete) this.ephemerals.delete(op.path);
        }
        return;
      }
      default:
        return;
    }
  };
}

/** The counts as one line: `k=n` for each, the zeros listed last as blind spots. */
export function describePaths(p: PathCounts): string {
  const hit = PATH_COUNTERS.filter((k) => p[k] > 0).map((k) => `${k}=${p[k]}`);
  const zero = PATH_COUNTERS.filter((k) => p[k] === 0);
  return `paths: ${hit.join(' ')}${zero.length > 0 ? `; never reached: ${zero.join(' ')}` : '; every path reached'}`;
}
