// The data-driven commands that run a whole simulated ensemble (see datadriven.test.ts for the
// list): a World with the ensemble's servers, their disks as a past run left them, faults as
// fault-plan JSON (sim/faults/plan.ts, step-triggered ones too), client writes, runs until an
// event or for a time, and what the run shows: trace events as canonical lines
// (reports/event-line.ts), roles, a server's log, disk and tree, the checkers' verdicts.
//
// Links have a fixed latency and every fsync a fixed duration (no jitter): nothing in these
// runs depends on a random draw but a client's choice of server (clients here name one), so a
// change to how the simulator draws numbers leaves the scripts' outputs alone.
import type { BugId } from '../../protocol/bugs.ts';
import { BUG_IDS, IN_EVERY_RELEASE } from '../../protocol/bugs.ts';
import { ClientNode } from '../../protocol/client/ClientNode.ts';
import type { ZooKeeper } from '../../protocol/client/ZooKeeper.ts';
import { CreateMode, Ids } from '../../protocol/data.ts';
import type { DataTree } from '../../protocol/datatree/DataTree.ts';
import { Code } from '../../protocol/errors.ts';
import type { QuorumPeer } from '../../protocol/server/QuorumPeer.ts';
import { opName } from '../../protocol/server/txn.ts';
import { scanLog } from '../../protocol/storage/FileTxnLog.ts';
import { FileSnap } from '../../protocol/storage/FileSnap.ts';
import { zxidHex } from '../../protocol/zxid.ts';
import { eventLine } from '../../reports/event-line.ts';
import { Pairer } from '../../reports/pairing.ts';
import { type EnsembleShape, dataDir, installEnsemble, nodeName } from '../../scenarios/ensemble.ts';
import { allCheckers, checkerNames } from '../../sim/checkers/index.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';
import { type Fault, FaultPlanError, applyFault, parseFaultPlan } from '../../sim/faults/plan.ts';
import { RoleTracker } from '../../sim/faults/roles.ts';
import { matches, schedulePlan } from '../../sim/faults/triggers.ts';
import { type Args, type Directive, ScriptError } from './datadriven.ts';
import { historyFiles, parseSnap, parseZxids, zxidRuns } from './history.ts';

interface Recorded {
  ev: TraceEvent;
  /** A send's receiver, paired from the trace. */
  to: string | undefined;
}

interface ClientState {
  zk: ZooKeeper | undefined;
}

export class WorldSession {
  readonly roles = new RoleTracker();
  readonly events: Recorded[] = [];
  private readonly pairer = new Pairer<null>();
  /** Index of the first event the next `trace` prints. */
  cursor = 0;
  readonly clients = new Map<string, ClientState>();
  finished = false;
  /** The directives since `ensemble` (not check/rerun), for `rerun`. */
  readonly replayable: Directive[] = [];
  readonly sids: number[];
  /** Called with every event as it happens (roles as they stand after it): `run until`. */
  probe: ((r: Recorded) => void) | undefined;

  constructor(
    readonly world: World,
    readonly shape: Required<Pick<EnsembleShape, 'servers' | 'observers' | 'tickTime' | 'initLimit' | 'syncLimit'>> & {
      bugs: readonly BugId[];
    },
  ) {
    this.sids = Array.from({ length: shape.servers + shape.observers }, (_, i) => i + 1);
    world.trace.subscribe((ev) => {
      this.roles.onEvent(ev);
      this.pairer.observe(ev);
      let to: string | undefined;
      if (ev.k === 'send') to = this.pairer.send(ev, null).to;
      else if (ev.k === 'recv') this.pairer.recv(ev);
      const r = { ev, to };
      this.events.push(r);
      this.probe?.(r);
    });
  }

  peer(sid: number): QuorumPeer | undefined {
    const n = this.world.node(nodeName(sid));
    return n.up ? (n.actor as QuorumPeer) : undefined;
  }
}

export type WorldCommand = (a: Args, d: Directive, ctx: CommandContext) => string;

