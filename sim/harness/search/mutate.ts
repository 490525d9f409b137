// Mutating a run's fault plan and workload (the guided search, sim/harness/search/guided.ts):
// strike (a step-triggered fault at a trigger point the parent's run went through, with the nth
// it had there), insert (a timed fault of any kind, from the kinds' fast-check arbitraries),
// drop, shift (a fault's time, or its trigger's nth and delay), retarget (other servers or
// role), retime (how long it lasts), splice (a fault of another corpus entry), and small
// workload edits. Every draw comes from the seed's own stream (rng): a mutant is a function of
// its parent, the corpus and the seed. Every fault a mutation adds undoes itself (forMs) or is
// timed before the plan's heal, so the heal-and-start tail still leaves a healthy ensemble;
// the result is normalised by the plan and workload schemas, as a replay file would be.
import fc from 'fast-check';
import type { Rng } from '../../engine/random.ts';
import { faultArb } from '../../faults/arbitraries.ts';
import { type Fault, FaultPlan, type Trigger, checkServers } from '../../faults/plan.ts';
import { STEP_ACTIONS } from '../../faults/plan-gen.ts';
import { Workload, type WorkloadOp } from '../../faults/workload.ts';
import type { StepPoint } from './coverage.ts';

/** What a mutation may read: the parent's data and trigger points, the ensemble, another entry's plan. */
export interface MutationContext {
  rng: Rng;
  servers: number[];
  plan: FaultPlan;
  workload: Workload | undefined;
  steps: readonly StepPoint[];
  /** A fault plan of another corpus entry (splice). */
  other: () => FaultPlan | undefined;
}

export interface Mutant {
  plan: FaultPlan;
  workload: Workload | undefined;
  /** What was done, for people: `strike crash-trigger-node on zab.epoch{file=currentEpoch}@syncing-follower#1`. */
  what: string[];
}

/** The plan's heal (the seeded generator's tail: heal, latency back to normal, every server started): faults at or after it are kept as they are. */
export function healOf(plan: FaultPlan): number {
  let heal = 0;
  for (const f of plan.faults) if (f.type === 'heal' && f.at !== undefined) heal = Math.max(heal, f.at);
  return heal > 0 ? heal : 45_000;
}

/** Faults a mutation may touch: all but the heal tail. */
function mutable(plan: FaultPlan, heal: number): number[] {
  const out: number[] = [];
  plan.faults.forEach((f, i) => {
    if (f.at === undefined || f.at < heal) out.push(i);
  });
  return out;
}

/** A trigger as people read it: `zab.epoch{file=currentEpoch}@syncing-follower#1`. */
export function triggerText(on: Trigger): string {
  const where = on.where
    ? `{${Object.entries(on.where)
        .map(([k, v]) => `${k}=${String(v).replace(/^.*\//, '')}`)
        .join(',')}}`
    : '';
  return `${on.event}${where}@${on.node ?? '*'}#${on.nth ?? 1}${on.delayMs ? `+${on.delayMs}ms` : ''}`;
}

/**
 * How much a strike at this abstract state is worth, before what the campaign has done there:
 * crash-consistency bugs live where a sync is under way and what it moved is not yet on disk —
 * a snapshot most, then the txn log, then an epoch file (written whole, by tmp + rename) — and
 * where the sync carries txns (SNAP, TRUNC, DIFF; not a first start's SNAP0/DIFF0, which move
 * nothing); where the epoch is claimed before the sync's history is durable ('!') and where
 * that history is in memory only before NEWLEADER ('~'); a server starting up, before it
 * has a role, least.
 */
export function stateBias(state: string): number {
  const [role, phase, mode, dirty, epochs] = state.split('/');
  let w = 1;
  if (phase === 'sync') w *= 4;
  if (dirty?.includes('S')) w *= 3;
  else if (dirty?.includes('L')) w *= 2;
  else if (dirty?.includes('E')) w *= 1.5;
  if (mode === 'SNAP' || mode === 'TRUNC') w *= 2;
  else if (mode === 'DIFF') w *= 1.5;
  else if (mode === 'SNAP0' || mode === 'DIFF0') w *= 0.5;
  if (epochs?.endsWith('!')) w *= 4;
  else if (epochs?.endsWith('~')) w *= 4;
  if (role === 'down' || phase === 'boot') w *= 0.25;
  return w;
}

