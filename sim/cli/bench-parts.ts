// The parts of `zksim bench`, each measured on the wall clock (only the CLI may read it) with a
// warm-up and repeats (median and spread), and the bare heap loop (sim/harness/bench.ts)
// measured just before it, so each figure can be read as a ratio that holds on any machine.
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { bareHeapLoop, engineWorkload } from '../harness/bench.ts';
import { runScenario } from '../harness/runner.ts';
import { checkerNames } from '../checkers/index.ts';
import { BUG_CATALOG, type CatalogBug } from '../harness/bugs.ts';
import type { SeedlessOptions } from '../harness/scenario.ts';
import { GuidedSearch } from '../harness/search/guided.ts';
import { type SearchName, type SeedSearch, SeedOwnSearch, curvePoints } from '../harness/search/search.ts';
import { type SeedResult, runSeed } from '../harness/fuzz.ts';
import { scenarioNamed } from '../../scenarios/index.ts';
import { electionBench, ensembleBench, scaleBench } from '../../scenarios/bench.ts';
import type { FuzzPool } from './fuzz-pool.ts';

/** A measured figure: the median of the repeats and their spread. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  repeats: number;
}

/** Run `fn` warmup times untimed-for-the-figure, then `repeats` times; each returns its own rate. */
export function measure(repeats: number, warmup: number, fn: () => number): Figure {
  for (let i = 0; i < warmup; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < repeats; i++) xs.push(fn());
  return figureOf(xs);
}

export async function measureAsync(repeats: number, warmup: number, fn: () => Promise<number>): Promise<Figure> {
  for (let i = 0; i < warmup; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < repeats; i++) xs.push(await fn());
  return figureOf(xs);
}

function figureOf(xs: number[]): Figure {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, repeats: s.length };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** The bare heap loop's events/s (the yardstick), measured now. */
export function bare(events: number, repeats: number): Figure {
  return measure(repeats, 1, () => {
    const t0 = performance.now();
    bareHeapLoop(events);
    return events / seconds(t0);
  });
}

export interface Sizes {
  repeats: number;
  /** Servers of the faults runs (speedup, fuzz, coverage). */
  servers: number;
  /** bugs: only these, unless --bug says (undefined: every catalog bug). */
  bugs?: readonly string[];
  engineEvents: number;
  bareEvents: number;
  ensemble: { servers: number; sessions: number; writes: number; bytes: number };
  speedupSeeds: number;
  failovers: number;
  electionServers: number;
  fuzzSeeds: number;
  coverageSeeds: number;
  maxSeeds: number;
  scale: { voters: number[]; observers: number; sessions: number; znodes: number; writes: number };
  scaleTable: { voters: number[]; observers: number; sessions: number; znodes: number; writes: number };
}

export const FULL: Sizes = {
  repeats: 5,
  servers: 5,
  engineEvents: 2_000_000,
  bareEvents: 5_000_000,
  ensemble: { servers: 5, sessions: 100, writes: 100_000, bytes: 1024 },
  speedupSeeds: 4,
  failovers: 50,
  electionServers: 3,
  fuzzSeeds: 24,
  coverageSeeds: 30,
  maxSeeds: 300,
  scale: { voters: [51], observers: 50, sessions: 10_000, znodes: 1_000_000, writes: 10_000 },
  scaleTable: { voters: [3, 5, 11, 21, 51], observers: 0, sessions: 1000, znodes: 10_000, writes: 1000 },
};

export const QUICK: Sizes = {
  repeats: 1,
  servers: 3,
  bugs: ['ZK-1291'],
  engineEvents: 20_000,
  bareEvents: 200_000,
  ensemble: { servers: 3, sessions: 4, writes: 60, bytes: 1024 },
  speedupSeeds: 1,
  failovers: 3,
  electionServers: 3,
  fuzzSeeds: 2,
  coverageSeeds: 1,
  maxSeeds: 2,
  scale: { voters: [3], observers: 1, sessions: 6, znodes: 100, writes: 6 },
  scaleTable: { voters: [3, 5], observers: 0, sessions: 4, znodes: 50, writes: 4 },
};

export function benchEngine(z: Sizes) {
  let hash = '';
  const fig = measure(z.repeats, 1, () => {
    const w = engineWorkload(1);
    const t0 = performance.now();
    w.run({ maxEvents: z.engineEvents });
    const s = seconds(t0);
    hash = w.trace.traceHash;
    return w.steps / s;
  });
  return { eventsPerSec: fig, events: z.engineEvents, traceHash: hash };
}