export interface CommandContext {
  world: WorldSession | undefined;
  setWorld(s: WorldSession): void;
  /** Run a directive again (rerun), its output discarded. */
  exec(d: Directive): void;
}

const need = (c: CommandContext, a: Args): WorldSession => {
  if (!c.world) throw new ScriptError(`${a.where}: no ensemble yet (ensemble servers=N first)`);
  return c.world;
};

/** `s2` or `2` → 2, checked against the ensemble. */
function sidOf(s: WorldSession, name: string, where: string): number {
  const m = /^s?(\d+)$/.exec(name);
  const sid = m ? Number(m[1]) : Number.NaN;
  if (!s.sids.includes(sid)) throw new ScriptError(`${where}: '${name}' is not a server of the ensemble`);
  return sid;
}

/**
 * The servers' bugs: none given, 3.8's own (IN_EVERY_RELEASE, as a server built without a list
 * has them); `bug=ZK-X,...` those on top; `bug=off` none at all, the open JIRAs' fixes too.
 */
export function bugsOf(vals: readonly string[] | undefined, where: string): BugId[] {
  if (!vals) return [...IN_EVERY_RELEASE];
  if (vals.length === 1 && vals[0] === 'off') return [];
  for (const b of vals)
    if (!(BUG_IDS as readonly string[]).includes(b)) throw new ScriptError(`${where}: unknown bug '${b}'`);
  return [...(vals as BugId[]), ...IN_EVERY_RELEASE.filter((b) => !vals.includes(b))];
}

// ---- set-up -------------------------------------------------------------------------------

const ensemble: WorldCommand = (a, _d, c) => {
  const shape = {
    servers: a.int('servers', 3),
    observers: a.int('observers', 0),
    tickTime: a.int('tickTime', 2000),
    initLimit: a.int('initLimit', 10),
    syncLimit: a.int('syncLimit', 5),
    bugs: bugsOf(a.list('bug'), a.where),
  };
  const latency = a.int('latency', 1);
  const fsync = a.int('fsync', 1);
  // The txn log and the snapshots on devices of their own (DiskOptions.devices), when given.
  const devices = [
    ...(a.has('fsync-log') ? [{ match: '/version-2/log.', fsyncMs: a.int('fsync-log', 1) }] : []),
    ...(a.has('fsync-snapshot') ? [{ match: '/version-2/snapshot.', fsyncMs: a.int('fsync-snapshot', 1) }] : []),
  ];
  const world = new World(a.int('seed', 1));
  const s = new WorldSession(world, shape);
  installEnsemble(world, shape);
  world.net.defaults = { latencyMs: latency, jitterMs: 0, setupMs: latency };
  for (const sid of s.sids)
    world.node(nodeName(sid)).disk.options = {
      fsyncMinMs: fsync,
      fsyncMaxMs: fsync,
      tornTailChance: 0,
      ...(devices.length > 0 ? { devices } : {}),
    };
  for (const ch of allCheckers({
    voters: s.sids.slice(0, shape.servers),
    observers: s.sids.slice(shape.servers),
    tickTime: shape.tickTime,
    initLimit: shape.initLimit,
    roles: s.roles,
  }))
    world.addChecker(ch);
  a.done();
  c.setWorld(s);
  return '';
};

const history: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const [who, ...more] = a.words();
  if (!who || more.length > 0) throw new ScriptError(`${a.where}: history names one server (history s1 log=...)`);
  const sid = sidOf(s, who, a.where);
  const node = s.world.node(nodeName(sid));
  if (node.incarnation > 0) throw new ScriptError(`${a.where}: ${who} has started already`);
  const zxids = parseZxids(a.list('log') ?? [], a.where);
  const epochArg = (key: string, dflt: number | undefined) => {
    const v = a.str(key);
    if (v === 'none') return undefined;
    return v === undefined ? dflt : Number(v);
  };
  const lastEpoch = zxids.length > 0 ? Math.floor(zxids.at(-1)! / 2 ** 32) : undefined;
  const files = a.list('files');
  const h = {
    zxids,
    ...parseSnap(a.str('snap'), a.where),
    ...(files ? { files: parseZxids(files, a.where) } : {}),
    accepted: epochArg('accepted', lastEpoch),
    current: epochArg('current', lastEpoch),
    currentTmp: epochArg('current.tmp', undefined),
  };
  a.done([who]);
  for (const [f, text] of historyFiles(dataDir(sid), h)) node.disk.seed(f, text);
  return describeDisk(s, sid, false);
};

