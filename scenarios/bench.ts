// The worlds `zksim bench` times (sim/cli/bench.ts reads the wall clock; nothing here does):
// - ensemble: servers under many sessions writing (create, setData, delete of 1 KB values), no
//   faults, every message, disk write and fsync simulated; it counts committed txns;
// - election: an ensemble whose leader is killed again and again, each time until a new one is
//   established (the old one restarts and rejoins);
// - scale: a large ensemble (voters and observers) whose servers start from one snapshot of many
//   znodes, then many sessions, one write each: elect, sync, commit, each a phase of its own.
import { Ids } from '../protocol/data.ts';
import { DataTree } from '../protocol/datatree/DataTree.ts';
import type { SnapshotNode } from '../protocol/datatree/DataTree.ts';
import { adler32 } from '../protocol/storage/checksum.ts';
import { toJson } from '../protocol/storage/json.ts';
import { makeZxid } from '../protocol/zxid.ts';
import { World } from '../sim/engine/world.ts';
import type { WorkloadClientSpec, WorkloadOp } from '../sim/faults/workload.ts';
import { RoleTracker } from '../sim/faults/roles.ts';
import { dataDir, installEnsemble, nodeName } from './ensemble.ts';
import { WorkloadClient } from './workload.ts';

/** A world stepped phase by phase until a condition, with counts read off its trace. */
export class BenchWorld {
  readonly world: World;
  readonly roles = new RoleTracker();
  commits = 0;
  returns = 0;
  established = 0;
  uptodate = 0;
  connected = 0;
  /** The epoch of the last leader established. */
  epoch = 0;

  constructor(seed: number) {
    this.world = new World(seed, { ringSize: 16 });
    this.world.trace.subscribe((ev) => {
      this.roles.onEvent(ev);
      switch (ev.k) {
        case 'zab.commit':
          this.commits++;
          break;
        case 'client.return':
          this.returns++;
          break;
        case 'zab.established':
          this.established++;
          this.epoch = ev.epoch;
          break;
        case 'zab.uptodate':
          this.uptodate++;
          break;
        case 'client.connected':
          this.connected++;
          break;
      }
    });
  }

  /** Run until `done` (or the simulated time limit, or quiescence); false if it did not get there. */
  runUntil(done: () => boolean, limitMs = 3_600_000): boolean {
    if (done()) return true;
    this.world.run({ untilMs: this.world.nowMs + limitMs, stopWhen: done, stopOnViolation: false });
    return done();
  }

  get events(): number {
    return this.world.trace.count;
  }
}

const connectString = (n: number) => Array.from({ length: n }, (_, i) => `localhost:${2182 + i}`).join(',');

function addClients(b: BenchWorld, servers: number, specs: WorkloadClientSpec[]): void {
  const cs = connectString(servers);
  specs.forEach((spec, i) => {
    const name = `c${i + 1}`;
    b.world.addNode(name, (ctx) => new WorkloadClient(ctx, { connectString: cs, spec }));
    b.world.at(spec.startMs, `client ${i + 1}`, () => b.world.start(name));
  });
}

/** One session's writes: create, setData, delete of its own znodes with `bytes`-byte values, `writes` in all. */
export function writerOps(client: number, writes: number, bytes: number): WorkloadOp[] {
  const value = 'x'.repeat(bytes);
  const ops: WorkloadOp[] = [];
  for (let k = 0; ops.length < writes; k++) {
    const path = `/b${client}-${k}`;
    ops.push({ op: 'create', path, data: value, thinkMs: 0 });
    if (ops.length < writes) ops.push({ op: 'setData', path, data: value, thinkMs: 0 });
    if (ops.length < writes) ops.push({ op: 'delete', path, thinkMs: 0 });
  }
  return ops;
}

export interface EnsembleBenchShape {
  servers: number;
  sessions: number;
  /** Writes in all, spread over the sessions. */
  writes: number;
  bytes: number;
}

/** The ensemble, elected and every session connected (untimed set-up); `run()` then does the writes. */
export function ensembleBench(shape: EnsembleBenchShape, seed = 1) {
  const b = new BenchWorld(seed);
  installEnsemble(b.world, { servers: shape.servers });
  for (let sid = 1; sid <= shape.servers; sid++) b.world.at(sid, `start ${sid}`, () => b.world.start(nodeName(sid)));
  const per = Math.ceil(shape.writes / shape.sessions);
  const specs: WorkloadClientSpec[] = [];
  for (let c = 0; c < shape.sessions; c++) {
    const n = Math.min(per, shape.writes - c * per);
    if (n <= 0) break;
    specs.push({ startMs: 3000, sessionTimeoutMs: 30_000, ops: writerOps(c + 1, n, shape.bytes) });
  }
  addClients(b, shape.servers, specs);
  const total = specs.reduce((n, s) => n + s.ops.length, 0);
  if (!b.runUntil(() => b.established > 0 && b.connected >= specs.length))
    throw new Error('ensemble bench: no leader, or sessions not connected');
  const before = b.commits;
  return {
    bench: b,
    writes: total,
    /** Run every write; returns the txns committed meanwhile (writes, and the sessions' own). */
    run(): { committed: number; simMs: number; complete: boolean } {
      const t0 = b.world.nowMs;
      const complete = b.runUntil(() => b.returns >= total);
      return { committed: b.commits - before, simMs: b.world.nowMs - t0, complete };
    },
  };
}

