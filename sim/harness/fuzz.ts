// Seed sweeps: run a scenario for each seed of a range, collect the failures (first violation
// of each failing seed). Timing is the caller's (the CLI reads the wall clock; this does not).
import type { Scenario, SeedlessOptions } from './scenario.ts';
import { type RunResult, runScenario } from './runner.ts';
import { recheck } from './determinism.ts';
import type { FaultPlan } from '../faults/plan.ts';
import type { Workload } from '../faults/workload.ts';
import { CoverageCollector, type RunCoverage } from './search/coverage.ts';
import type { SeedInput, SeedOutcome, SeedSearch } from './search/search.ts';
import { type PathCounts, addPaths, zeroPaths } from './paths.ts';

export interface SeedRange {
  from: number;
  to: number;
}

export interface FuzzFailure {
  seed: number;
  /** The world's seed, when not the seed's own (a guided mutant runs its parent's). */
  runSeed?: number;
  /** How the guided search made the seed's input (`mutant of seed 12: strike ...`). */
  origin?: string;
  checker: string;
  message: string;
  time: number;
  event: number;
  /** The replay file written for it (fuzz --out). */
  replay?: string;
  /** fuzz --shrink: the sizes of the run before and after shrinking (the replay is the shrunk run). */
  shrunk?: { before: RunSizes; after: RunSizes; runs: number };
}

export interface RunSizes {
  faults: number;
  ops: number;
  events: number;
}

export interface FuzzSummary {
  scenario: string;
  runs: number;
  failures: FuzzFailure[];
  events: number;
  simTimeMs: number;
  /** How many runs were done twice for the determinism self-check. */
  rechecked: number;
  /** Why the sweep ended before its last seed: `fuzz --max-failures N` / `--stop-on-failure`; the time limit is the CLI's. */
  stoppedBy?: 'max-failures';
  /** The client-facing paths the sweep's runs exercised, summed (sim/harness/paths.ts): a 0 is a blind spot. */
  paths: PathCounts;
}

/**
 * A seed's result in a sweep: the run's (`seed` the sweep's seed; `runSeed` the world's when
 * another), whether it was run twice, and what a search asked for: the run's coverage and its
 * plan and workload as data. `input` is the seed's input, set by the sweep (not sent by workers).
 */
export type SeedResult = RunResult & {
  rechecked?: boolean;
  runSeed?: number;
  origin?: string;
  cover?: RunCoverage;
  data?: { plan: FaultPlan | undefined; workload: Workload | undefined };
  input?: SeedInput;
};

/** What a sweep's run needs of its seed's run besides the result. */
export interface SeedWants {
  /** The run's coverage (sim/harness/search/coverage.ts). */
  cover?: boolean;
  /** The plan and workload it ran, as data (the guided search keeps them in its corpus). */
  data?: boolean;
}

/** The options a seed runs with: the sweep's, with its input's plan and workload, or its swarm draw. */
export function inputOptions(opts: SeedlessOptions, input: SeedInput | undefined): SeedlessOptions {
  if (!input) return opts;
  const { swarm: _swarm, ...rest } = opts as SeedlessOptions & { swarm?: boolean };
  const o: SeedlessOptions = { ...rest };
  if (input.plan) o.plan = input.plan;
  else if (input.swarm) o.swarm = true;
  if (input.workload) o.workload = input.workload;
  return o;
}

/** What a search learns of a seed's result. */
export function outcomeOf(r: SeedResult): SeedOutcome {
  return { seed: r.seed, ok: r.ok, cover: r.cover, plan: r.data?.plan, workload: r.data?.workload };
}

/** Every RECHECK_EVERY-th seed of a sweep (the first, the 21st, ...) is run twice: 5%. */
export const RECHECK_EVERY = 20;

/**
 * One seed of a sweep. With `twice`, the seed is run again and a differing trace hash becomes
 * a `determinism` violation (put first: it makes every other finding unreplayable).
 */