const start: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const gap = a.int('gap', 0);
  const names = a.words();
  const sids = names.length === 1 && names[0] === 'all' ? s.sids : names.map((n) => sidOf(s, n, a.where));
  a.done(names);
  const now = s.world.nowMs;
  sids.forEach((sid, k) => s.world.at(now + k * gap, `start ${sid}`, () => s.world.start(nodeName(sid))));
  return '';
};

/** crash / restart / pause / resume sN ...: the fault, now. */
const processFault =
  (type: 'crash' | 'restart' | 'pause' | 'resume'): WorldCommand =>
  (a, _d, c) => {
    const s = need(c, a);
    const names = a.words();
    const servers = names.map((n) => sidOf(s, n, a.where));
    a.done(names);
    applyFault(s.world, { type, at: s.world.nowMs, servers } as Fault, { roles: s.roles });
    return '';
  };

const fault: WorldCommand = (a, d, c) => {
  const s = need(c, a);
  a.done();
  const faults: unknown[] = [];
  for (const line of d.input.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new ScriptError(`${a.where}: not JSON: ${line}`);
    }
    if (Array.isArray(v)) faults.push(...v);
    else if (v && typeof v === 'object' && 'faults' in v) faults.push(...(v as { faults: unknown[] }).faults);
    else faults.push(v);
  }
  if (faults.length === 0) throw new ScriptError(`${a.where}: fault needs fault JSON as its input`);
  const now = s.world.nowMs;
  const withTime = faults.map((f) =>
    f && typeof f === 'object' && !('at' in f) && !('on' in f) ? { ...(f as object), at: now } : f,
  );
  let plan: ReturnType<typeof parseFaultPlan>;
  try {
    plan = parseFaultPlan(JSON.stringify({ faults: withTime }), s.sids);
  } catch (e) {
    if (e instanceof FaultPlanError) return `error: ${e.message}`;
    throw e;
  }
  for (const f of plan.faults)
    if (f.at !== undefined && f.at < now) return `error: fault at ${f.at} ms is in the past (now ${now} ms)`;
  schedulePlan(s.world, plan, s.roles);
  return '';
};

// ---- clients ------------------------------------------------------------------------------

const client: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const [name, ...more] = a.words();
  if (!name || !/^c\d+$/.test(name) || more.length > 0)
    throw new ScriptError(`${a.where}: client names one client node (client c1 server=s2)`);
  const list = a.list('servers') ?? [a.str('server', 's1')];
  const cs = list.map((n) => `localhost:${2181 + sidOf(s, n, a.where)}`).join(',');
  const timeout = a.int('timeout', 30_000);
  a.done([name]);
  const st: ClientState = { zk: undefined };
  s.clients.set(name, st);
  s.world.addNode(
    name,
    (ctx) =>
      new ClientNode(ctx, (node) => {
        st.zk = node.connect(cs, timeout, () => {});
      }),
  );
  s.world.start(name);
  return '';
};

const MODES: Record<string, number> = {
  persistent: CreateMode.PERSISTENT,
  ephemeral: CreateMode.EPHEMERAL,
  'persistent-sequential': CreateMode.PERSISTENT_SEQUENTIAL,
  'ephemeral-sequential': CreateMode.EPHEMERAL_SEQUENTIAL,
};

const CODE_NAME: Record<number, string> = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k]));

/**
 * create / set / delete / get / exists cN PATH ...: issue the call (get, exists: with `watch`, a
 * watch by the session's default watcher); with `wait`, run until its answer.
 */