export function benchEnsemble(z: Sizes) {
  const shape = z.ensemble;
  // warm-up: a twentieth of the writes
  if (z.repeats > 1) ensembleBench({ ...shape, writes: Math.max(shape.sessions, Math.round(shape.writes / 20)) }).run();
  let last = { committed: 0, simMs: 0, complete: false };
  const fig = measure(Math.min(z.repeats, 3), 0, () => {
    const b = ensembleBench(shape);
    const t0 = performance.now();
    last = b.run();
    return last.committed / seconds(t0);
  });
  return {
    ...shape,
    txnsPerSec: fig,
    committed: last.committed,
    simSeconds: last.simMs / 1000,
    complete: last.complete,
  };
}

export function benchSpeedup(z: Sizes) {
  const faults = scenarioNamed('faults');
  let events = 0;
  let simMs = 0;
  const run = () => {
    events = 0;
    simMs = 0;
    const t0 = performance.now();
    for (let seed = 1; seed <= z.speedupSeeds; seed++) {
      const { result } = runScenario({ scenario: faults, seed, servers: z.servers });
      events += result.events;
      simMs += result.simTimeMs;
    }
    return seconds(t0);
  };
  const wall = measure(z.repeats > 1 ? 3 : 1, z.repeats > 1 ? 1 : 0, run);
  return {
    seeds: z.speedupSeeds,
    servers: z.servers,
    simSecondsPerWallSecond: simMs / 1000 / wall.median,
    traceEventsPerSec: events / wall.median,
    seedsPerSec: z.speedupSeeds / wall.median,
    wallSeconds: wall,
  };
}

/**
 * The checkers added for what ZooKeeper promises its clients (issue 13): the cost of a faults
 * seed with them is measured against the same seeds without them (and without any checker).
 */
export const CLIENT_GUARANTEE_CHECKERS = [
  'watches',
  'session-expiry',
  'single-system-image',
  'linearizable',
  'digest',
  'vote-order',
] as const;

/** Wall seconds per faults seed with every checker, without the client-guarantee ones, and with none. */
export function benchCheckers(z: Sizes) {
  const faults = scenarioNamed('faults');
  const everyName: readonly string[] = checkerNames;
  const once = (omit: readonly string[]) => {
    const t0 = performance.now();
    for (let seed = 1; seed <= z.speedupSeeds; seed++)
      runScenario({ scenario: faults, seed, servers: z.servers, omitCheckers: omit });
    return seconds(t0) / z.speedupSeeds;
  };
  // The three variants alternate, repeat by repeat, so a change of the machine's load falls on
  // all three alike (timed one after the other, a load that rose or fell between them biased
  // their ratio either way).
  const variants = [[], CLIENT_GUARANTEE_CHECKERS, everyName] as const;
  const xs: number[][] = [[], [], []];
  const repeats = z.repeats > 1 ? Math.max(5, z.repeats) : 1;
  if (z.repeats > 1) for (const v of variants) once(v);
  for (let r = 0; r < repeats; r++) variants.forEach((v, i) => xs[i]!.push(once(v)));
  const [all, without, none] = xs.map((x) => figureOf(x)) as [Figure, Figure, Figure];
  return {
    seeds: z.speedupSeeds,
    servers: z.servers,
    checkers: everyName.length,
    clientGuarantee: [...CLIENT_GUARANTEE_CHECKERS],
    secondsPerSeed: { all, withoutClientGuarantee: without, none },
    /** How much longer a seed takes with the client-guarantee checkers than without them. */
    clientGuaranteeCost: all.median / without.median - 1,
    /** The share of a seed's wall time that every checker together takes. */
    checkerShare: 1 - none.median / all.median,
  };
}

export function benchElection(z: Sizes) {
  let simMs = 0;
  const fig = measure(z.repeats > 1 ? 3 : 1, z.repeats > 1 ? 1 : 0, () => {
    const b = electionBench(z.electionServers);
    simMs = 0;
    const t0 = performance.now();
    for (let i = 0; i < z.failovers; i++) simMs += b.failover().simMs;
    return z.failovers / seconds(t0);
  });
  return {
    servers: z.electionServers,
    failovers: z.failovers,
    failoversPerSec: fig,
    simMsPerFailover: simMs / z.failovers,
  };
}