export function weighted<T>(rng: Rng, items: readonly T[], weight: (t: T) => number): T | undefined {
  let total = 0;
  const ws = items.map((t) => {
    const w = weight(t);
    total += w;
    return w;
  });
  if (total <= 0) return undefined;
  let r = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= ws[i]!;
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

type Op = (m: MutationContext, faults: Fault[], heal: number) => string | undefined;

const action = (name: string) => {
  const a = STEP_ACTIONS.find((x) => x.name === name);
  if (!a) throw new Error(`no step action ${name}`);
  return a;
};

/**
 * The step actions a strike draws from, by the role of the step's server: a leader's step, the
 * leader crashed, cut off or its disk stalled; a learner's (or a looking server's), itself
 * crashed (most, when its writes are unsynced; nearly always once its sync claimed the epoch
 * before its history is durable), or the leader it syncs with crashed or cut off
 * (a leader gone right after a packet; most while the learner holds its sync in memory only),
 * or itself cut off or stalled.
 */
function actionsFor(p: StepPoint): [name: string, weight: number][] {
  const [role, , , dirty, epochs] = p.state.split('/');
  // the epoch claimed before the sync's history is durable: a restart now is the question
  if (epochs?.endsWith('!'))
    return [
      ['crash-trigger-node', 85],
      ['crash-leader', 5],
      ['isolate-trigger-node', 5],
      ['disk-stall-trigger-node', 5],
    ];
  // a learner holding its sync in memory only: the leader failing now is the question
  if (epochs?.endsWith('~'))
    return [
      ['crash-leader', 35],
      ['isolate-leader', 25],
      ['crash-trigger-node', 20],
      ['isolate-trigger-node', 10],
      ['disk-stall-trigger-node', 10],
    ];
  if (role === 'leading')
    return [
      ['crash-trigger-node', 50],
      ['isolate-trigger-node', 30],
      ['disk-stall-trigger-node', 20],
    ];
  return [
    ['crash-trigger-node', dirty !== '-' ? 65 : 35],
    ['crash-leader', 20],
    ['isolate-leader', 15],
    ['isolate-trigger-node', 15],
    ['disk-stall-trigger-node', 10],
  ];
}

/** The strikes a step already had, by action. */
export interface Tried {
  count(action: string): number;
  add(action: string): void;
}

/**
 * Strike at a trigger point: a step action on it (by actionsFor's weights, each much less for
 * every strike it already had at this step: `tried`), at once mostly (a window may last one
 * step), lasting 0.2 to 5.2 s.
 */
export function strikeAt(rng: Rng, p: StepPoint, faults: Fault[], tried?: Tried): string {
  const dirty = p.state.split('/')[3] !== '-';
  const act = action(weighted(rng, actionsFor(p), ([name, w]) => w / (1 + (tried?.count(name) ?? 0)) ** 2)![0]);
  tried?.add(act.name);
  const on: Trigger = { ...p.on };
  if (rng.next() < (dirty ? 0.1 : 0.3)) on.delayMs = rng.int(1, 20);
  faults.push(act.fault(on, Math.round(200 + rng.next() * 5000)));
  return `strike ${act.name} on ${triggerText(on)} [${p.state}]`;
}

const strike: Op = (m, faults) => {
  const p = weighted(m.rng, m.steps, (s) => stateBias(s.state));
  return p ? strikeAt(m.rng, p, faults) : undefined;
};

const insert: Op = (m, faults, heal) => {
  const arb = faultArb({ servers: m.servers, horizonMs: heal - 1, healing: true }).filter((f) => f.at !== undefined);
  const [f] = fc.sample(arb, { seed: m.rng.int(0, 2 ** 31 - 1), numRuns: 1 });
  if (!f) return undefined;
  faults.push(f);
  return `insert ${f.type} at ${f.at}`;
};

const drop: Op = (m, faults, heal) => {
  const idx = mutable({ faults }, heal);
  if (idx.length === 0) return undefined;
  const i = m.rng.pick(idx);
  const [f] = faults.splice(i, 1);
  return `drop ${f!.type}${f!.on ? ` on ${triggerText(f!.on)}` : ` at ${f!.at}`}`;
};

const shift: Op = (m, faults, heal) => {
  const idx = mutable({ faults }, heal);
  if (idx.length === 0) return undefined;
  const i = m.rng.pick(idx);
  const f = faults[i]!;
  if (f.on) {
    const on: Trigger = { ...f.on };
    if (m.rng.next() < 0.6) on.nth = Math.max(1, (on.nth ?? 1) + (m.rng.next() < 0.5 ? -1 : 1));
    else on.delayMs = m.rng.next() < 0.3 ? 0 : m.rng.int(1, 200);
    faults[i] = { ...f, on } as Fault;
    return `shift ${f.type} to ${triggerText(on)}`;
  }
  const at = Math.min(heal - 1, Math.max(0, Math.round(f.at! + (m.rng.next() - 0.5) * 4000)));
  faults[i] = { ...f, at } as Fault;
  return `shift ${f.type} ${f.at} -> ${at}`;
};

const retarget: Op = (m, faults, heal) => {
  const idx = mutable({ faults }, heal).filter((i) => 'servers' in faults[i]! || 'target' in faults[i]!);
  if (idx.length === 0) return undefined;
  const i = m.rng.pick(idx);
  const f = faults[i]! as Fault & { servers?: number[]; target?: string };
  if (f.servers && m.servers.length > 1) {
    const k = Math.min(m.servers.length - 1, Math.max(1, f.servers.length));
    const pool = [...m.servers];
    const servers: number[] = [];
    while (servers.length < k) servers.push(pool.splice(m.rng.int(0, pool.length - 1), 1)[0]!);
    faults[i] = { ...f, servers: servers.sort((a, b) => a - b) } as Fault;
    return `retarget ${f.type} to ${servers.map((s) => `s${s}`).join(',')}`;
  }
  if (f.target) {
    const roles = f.on ? ['trigger-node', 'leader', 'follower', 'syncing-follower'] : ['leader', 'follower'];
    const target = m.rng.pick(roles.filter((r) => r !== f.target));
    faults[i] = { ...f, target } as Fault;
    return `retarget ${f.type} to ${target}`;
  }
  return undefined;
};

const retime: Op = (m, faults, heal) => {
  const idx = mutable({ faults }, heal).filter((i) => typeof (faults[i] as { forMs?: unknown }).forMs === 'number');
  if (idx.length === 0) return undefined;
  const i = m.rng.pick(idx);
  const f = faults[i]! as Fault & { forMs: number };
  const forMs = Math.min(20_000, Math.max(0, Math.round(f.forMs * (0.25 + m.rng.next() * 3.75))));
  faults[i] = { ...f, forMs } as Fault;
  return `retime ${f.type} ${f.forMs} -> ${forMs} ms`;
};

const splice: Op = (m, faults, heal) => {
  const other = m.other();
  if (!other) return undefined;
  const idx = mutable(other, healOf(other)).filter((i) => {
    const f = other.faults[i]!;
    return f.at === undefined || f.at < heal;
  });
  if (idx.length === 0) return undefined;
  const f = other.faults[m.rng.pick(idx)]!;
  faults.push(f);
  return `splice ${f.type}${f.on ? ` on ${triggerText(f.on)}` : ` at ${f.at}`}`;
};

/** The plan mutations and their weights. */
const OPS: readonly [Op, number][] = [
  [strike, 45],
  [insert, 10],
  [drop, 10],
  [shift, 10],
  [retarget, 8],
  [retime, 7],
  [splice, 10],
];

/** A small edit of one client's ops: drop one, repeat one, or change one's think time. */
function mutateWorkload(rng: Rng, w: Workload): { workload: Workload; what: string } | undefined {
  const clients = w.clients.map((c, i) => [c, i] as const).filter(([c]) => c.ops.length > 0);
  if (clients.length === 0) return undefined;
  const [c, ci] = rng.pick(clients);
  const ops: WorkloadOp[] = [...c.ops];
  const j = rng.int(0, ops.length - 1);
  const r = rng.next();
  let what: string;
  if (r < 0.4) {
    ops.splice(j, 1);
    what = `drop c${ci + 1} op ${j}`;
  } else if (r < 0.7) {
    ops.splice(j, 0, ops[j]!);
    what = `repeat c${ci + 1} op ${j}`;
  } else {
    ops[j] = { ...ops[j]!, thinkMs: rng.int(0, 1000) };
    what = `rethink c${ci + 1} op ${j}`;
  }
  const clientsOut = w.clients.map((x, i) => (i === ci ? { ...x, ops } : x));
  return { workload: { ...w, clients: clientsOut }, what };
}

/**
 * One mutant of the parent: a strike at `at` (the search's pick) or one to three plan
 * mutations, sometimes one more, sometimes a workload edit. Always valid for the ensemble.
 */
export function mutate(m: MutationContext, at?: StepPoint, tried?: Tried): Mutant {
  const heal = healOf(m.plan);
  const faults = [...m.plan.faults];
  const what: string[] = [];
  if (at) what.push(strikeAt(m.rng, at, faults, tried));
  const n = at ? (m.rng.next() < 0.8 ? 0 : 1) : m.rng.next() < 0.75 ? 1 : m.rng.int(2, 3);
  for (let k = 0; k < n; k++) {
    const op = weighted(m.rng, OPS, ([, w]) => w)![0];
    const did = op(m, faults, heal) ?? strike(m, faults, heal);
    if (did) what.push(did);
  }
  let workload = m.workload;
  if (workload && m.rng.next() < 0.15) {
    const w = mutateWorkload(m.rng, workload);
    if (w) {
      workload = w.workload;
      what.push(w.what);
    }
  }
  // Timed faults in time order (as the generator writes them; step-triggered ones after), then
  // normalised as a replay file's plan is, so the replay runs exactly this.
  const timed = faults.filter((f) => f.on === undefined).sort((a, b) => a.at! - b.at!);
  const plan = FaultPlan.parse({ faults: [...timed, ...faults.filter((f) => f.on !== undefined)] });
  checkServers(plan, m.servers);
  return { plan, workload: workload && Workload.parse(workload), what: what.length > 0 ? what : ['copy'] };
}
