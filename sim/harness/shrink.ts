// Shrinking a failing run to a minimal one: its fault plan and client workload are data, so
// fast-check's own shrinkers (sim/faults/arbitraries.ts, arrays and records of the plan and workload,
// shrinking without a generation context) propose smaller candidates; a greedy walk keeps a
// candidate iff the run still fails with THE SAME checker (the first violation's), and starts
// again from it, until no candidate fails or the run budget is spent. A first candidate cuts
// what cannot matter: timed faults and ops after the violation. Every candidate is normalised
// through the zod schemas before it runs, exactly as a replay file of it would be loaded, so
// the shrunk replay file reproduces: same checker, same trace hash.
import type fc from 'fast-check';
import { type RunData, runDataArb } from '../faults/arbitraries.ts';
import { FaultPlan } from '../faults/plan.ts';
import { type ReplayFile, replayOf, runOptionsOf } from './replay.ts';
import { type RunOptions, type RunResult, runScenario, scenarioData } from './runner.ts';
import type { Scenario } from './scenario.ts';
import { Workload, workloadSize } from '../faults/workload.ts';

export class ShrinkError extends Error {}

/** How much later than the current failure a candidate may fail (sim ms). */
const CANDIDATE_SLACK_MS = 30_000;

export interface RunSize {
  faults: number;
  ops: number;
  events: number;
}

export interface ShrinkResult {
  checker: string;
  replay: ReplayFile;
  before: RunSize;
  after: RunSize;
  /** Runs done (the first and the last included), and how many candidates were kept. */
  runs: number;
  kept: number;
  /** The budget ran out before a local minimum was reached. */
  exhausted: boolean;
}

export interface ShrinkOptions {
  /** Most candidate runs (default 500). */
  maxRuns?: number;
  /** Called after each candidate run (progress). */
  onRun?: (runs: number, kept: number, size: RunSize) => void;
}

const sizeOf = (d: RunData, r: RunResult): RunSize => ({
  faults: d.plan.faults.length,
  ops: workloadSize(d.workload),
  events: r.events,
});

/** Timed faults after tMs and ops that cannot have been issued by tMs (their think times alone reach past it) go. */
export function cutAfter(d: RunData, tMs: number): RunData {
  const faults = d.plan.faults.filter((f) => f.at === undefined || f.at <= tMs);
  const clients = d.workload.clients.map((c) => {
    let t = c.startMs;
    const ops = [];
    for (const op of c.ops) {
      t += op.thinkMs;
      if (t > tMs) break;
      ops.push(op);
    }
    return { ...c, ops };
  });
  return { plan: { faults }, workload: { ...d.workload, clients } };
}

/** Shrink a failing replay; the result's replay file has the shrunk plan and workload and what its run showed. */
export function shrinkReplay(file: ReplayFile, scenario: Scenario, o: ShrinkOptions = {}): ShrinkResult {
  const maxRuns = o.maxRuns ?? 500;
  const base: RunOptions = runOptionsOf(file, scenario);
  const given = scenarioData(base);
  if (!given.plan || !given.workload)
    throw new ShrinkError(
      `shrink: scenario ${file.scenario} has no fault plan and workload to shrink (the faults scenario has)`,
    );
  const normal = (d: RunData): RunData => ({ plan: FaultPlan.parse(d.plan), workload: Workload.parse(d.workload) });
  const run = (d: RunData, untilMs?: number) =>
    runScenario({ ...base, plan: d.plan, workload: d.workload, ...(untilMs !== undefined ? { untilMs } : {}) }).result;

  let best = normal({ plan: given.plan, workload: given.workload });
  const first = run(best);
  const checker = first.violations[0]?.checker;
  if (!checker) throw new ShrinkError('shrink: the run does not fail: nothing to shrink');
  const before = sizeOf(best, first);
  let bestResult = first;
  /** The end time the kept run was cut at (end-of-run checkers judge the run there). */
  let bestUntil: number | undefined;
  let runs = 1;
  let kept = 0;
  const tryCandidate = (d: RunData): boolean => {
    let n: RunData;
    try {
      n = normal(d);
    } catch {
      return false; // outside the schemas: not a run a replay file could hold
    }
    runs++;
    // A candidate must fail by CANDIDATE_SLACK_MS after the current failure, or it is rejected
    // (a failing run stops at its violation, so the cut never changes a kept run's trace).
    const cut = bestResult.violations[0]!.time + CANDIDATE_SLACK_MS;
    const until = base.untilMs !== undefined && base.untilMs <= cut ? undefined : cut;
    const r = run(n, until);
    o.onRun?.(runs, kept, sizeOf(n, r));
    if (r.violations[0]?.checker !== checker) return false;
    best = n;
    bestResult = r;
    bestUntil = until;
    kept++;
    return true;
  };

  tryCandidate(cutAfter(best, first.violations[0]!.time));

  const servers = given.servers!;
  const horizonMs = Math.max(86_400_000, ...best.plan.faults.map((f) => f.at ?? 0));
  const arb = runDataArb(
    { servers, horizonMs, maxFaults: Math.max(100, best.plan.faults.length) },
    {
      maxClients: Math.max(3, best.workload.clients.length),
      maxOps: Math.max(2000, ...best.workload.clients.map((c) => c.ops.length)),
    },
  );
  if (!arb.canShrinkWithoutContext(best))
    throw new ShrinkError(
      'shrink: the plan or workload lies outside what sim/faults/arbitraries.ts can shrink (a field or value it does not generate)',
    );

  let context: unknown;
  let exhausted = false;
  walk: for (;;) {
    for (const cand of arb.shrink(best, context) as Iterable<fc.Value<RunData>>) {
      if (runs >= maxRuns) {
        exhausted = true;
        break walk;
      }
      if (tryCandidate(cand.value)) {
        context = cand.context;
        continue walk;
      }
    }
    break; // no smaller candidate fails the same way: a local minimum
  }
  // Run the kept candidate again exactly as it was judged (cut at the same end: a violation an
  // end-of-run checker found is judged at that end), and keep that end in the replay file.
  const last = run(best, bestUntil);
  runs++;
  if (last.traceHash !== bestResult.traceHash)
    throw new ShrinkError('shrink: the shrunk run is not deterministic (two runs, two trace hashes)');
  const replay = replayOf(bestUntil !== undefined ? { ...base, untilMs: bestUntil } : base, last, {
    plan: best.plan,
    workload: best.workload,
  });
  return { checker, replay, before, after: sizeOf(best, last), runs, kept, exhausted };
}