export async function benchFuzz(z: Sizes, pool: FuzzPool) {
  const seeds = Array.from({ length: z.fuzzSeeds }, (_, i) => i + 1);
  const opts: SeedlessOptions = { servers: z.servers };
  const fig = await measureAsync(z.repeats > 1 ? 2 : 1, 1, async () => {
    const t0 = performance.now();
    const s = await pool.sweep(
      'faults',
      seeds,
      opts,
      undefined,
      undefined,
      undefined,
      searchFor('guided', seeds, z.servers),
    );
    return s.runs / seconds(t0);
  });
  return { workers: pool.size, servers: z.servers, seeds: z.fuzzSeeds, search: 'guided' as const, seedsPerSec: fig };
}

function searchFor(name: SearchName, seeds: number[], servers: number): SeedSearch {
  return name === 'guided'
    ? new GuidedSearch(
        seeds,
        Array.from({ length: servers }, (_, i) => i + 1),
      )
    : new SeedOwnSearch(name, seeds);
}

export interface BugRow {
  bug: string;
  search: SearchName;
  servers: number;
  /** First seed whose violation is the bug's (its catalog checker, or one that also finds it), or null if none within the seeds run. */
  seed: number | null;
  seedsRun: number;
  checker: string | null;
  expected: boolean;
  origin?: string;
  /**
   * Seeds before it that failed another checker (a manifestation the catalog does not name, or a
   * finding of its own), or the bug's checker also with the bug off (not the bug's doing).
   */
  otherFailures: { seed: number; checker: string; origin?: string }[];
  wallSeconds: number;
  /** CPU seconds of the whole process (every worker) meanwhile: what the machine's load does not stretch. */
  cpuSeconds: number;
}

/**
 * Per catalog bug and search: the first seed whose violation is the bug's, and the wall time of
 * the sweep up to it on the pool (it hands out no seed after it; those in flight finish).
 */
export async function benchBugs(
  bugs: readonly CatalogBug[],
  searches: readonly SearchName[],
  maxSeeds: number,
  pool: FuzzPool,
  progress: (line: string) => void,
): Promise<BugRow[]> {
  const rows: BugRow[] = [];
  for (const bug of bugs) {
    const finds = (checker: string) => checker === bug.expectedChecker || (bug.alsoFoundBy ?? []).includes(checker);
    for (const search of searches) {
      const servers = bug.campaign?.servers ?? 3;
      const seeds = Array.from({ length: maxSeeds }, (_, i) => i + 1);
      // The run length of the bug's campaigns: election-liveness cannot fire within the faults
      // scenario's own end (ZK-453's and ZK-1732's run to 200 s).
      const until = bug.until;
      const opts: SeedlessOptions = {
        servers,
        bugs: [bug.id],
        ...(search === 'swarm' ? { swarm: true } : {}),
        ...(until !== undefined ? { untilMs: until } : {}),
      };
      let found: { seed: number; checker: string; origin?: string } | undefined;
      const others: BugRow['otherFailures'] = [];
      let runs = 0;
      const onRun = (r: SeedResult) => {
        if (found) return;
        runs++;
        const v = r.violations[0];
        if (!v) return;
        const f = { seed: r.seed, checker: v.checker, ...(r.origin ? { origin: r.origin } : {}) };
        // the bug's, if its checker and the same run with the bug off passes (as the catalog's campaigns are judged)
        if (finds(v.checker) && passesWithout(r, opts)) found = f;
        else others.push(finds(v.checker) ? { ...f, checker: `${v.checker} (also with the bug off)` } : f);
      };
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await pool.sweep(
        'faults',
        seeds,
        opts,
        onRun,
        () => found !== undefined,
        undefined,
        searchFor(search, seeds, servers),
      );
      const wall = seconds(t0);
      const cpu = process.cpuUsage(cpu0);
      const row: BugRow = {
        bug: bug.id,
        search,
        servers,
        seed: found?.seed ?? null,
        seedsRun: runs,
        checker: found?.checker ?? null,
        expected: found !== undefined,
        ...(found?.origin ? { origin: found.origin } : {}),
        otherFailures: others,
        wallSeconds: Math.round(wall * 100) / 100,
        cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
      };
      rows.push(row);
      const also =
        others.length > 0
          ? `; before it ${others.length} other failure(s): ${others.map((o) => `seed ${o.seed} ${o.checker}`).join(', ')}`
          : '';
      progress(
        `  ${bug.id} ${search}: ${found ? `seed ${found.seed} (${found.checker}) in ${row.wallSeconds} s` : `not found in ${runs} seeds (${row.wallSeconds} s)`}${also}`,
      );
    }
  }
  return rows;
}

/** The seed's run again (its input), with no bug on: does every checker pass? */
function passesWithout(r: SeedResult, opts: SeedlessOptions): boolean {
  const { bugs: _bugs, ...off } = opts;
  return runSeed(scenarioNamed('faults'), off, r.seed, false, r.input).ok;
}