const clientOp =
  (op: 'create' | 'set' | 'delete' | 'get' | 'exists'): WorldCommand =>
  (a, _d, c) => {
    const s = need(c, a);
    const [name, path, ...more] = a.words().filter((w) => w !== 'wait' && w !== 'watch');
    const wait = a.words().includes('wait');
    const watch = a.words().includes('watch');
    const st = name ? s.clients.get(name) : undefined;
    if (!st?.zk || !path || more.length > 0)
      throw new ScriptError(`${a.where}: ${op} names a client and a path (${op} c1 /a)`);
    const data = a.str('data', 'v');
    const mode = MODES[a.str('mode', 'persistent')];
    if (mode === undefined) throw new ScriptError(`${a.where}: mode is one of ${Object.keys(MODES).join(', ')}`);
    const version = a.int('version', -1);
    a.done([name!, path, 'wait', 'watch']);
    let answer: string | undefined;
    const done = (rc: number, extra = '') => {
      answer = `${name} ${op} ${path}: ${CODE_NAME[rc] ?? rc}${extra}`;
    };
    const zk = st.zk;
    if (op === 'create')
      zk.create(path, data, Ids.OPEN_ACL_UNSAFE, mode as 0, (rc, p) => done(rc, p && p !== path ? ` ${p}` : ''));
    else if (op === 'set')
      zk.setData(path, data, version, (rc, stat) => done(rc, stat ? ` version=${stat.version}` : ''));
    else if (op === 'delete') zk.delete(path, version, (rc) => done(rc));
    else if (op === 'exists') zk.exists(path, watch, (rc, stat) => done(rc, stat ? ` version=${stat.version}` : ''));
    else zk.getData(path, watch, (rc, v) => done(rc, v !== undefined ? ` data=${JSON.stringify(v)}` : ''));
    if (!wait) return '';
    const limit = s.world.nowMs + 60_000;
    s.world.run({ stopWhen: () => answer !== undefined, untilMs: limit, stopOnViolation: false });
    return answer ?? `${name} ${op} ${path}: no answer by ${limit} ms`;
  };

// ---- running ------------------------------------------------------------------------------

/** `0x...` (that fits a number), decimals and true/false as values; anything else a string. */
function whereValue(v: string): string | number | boolean {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^0x[0-9a-f]+$/i.test(v)) {
    const n = Number.parseInt(v.slice(2), 16);
    return Number.isSafeInteger(n) ? n : v.toLowerCase();
  }
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

const run: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  if (s.finished) throw new ScriptError(`${a.where}: the run was checked already (check ends it)`);
  const forMs = a.int('for');
  const until = a.str('until');
  if ((forMs === undefined) === (until === undefined))
    throw new ScriptError(`${a.where}: run needs for=MS or until=KIND (not both)`);
  const world = s.world;
  if (forMs !== undefined) {
    a.done();
    world.run({ untilMs: world.nowMs + forMs, stopOnViolation: false });
    return '';
  }
  const node = a.str('node');
  const nth = a.int('nth', 1);
  const max = a.int('max', 120_000);
  const where: Record<string, string | number | boolean> = {};
  for (const r of a.rest()) {
    if (r.vals.length !== 1) throw new ScriptError(`${a.where}: ${r.key} needs one value`);
    where[r.key] = whereValue(r.vals[0]!);
    a.has(r.key); // read
  }
  a.done();
  // A role or a server goes to the trigger matcher (sim/faults/triggers.ts); a client is
  // compared by name here (the fault language names servers only).
  const byName =
    node !== undefined &&
    !/^s\d+$/.test(node) &&
    !['leader', 'follower', 'syncing-follower', 'observer'].includes(node);
  const trigger = { event: until!, ...(node && !byName ? { node } : {}), where };
  let seen = 0;
  let hit: Recorded | undefined;
  s.probe = (r) => {
    if (!hit && (!byName || r.ev.n === node) && matches(trigger, r.ev, s.roles) && ++seen === nth) hit = r;
  };
  const limit = world.nowMs + max;
  try {
    world.run({ untilMs: limit, stopOnViolation: false, stopWhen: () => hit !== undefined });
  } finally {
    s.probe = undefined;
  }
  if (!hit) return `not reached by ${limit} ms`;
  return eventLine(hit.ev, hit.to !== undefined ? { to: hit.to } : {});
};