export function runSeed(
  scenario: Scenario,
  opts: SeedlessOptions,
  seed: number,
  twice: boolean,
  input?: SeedInput,
  wants: SeedWants = {},
): SeedResult {
  const spec = { ...inputOptions(opts, input), scenario, seed: input?.runSeed ?? seed };
  const collector = wants.cover ? new CoverageCollector() : undefined;
  const { result: run, built } = runScenario(collector ? { ...spec, onEvent: collector.onEvent } : spec);
  const result: SeedResult = { ...run, seed };
  if (spec.seed !== seed) result.runSeed = spec.seed;
  if (input?.origin) result.origin = input.origin;
  if (collector) result.cover = collector.result(run.violations);
  if (wants.data) result.data = { plan: built.plan, workload: built.workload };
  if (!twice) return result;
  const mismatch = recheck(spec, run);
  if (!mismatch) return { ...result, rechecked: true };
  return {
    ...result,
    rechecked: true,
    ok: false,
    violations: [{ checker: 'determinism', message: mismatch, time: 0, event: 0 }, ...result.violations],
  };
}

export function parseSeedRange(text: string): SeedRange | undefined {
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return from <= to ? { from, to } : undefined;
}

export interface Shard {
  index: number; // 1-based
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}

/** The seeds of a range, or of shard i/n of it: every n-th seed starting at the i-th. */
export function seedList(range: SeedRange, shard: Shard = { index: 1, count: 1 }): number[] {
  const seeds: number[] = [];
  for (let seed = range.from + shard.index - 1; seed <= range.to; seed += shard.count) seeds.push(seed);
  return seeds;
}

/**
 * Accumulates run results into a summary; failures are kept in the order results are added.
 * `full()`: the summary holds `maxFailures` failures (and says so: stoppedBy), so the sweep ends.
 */
export function summarize(scenario: string, maxFailures = Number.POSITIVE_INFINITY) {
  const result: FuzzSummary = {
    scenario,
    runs: 0,
    failures: [],
    events: 0,
    simTimeMs: 0,
    rechecked: 0,
    paths: zeroPaths(),
  };
  return {
    result,
    full(): boolean {
      if (result.failures.length < maxFailures) return false;
      result.stoppedBy = 'max-failures';
      return true;
    },
    add(r: SeedResult) {
      result.runs++;
      result.events += r.events;
      result.simTimeMs += r.simTimeMs;
      addPaths(result.paths, r.paths);
      if (r.rechecked) result.rechecked++;
      const v = r.violations[0];
      if (v)
        result.failures.push({
          seed: r.seed,
          ...(r.runSeed !== undefined ? { runSeed: r.runSeed } : {}),
          ...(r.origin ? { origin: r.origin } : {}),
          checker: v.checker,
          message: v.message,
          time: v.time,
          event: v.event,
        });
    },
  };
}

/** What a sweep's runs must bring back for its search: coverage always, the data for the guided search's corpus. */
export function wantsOf(search: SeedSearch | undefined): SeedWants {
  return search ? { cover: true, data: search.name === 'guided' } : {};
}

/**
 * A sequential sweep; `stop` (the CLI's time limit) is asked before each seed. With
 * `maxFailures` N the sweep ends at its N-th failing seed (in seed order): the summary is the
 * prefix of the seed list up to and including it, whatever ran beside it on other workers.
 * With a search, each seed runs the input the search gives it and the search is told its
 * result (sim/harness/search/): in seed order, so workers or not, the same seeds run the same.
 */
export function fuzz(
  scenario: Scenario,
  seeds: number[],
  opts: SeedlessOptions,
  onRun?: (r: SeedResult) => void,
  stop: () => boolean = () => false,
  maxFailures = Number.POSITIVE_INFINITY,
  search?: SeedSearch,
): FuzzSummary {
  const summary = summarize(scenario.name, maxFailures);
  const wants = wantsOf(search);
  for (const [i, seed] of seeds.entries()) {
    if (stop()) break;
    const input = search?.input(i);
    if (search && !input) throw new Error(`search ${search.name} has no input for seed ${seed}`);
    const result = runSeed(scenario, opts, seed, i % RECHECK_EVERY === 0, input, wants);
    if (input) result.input = input;
    summary.add(result);
    search?.record(i, outcomeOf(result));
    onRun?.(result);
    if (summary.full()) break;
  }
  return summary.result;
}