/** Coverage over seeds of each search (no bug): abstract-state features after 1, 2, 5, ... seeds. */
export async function benchCoverage(z: Sizes, searches: readonly SearchName[], pool: FuzzPool) {
  const out: { search: SearchName; servers: number; seeds: number; features: number; curve: [number, number][] }[] = [];
  for (const search of searches) {
    const seeds = Array.from({ length: z.coverageSeeds }, (_, i) => i + 1);
    const s = searchFor(search, seeds, z.servers);
    const opts = { servers: z.servers, ...(search === 'swarm' ? { swarm: true } : {}) };
    await pool.sweep('faults', seeds, opts, undefined, undefined, undefined, s);
    const c = s.coverage();
    out.push({ search, servers: z.servers, seeds: seeds.length, features: c.features, curve: curvePoints(c.curve) });
  }
  return out;
}

export interface ScaleShape {
  voters: number;
  observers: number;
  sessions: number;
  znodes: number;
  writes: number;
}

/** A scale run's phases: wall seconds, whether it got there, the heap after it. */
export interface ScalePhase {
  seconds: number;
  ok: boolean;
  heapMb: number;
}

export type ScaleResult = ScaleShape & {
  setupSeconds?: number;
  elect?: ScalePhase;
  sync?: ScalePhase;
  /** The sessions established. */
  connect?: ScalePhase;
  commit?: ScalePhase;
  totalSeconds: number;
  events?: number;
  simSeconds?: number;
  /** The run's peak V8 heap (sampled every 65,536 events and after each phase). */
  peakHeapMb: number;
  /** Why it did not finish: out of memory at the heap limit. */
  error?: string;
};

/** One scale run, in this thread: wall seconds of each phase, events, the heap's peak. */
export function scaleRun(shape: ScaleShape): ScaleResult {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, getHeapStatistics().used_heap_size);
  };
  const t0 = performance.now();
  const s = scaleBench(shape);
  s.bench.world.trace.subscribe((ev) => {
    if ((ev.i & 0xffff) === 0) sample();
  });
  sample();
  const setup = seconds(t0);
  const phase = (fn: () => boolean): ScalePhase => {
    const t = performance.now();
    const ok = fn();
    sample();
    return { seconds: round3(seconds(t)), ok, heapMb: Math.round(getHeapStatistics().used_heap_size / 1e6) };
  };
  const elect = phase(() => s.elect());
  const sync = phase(() => s.sync());
  const connect = phase(() => s.sessions());
  const commit = phase(() => s.commit());
  return {
    ...shape,
    setupSeconds: round3(setup),
    elect,
    sync,
    connect,
    commit,
    totalSeconds: round3(seconds(t0)),
    events: s.bench.events,
    simSeconds: s.bench.world.nowMs / 1000,
    peakHeapMb: Math.round(peak / 1e6),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const scaleEntry = new URL('./bench-scale-worker.mjs', import.meta.url);

/** A scale run on a worker thread of its own with a heap of heapMb at most: an out-of-memory ends the thread, not the bench. */
export function scaleRunIsolated(shape: ScaleShape, heapMb: number): Promise<ScaleResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const w = new Worker(scaleEntry, { workerData: shape, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let done = false;
    w.on('message', (r: ScaleResult) => {
      done = true;
      resolve(r);
      void w.terminate();
    });
    w.on('error', (e) => {
      done = true;
      resolve({ ...shape, totalSeconds: round3(seconds(t0)), peakHeapMb: heapMb, error: `${(e as Error).message}` });
    });
    w.on('exit', (code) => {
      if (!done)
        resolve({ ...shape, totalSeconds: round3(seconds(t0)), peakHeapMb: heapMb, error: `exited (${code})` });
    });
  });
}

/** The scale part: the full shape, and a table of the cost as the voters grow (each run isolated, heap at most heapMb). */
export async function benchScale(z: Sizes, heapMb: number) {
  const table: ScaleResult[] = [];
  for (const voters of z.scaleTable.voters) table.push(await scaleRunIsolated({ ...z.scaleTable, voters }, heapMb));
  const full: ScaleResult[] = [];
  for (const voters of z.scale.voters) full.push(await scaleRunIsolated({ ...z.scale, voters }, heapMb));
  return { heapLimitMb: heapMb, full, table };
}

export const ALL_BUGS = BUG_CATALOG;
export const defaultWorkers = () => availableParallelism();