// ---- what the run shows --------------------------------------------------------------------

const QUIET = new Set(['send', 'recv', 'conn', 'disk', 'timer']);

function kindFilter(kinds: readonly string[] | undefined): (k: string) => boolean {
  if (!kinds) return (k) => !QUIET.has(k);
  return (k) => kinds.some((p) => (p.endsWith('*') ? k.startsWith(p.slice(0, -1)) : k === p));
}

const trace: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const kinds = kindFilter(a.list('kinds'));
  const nodes = a.list('nodes');
  const types = a.list('types');
  const all = a.words().includes('all');
  const keep = a.words().includes('keep');
  const fromUs = a.int('from', 0) * 1000;
  a.done(['all', 'keep']);
  const lines: string[] = [];
  for (const r of s.events.slice(all ? 0 : s.cursor)) {
    const ev = r.ev;
    if (ev.t < fromUs || !kinds(ev.k)) continue;
    if (nodes && !nodes.includes(ev.n ?? '-')) continue;
    if (types) {
      const t = ev.k === 'send' ? ev.msg.type : ev.k === 'recv' ? ev.m : undefined;
      if (t !== undefined && !types.includes(t)) continue;
    }
    lines.push(eventLine(ev, r.to !== undefined ? { to: r.to } : {}));
  }
  if (!keep) s.cursor = s.events.length;
  return lines.join('\n');
};

const roles: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  a.done();
  return s.sids
    .map((sid) => {
      const name = nodeName(sid);
      const peer = s.peer(sid);
      if (!peer) return `${name} down`;
      const info = s.roles.roles.get(name);
      const role = info?.role ?? 'starting';
      const leader =
        info?.leader !== null && info?.leader !== undefined && role !== 'leading' ? ` s${info.leader}` : '';
      const syncing = s.roles.syncing.has(name) ? ' (syncing)' : '';
      return `${name} ${role}${leader}${syncing}: acceptedEpoch=${peer.getAcceptedEpoch()} currentEpoch=${peer.getCurrentEpoch()} lastZxid=${zxidHex(peer.zkDb.lastProcessedZxid)}`;
    })
    .join('\n');
};

function oneServer(s: WorldSession, a: Args, allow: string[] = []): { sid: number; words: string[] } {
  const words = a.words();
  const names = words.filter((w) => !allow.includes(w));
  if (names.length !== 1) throw new ScriptError(`${a.where}: name one server`);
  return { sid: sidOf(s, names[0]!, a.where), words };
}

function filesOf(s: WorldSession, sid: number, durable: boolean): Map<string, string> {
  const disk = s.world.node(nodeName(sid)).disk;
  if (durable) return disk.durableView();
  const m = new Map<string, string>();
  for (const f of disk.list()) m.set(f, disk.read(f)!);
  return m;
}

function describeDisk(s: WorldSession, sid: number, durable: boolean): string {
  const files = filesOf(s, sid, durable);
  const dir = `${dataDir(sid)}/version-2/`;
  const lines: string[] = [];
  const epoch = (name: string) => {
    const v = files.get(`${dir}${name}`);
    return v === undefined ? 'none' : v.trim();
  };
  const tmp = files.get(`${dir}currentEpoch.tmp`);
  lines.push(
    `acceptedEpoch=${epoch('acceptedEpoch')} currentEpoch=${epoch('currentEpoch')}${tmp !== undefined ? ` currentEpoch.tmp=${tmp.trim()}` : ''}`,
  );
  for (const [f, text] of [...files].sort(([x], [y]) => x.localeCompare(y))) {
    if (!f.startsWith(dir)) continue;
    const base = f.slice(dir.length);
    if (base.startsWith('snapshot.')) {
      const content = FileSnap.read(text);
      lines.push(`${base}: ${content ? `zxid ${zxidHex(content.zxid)}` : 'torn (checksum fails)'}`);
    } else if (base.startsWith('log.')) {
      const scan = scanLog(text);
      lines.push(
        `${base}: ${zxidRuns(scan.records.map((r) => r.hdr.zxid))}${scan.tornBytes > 0 ? ` + ${scan.tornBytes} torn bytes` : ''}`,
      );
    }
  }
  return lines.map((l) => `${nodeName(sid)}: ${l}`).join('\n');
}