/** An ensemble with a leader; each `failover()` kills the leader and runs until another is established. */
export function electionBench(servers: number, seed = 1) {
  const b = new BenchWorld(seed);
  installEnsemble(b.world, { servers });
  for (let sid = 1; sid <= servers; sid++) b.world.at(sid, `start ${sid}`, () => b.world.start(nodeName(sid)));
  if (!b.runUntil(() => b.established > 0)) throw new Error('election bench: no leader established');
  return {
    bench: b,
    /** Kill the leader; run until a leader of a later epoch is established; restart the old one. */
    failover(): { simMs: number } {
      const leader = b.roles.leader();
      if (!leader) throw new Error('election bench: no leader');
      const epoch = b.epoch;
      const t0 = b.world.nowMs;
      b.world.crash(leader);
      if (!b.runUntil(() => b.epoch > epoch && b.roles.leader() !== null, 600_000))
        throw new Error('election bench: no new leader within 600 s');
      const simMs = b.world.nowMs - t0;
      b.world.start(leader);
      return { simMs };
    },
  };
}

export interface ScaleShape {
  voters: number;
  observers: number;
  sessions: number;
  znodes: number;
  /** One write (a create) per session, `writes` sessions of the `sessions` writing. */
  writes: number;
}

/** Every server's disk: one snapshot holding `znodes` znodes (1000 per parent), epoch 1. The text is shared. */
function snapshotText(znodes: number): { text: string; zxid: number } {
  const base = new DataTree().serialize().nodes;
  const stat = (zxid: number): SnapshotNode['stat'] => ({
    czxid: zxid,
    mzxid: zxid,
    ctime: 1000,
    mtime: 1000,
    version: 0,
    cversion: 0,
    aversion: 0,
    ephemeralOwner: '0',
    pzxid: zxid,
  });
  const nodes: SnapshotNode[] = [...base];
  const parents = Math.ceil(znodes / 1000);
  let zxid = 0;
  for (let p = 0; p < parents; p++)
    nodes.push({ path: `/d${p}`, data: null, acl: Ids.OPEN_ACL_UNSAFE, stat: stat(makeZxid(1, ++zxid)) });
  for (let k = 0; k < znodes; k++)
    nodes.push({
      path: `/d${Math.floor(k / 1000)}/n${k % 1000}`,
      data: 'v',
      acl: Ids.OPEN_ACL_UNSAFE,
      stat: stat(makeZxid(1, ++zxid)),
    });
  const last = makeZxid(1, zxid);
  const body = toJson({ zxid: last, sessions: [], tree: { nodes } });
  return { text: `${body}\n${adler32(body).toString(16)}\n`, zxid: last };
}

/** The scale world: phases elect, sync, sessions and commit, each run by the caller (who times them). */
export function scaleBench(shape: ScaleShape, seed = 1) {
  const b = new BenchWorld(seed);
  const total = shape.voters + shape.observers;
  installEnsemble(b.world, { servers: shape.voters, observers: shape.observers });
  const snap = shape.znodes > 0 ? snapshotText(shape.znodes) : undefined;
  for (let sid = 1; sid <= total; sid++) {
    const disk = b.world.node(nodeName(sid)).disk;
    const dir = `${dataDir(sid)}/version-2`;
    if (snap) disk.seed(`${dir}/snapshot.${snap.zxid.toString(16)}`, snap.text);
    disk.seed(`${dir}/acceptedEpoch`, '1\n');
    disk.seed(`${dir}/currentEpoch`, '1\n');
  }
  const specs: WorkloadClientSpec[] = [];
  for (let c = 0; c < shape.sessions; c++)
    specs.push({
      startMs: 0,
      sessionTimeoutMs: 30_000,
      ops: c < shape.writes ? [{ op: 'create', path: `/s${c}`, data: 'v', thinkMs: 0 }] : [],
    });
  return {
    bench: b,
    servers: total,
    /** Start every server; run until a leader is established. */
    elect(): boolean {
      for (let sid = 1; sid <= total; sid++) b.world.start(nodeName(sid));
      return b.runUntil(() => b.established > 0);
    },
    /** Run until every other server is synced (UPTODATE). */
    sync(): boolean {
      return b.runUntil(() => b.uptodate >= total - 1);
    },
    /** Start the sessions' clients; run until every session is established. */
    sessions(): boolean {
      const at = b.world.nowMs;
      addClients(
        b,
        total,
        specs.map((s) => ({ ...s, startMs: at })),
      );
      return b.runUntil(() => b.connected >= shape.sessions);
    },
    /** Run until every write is answered. */
    commit(): boolean {
      return b.runUntil(() => b.returns >= shape.writes);
    },
  };
}