const disk: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const { sid, words } = oneServer(s, a, ['durable']);
  a.done(words);
  return describeDisk(s, sid, words.includes('durable'));
};

/**
 * empty-snapshots sN: every snapshot file of a stopped server becomes an empty file, durably —
 * what a full disk leaves, or an operator who empties them (ZOOKEEPER-2325's reproduction).
 */
const emptySnapshots: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const [who, ...more] = a.words();
  if (!who || more.length > 0) throw new ScriptError(`${a.where}: empty-snapshots names one server`);
  const sid = sidOf(s, who, a.where);
  a.done([who]);
  const node = s.world.node(nodeName(sid));
  const prefix = `${dataDir(sid)}/version-2/snapshot.`;
  for (const f of node.disk.list(prefix)) node.disk.seed(f, '');
  return describeDisk(s, sid, true);
};

const log: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const { sid, words } = oneServer(s, a, ['durable']);
  a.done(words);
  const files = filesOf(s, sid, words.includes('durable'));
  const dir = `${dataDir(sid)}/version-2/log.`;
  const lines: string[] = [];
  for (const f of [...files.keys()]
    .filter((x) => x.startsWith(dir))
    .sort((x, y) => Number.parseInt(x.slice(dir.length), 16) - Number.parseInt(y.slice(dir.length), 16))) {
    for (const r of scanLog(files.get(f)!).records) {
      const path = 'path' in r.txn ? ` ${(r.txn as { path: string }).path}` : '';
      lines.push(`${zxidHex(r.hdr.zxid)} ${opNameOf(r.hdr.type)}${path}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : `${nodeName(sid)}: empty log`;
};

const opNameOf = (t: number) => opName[t] ?? String(t);

function treeLines(tree: DataTree): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const children = [...tree.getChildren(path).children].sort();
    for (const child of children) {
      const p = path === '/' ? `/${child}` : `${path}/${child}`;
      if (p === '/zookeeper') continue;
      const n = tree.getNode(p)!;
      const st = n.stat;
      const owner = st.ephemeralOwner !== 0n ? ` owner=0x${st.ephemeralOwner.toString(16)}` : '';
      out.push(
        `${p} data=${JSON.stringify(n.data)} czxid=${zxidHex(Number(st.czxid))} mzxid=${zxidHex(Number(st.mzxid))} version=${st.version}${owner}`,
      );
      walk(p);
    }
  };
  walk('/');
  return out;
}

/** committed-log sN: the zxids of its ZKDatabase's committedLog (what a DIFF is sent from when it leads). */
const committedLog: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const { sid, words } = oneServer(s, a, []);
  a.done(words);
  const peer = s.peer(sid);
  if (!peer) throw new ScriptError(`${a.where}: ${nodeName(sid)} is down`);
  const db = peer.zkDb;
  return `${nodeName(sid)}: committedLog ${zxidRuns(db.committedLog.map((t) => t.hdr.zxid))}; lastProcessedZxid ${zxidHex(db.lastProcessedZxid)}`;
};

const tree: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const names = a.words();
  if (names.length === 0) throw new ScriptError(`${a.where}: name a server (or several, to compare their trees)`);
  const sids = names.map((n) => sidOf(s, n, a.where));
  a.done(names);
  const trees = sids.map((sid) => {
    const peer = s.peer(sid);
    if (!peer) throw new ScriptError(`${a.where}: ${nodeName(sid)} is down`);
    return treeLines(peer.zkDb.tree);
  });
  if (sids.length === 1)
    return trees[0]!.length > 0 ? trees[0]!.join('\n') : `${nodeName(sids[0]!)}: no znodes but /zookeeper`;
  // Several servers: do their trees agree (every znode, its data, czxid, mzxid, version, owner)?
  const [first, ...others] = trees;
  const lines: string[] = [];
  others.forEach((t, j) => {
    const a1 = new Set(first!);
    const b1 = new Set(t);
    const diff = [
      ...first!.filter((l) => !b1.has(l)).map((l) => `  only ${nodeName(sids[0]!)}: ${l}`),
      ...t.filter((l) => !a1.has(l)).map((l) => `  only ${nodeName(sids[j + 1]!)}: ${l}`),
    ];
    lines.push(
      diff.length === 0
        ? `${nodeName(sids[0]!)} ${nodeName(sids[j + 1]!)}: trees agree (${t.length} znodes)`
        : `${nodeName(sids[0]!)} ${nodeName(sids[j + 1]!)}: trees differ\n${diff.join('\n')}`,
    );
  });
  return lines.join('\n');
};

const check: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  a.done();
  if (!s.finished) s.world.finish();
  s.finished = true;
  return verdicts(s.world);
};

/** The checkers' verdicts: each failing checker's first violation, then the count of the rest. */
export function verdicts(world: World): string {
  const first = new Map<string, { message: string; time: number; event: number; more: number }>();
  for (const v of world.violations) {
    const f = first.get(v.checker);
    if (f) f.more++;
    else first.set(v.checker, { message: v.message, time: v.time, event: v.event, more: 0 });
  }
  const lines: string[] = [];
  for (const name of checkerNames) {
    const f = first.get(name);
    if (!f) continue;
    lines.push(
      `${name}: FAIL at ${f.time.toFixed(3)}ms (event #${f.event}): ${f.message}${f.more > 0 ? ` (+${f.more} more)` : ''}`,
    );
  }
  const ok = checkerNames.length - first.size;
  lines.push(first.size === 0 ? `every checker ok (${ok})` : `the other ${ok} checkers ok`);
  return lines.join('\n');
}

const rerun: WorldCommand = (a, _d, c) => {
  const s = need(c, a);
  const bug = a.list('bug');
  if (!bug) throw new ScriptError(`${a.where}: rerun needs bug=off or bug=ZK-NNNN`);
  a.done();
  const [ens, ...rest] = s.replayable;
  const args = ens!.args.filter((x) => x.key !== 'bug');
  // bug=off: the script's own bugs off, the rest as 3.8 has it (IN_EVERY_RELEASE stays, unless
  // it is the script's own bug).
  const own = ens!.args.find((x) => x.key === 'bug')?.vals ?? [];
  const off = bug.length === 1 && bug[0] === 'off';
  const keep = IN_EVERY_RELEASE.filter((b) => !own.includes(b));
  args.push({ key: 'bug', vals: off ? (keep.length > 0 ? keep : ['off']) : bug });
  c.exec({ ...ens!, args });
  for (const d of rest) c.exec(d);
  return '';
};

export const WORLD_COMMANDS: Record<string, WorldCommand> = {
  ensemble,
  history,
  start,
  crash: processFault('crash'),
  restart: processFault('restart'),
  pause: processFault('pause'),
  resume: processFault('resume'),
  fault,
  client,
  create: clientOp('create'),
  set: clientOp('set'),
  delete: clientOp('delete'),
  get: clientOp('get'),
  exists: clientOp('exists'),
  run,
  trace,
  roles,
  disk,
  'empty-snapshots': emptySnapshots,
  'committed-log': committedLog,
  log,
  tree,
  check,
  rerun,
};

/** Commands not replayed by rerun: what they do is about the run they are in. */
export const NOT_REPLAYED = new Set(['check', 'rerun']);
