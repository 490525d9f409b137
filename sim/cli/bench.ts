// zksim bench: speed, measured on the wall clock (only the CLI may read it), in one run, each
// part with a warm-up and repeats (median and spread) and the bare heap loop's events/s measured
// just before it (its ratio to the part's figure holds on any machine):
// - engine: queue events/s of the raw message workload;
// - ensemble: committed txns per wall second, 5 servers, 100 sessions, 100,000 writes (create,
//   setData, delete of 1 KB), no faults, every message, disk write and fsync simulated;
// - speedup: simulated seconds per wall second of the faults scenario (5 servers);
// - checkers: wall time per faults seed with every checker, without the client-guarantee ones
//   (issue 13: watches, session-expiry, single-system-image, linearizable, digest, vote-order)
//   and with none — what the checkers cost;
// - election: leader failovers per wall second (kill the leader, until another is established);
// - fuzz: seeds/s of the default (guided) search on every core;
// - bugs: per catalog bug, seeds to first detection and wall time of a search (default guided;
//   --search random,swarm,guided compares them), stopping at the first failing seed;
// - coverage: the abstract-state features each search reaches over seeds (sim/harness/search/);
// - scale: 51 voters + 50 observers + 10,000 sessions + 1,000,000 znodes — time to elect, sync,
//   connect the sessions and commit 10,000 writes, peak heap — and a table from 3 to 51 voters,
//   each run on a thread of its own with a 4 GB heap.
// --quick: tiny sizes (tests).
import { cpus, loadavg } from 'node:os';
import { z } from 'zod';
import { type FlagTable, UsageError, boolFlag, bugsFlag, flag, intFlag, parseArgs } from './args.ts';
import { type Command, EXIT_0_OR_2 } from './command.ts';
import { BUG_CATALOG } from '../harness/bugs.ts';
import { SEARCHES, type SearchName } from '../harness/search/search.ts';
import {
  type Figure,
  FULL,
  QUICK,
  type ScaleResult,
  type Sizes,
  bare,
  benchBugs,
  benchCheckers,
  benchCoverage,
  benchElection,
  benchEngine,
  benchEnsemble,
  benchFuzz,
  benchScale,
  benchSpeedup,
  defaultWorkers,
} from './bench-parts.ts';
import { FuzzPool } from './fuzz-pool.ts';

export const PARTS = [
  'engine',
  'ensemble',
  'speedup',
  'checkers',
  'election',
  'fuzz',
  'bugs',
  'coverage',
  'scale',
] as const;
type Part = (typeof PARTS)[number];

const listOf = <T extends string>(all: readonly T[], what: string) =>
  z
    .string()
    .transform((s) => s.split(','))
    .refine((xs) => xs.every((x) => (all as readonly string[]).includes(x)), `expected ${what}: ${all.join(', ')}`)
    .transform((xs) => xs as T[]);

const flags: FlagTable = {
  only: flag(listOf(PARTS, 'parts, comma-separated'), PARTS.join('|'), 'only these parts (default: every part)'),
  quick: boolFlag('tiny sizes, one repeat (a smoke test, not a measurement)'),
  repeats: flag(intFlag(1, 100), 'N', 'repeats of each timed part (default 5; the slow parts take at most 3)'),
  workers: flag(intFlag(1, 256), 'N', 'fuzz, bugs, coverage: worker threads (default: one per core)'),
  json: boolFlag('every figure as one JSON object'),
  events: flag(intFlag(10_000, 100_000_000), 'N', 'engine: events per repeat (default 2000000)'),
  bug: { ...bugsFlag, help: 'bugs: only these catalog bugs' },
  search: flag(
    listOf(SEARCHES, 'searches, comma-separated'),
    'S,S',
    'bugs, coverage: these searches (bugs default guided; coverage all three)',
  ),
  'max-seeds': flag(intFlag(1, 100_000), 'N', 'bugs: give up on a bug after N seeds (default 300)'),
  znodes: flag(intFlag(0, 10_000_000), 'N', 'scale: znodes of the full run (default 1000000)'),
  'heap-mb': flag(intFlag(64, 65_536), 'MB', 'scale: heap limit of each run (default 4096)'),
};

export const benchCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'bench',
  synopsis: '[flags]',
  summary:
    'speed on the wall clock, each figure beside the bare heap loop: engine, ensemble, speedup, checkers, election, fuzz, bugs, coverage, scale',
  flags,
  run: (argv, out) => benchCommand(argv, out),
};

const r2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : String(r2(x)));
const spread = (f: Figure, unit: string) =>
  `${fmt(f.median)} ${unit} (median of ${f.repeats}; ${fmt(f.min)}..${fmt(f.max)})`;
const ratio = (x: number, b: Figure) =>
  `${((x / b.median) * 100).toPrecision(3)}% of the bare loop's ${fmt(b.median)} events/s`;

export async function benchCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { flags: f } = parseArgs(argv, flags);
  const parts = new Set<Part>((f.only as Part[] | undefined) ?? PARTS);
  const needs = (flag: string, part: Part) => {
    if (f[flag] !== undefined && !parts.has(part)) throw new UsageError(`--${flag} needs --only ${part}`);
  };
  needs('bug', 'bugs');
  needs('max-seeds', 'bugs');
  needs('events', 'engine');
  needs('znodes', 'scale');
  needs('heap-mb', 'scale');
  if (f.search !== undefined && !parts.has('bugs') && !parts.has('coverage'))
    throw new UsageError('--search needs --only bugs or coverage');
  const base = f.quick ? QUICK : FULL;
  const z: Sizes = {
    ...base,
    repeats: (f.repeats as number | undefined) ?? base.repeats,
    engineEvents: (f.events as number | undefined) ?? base.engineEvents,
    maxSeeds: (f['max-seeds'] as number | undefined) ?? base.maxSeeds,
    scale: { ...base.scale, znodes: (f.znodes as number | undefined) ?? base.scale.znodes },
  };
  const workers = (f.workers as number | undefined) ?? defaultWorkers();
  const progress = f.json ? () => {} : out;
  const result: Record<string, unknown> = {
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? '?',
      node: process.version,
      loadAverage: loadavg().map(r2),
    },
    quick: f.quick === true,
  };
  if (!f.json) {
    const m = result.machine as { cpus: number; model: string; node: string; loadAverage: number[] };
    out(`machine: ${m.cpus} cores, ${m.model}, node ${m.node}, load average ${m.loadAverage.join(' ')}`);
  }
  const yardstick = () => bare(z.bareEvents, Math.min(3, z.repeats));
  // one pool of worker threads for the parts that sweep seeds (fuzz, bugs, coverage), started once
  let pool: FuzzPool | undefined;
  const poolOf = async () => {
    if (!pool) {
      pool = new FuzzPool(workers);
      await pool.sweep('faults', [1], { servers: 3 }); // every worker loads the code before anything is timed
    }
    return pool;
  };
  try {
    return await runParts();
  } finally {
    await pool?.close();
  }
  async function runParts(): Promise<number> {
    const put = (part: Part, value: Record<string, unknown>, line: string) => {
      result[part] = value;
      progress(line);
    };
    if (parts.has('engine')) {
      const b = yardstick();
      const e = benchEngine(z);
      put(
        'engine',
        { ...e, bare: b, ratio: e.eventsPerSec.median / b.median },
        `engine: ${spread(e.eventsPerSec, 'events/s')}, ${ratio(e.eventsPerSec.median, b)}`,
      );
      // kept for readers of the old output
      result.engineEventsPerSec = Math.round(e.eventsPerSec.median);
      result.engineTraceHash = e.traceHash;
    }
    if (parts.has('ensemble')) {
      const b = yardstick();
      const e = benchEnsemble(z);
      put(
        'ensemble',
        { ...e, bare: b, ratio: e.txnsPerSec.median / b.median },
        `ensemble: ${spread(e.txnsPerSec, 'committed txns/s')} — ${e.servers} servers, ${e.sessions} sessions, ${e.writes.toLocaleString('en-US')} writes of ${e.bytes} B, ${e.committed.toLocaleString('en-US')} txns in ${r2(e.simSeconds)} simulated s${e.complete ? '' : ' (NOT every write answered)'}; ${ratio(e.txnsPerSec.median, b)}`,
      );
    }
    if (parts.has('speedup')) {
      const b = yardstick();
      const s = benchSpeedup(z);
      put(
        'speedup',
        { ...s, bare: b, ratio: s.traceEventsPerSec / b.median },
        `speedup: ${fmt(s.simSecondsPerWallSecond)}× real time (faults, ${s.servers} servers, ${s.seeds} seeds a repeat; ${spread(s.wallSeconds, 'wall s')}), ${fmt(s.seedsPerSec)} seeds/s, ${fmt(s.traceEventsPerSec)} trace events/s: ${ratio(s.traceEventsPerSec, b)}`,
      );
    }
    if (parts.has('checkers')) {
      const c = benchCheckers(z);
      const ms = (f: { median: number }) => `${r2(f.median * 1000)} ms`;
      put(
        'checkers',
        c,
        `checkers: ${ms(c.secondsPerSeed.all)} a faults seed with all ${c.checkers}, ${ms(c.secondsPerSeed.withoutClientGuarantee)} without the client-guarantee ${c.clientGuarantee.length} (${c.clientGuarantee.join(', ')}): +${r2(c.clientGuaranteeCost * 100)}%; ${ms(c.secondsPerSeed.none)} with none: the checkers are ${r2(c.checkerShare * 100)}% of a seed (${c.servers} servers, ${c.seeds} seeds a repeat)`,
      );
    }
    if (parts.has('election')) {
      const b = yardstick();
      const e = benchElection(z);
      put(
        'election',
        { ...e, bare: b, ratio: e.failoversPerSec.median / b.median },
        `election: ${spread(e.failoversPerSec, 'leader failovers/s')} (${e.servers} servers, ${e.failovers} a repeat, ${r2(e.simMsPerFailover)} simulated ms each); ${ratio(e.failoversPerSec.median, b)}`,
      );
    }
    if (parts.has('fuzz')) {
      const b = yardstick();
      const e = await benchFuzz(z, await poolOf());
      put(
        'fuzz',
        { ...e, bare: b, ratio: e.seedsPerSec.median / b.median },
        `fuzz: ${spread(e.seedsPerSec, 'seeds/s')} on ${e.workers} workers (faults, ${e.servers} servers, ${e.seeds} seeds a repeat, search ${e.search}); ${ratio(e.seedsPerSec.median, b)}`,
      );
    }
    if (parts.has('bugs')) {
      const b = yardstick();
      const ids = (f.bug as string[] | undefined) ?? z.bugs;
      const bugs = BUG_CATALOG.filter((x) => (ids ? ids.includes(x.id) : true));
      const searches = (f.search as SearchName[] | undefined) ?? ['guided'];
      progress(
        `bugs: seeds to first detection, ${searches.join(', ')}, at most ${z.maxSeeds} seeds, ${workers} workers`,
      );
      const rows = await benchBugs(bugs, searches, z.maxSeeds, await poolOf(), progress);
      result.bugs = rows;
      result.bugsBare = b;
      if (!f.json) {
        out('bug        search  servers  first seed  checker                   wall s  cpu s  other failures before');
        for (const r of rows) {
          const seed = r.seed === null ? `>${r.seedsRun}` : String(r.seed);
          const checker = r.checker ?? '-';
          out(
            `${r.bug.padEnd(10)} ${r.search.padEnd(7)} ${String(r.servers).padEnd(8)} ${seed.padEnd(11)} ${checker.padEnd(25)} ${r.wallSeconds.toFixed(2).padStart(6)}  ${r.cpuSeconds.toFixed(2).padStart(5)}  ${r.otherFailures.map((o) => `${o.seed} ${o.checker}`).join(', ') || '-'}`,
          );
        }
      }
    }
    if (parts.has('coverage')) {
      const searches = (f.search as SearchName[] | undefined) ?? [...SEARCHES];
      const c = await benchCoverage(z, searches, await poolOf());
      result.coverage = c;
      if (!f.json)
        for (const row of c)
          out(
            `coverage ${row.search}: ${row.features} features after ${row.seeds} seeds (${row.curve.map(([n, v]) => `${v} after ${n}`).join(', ')})`,
          );
    }
    if (parts.has('scale')) {
      const b = yardstick();
      const heapMb = (f['heap-mb'] as number | undefined) ?? 4096;
      progress(`scale: each run on its own thread, heap at most ${heapMb} MB`);
      const s = await benchScale(z, heapMb);
      result.scale = { ...s, bare: b };
      if (!f.json) {
        for (const r of s.full) out(`scale ${scaleLine(r)}`);
        out(
          'voters observers sessions znodes  writes | elect s  sync s  connect s  commit s  total s  peak heap MB  events',
        );
        for (const r of s.table) out(scaleRow(r));
      }
    }
    if (f.json) out(JSON.stringify(result, null, 2));
    return 0;
  }
}

function scaleLine(r: ScaleResult): string {
  const shape = `${r.voters} voters + ${r.observers} observers, ${r.sessions.toLocaleString('en-US')} sessions, ${r.znodes.toLocaleString('en-US')} znodes, ${r.writes.toLocaleString('en-US')} writes`;
  if (r.error) return `${shape}: did not finish after ${r.totalSeconds} s: ${r.error}`;
  return `${shape}: elect ${r.elect!.seconds} s, sync ${r.sync!.seconds} s, connect ${r.connect!.seconds} s, commit ${r.commit!.seconds} s; ${r.totalSeconds} s in all (set-up ${r.setupSeconds} s), peak heap ${r.peakHeapMb} MB, ${r.events!.toLocaleString('en-US')} events`;
}

function scaleRow(r: ScaleResult): string {
  const head = `${String(r.voters).padStart(6)} ${String(r.observers).padStart(8)} ${String(r.sessions).padStart(8)} ${String(r.znodes).padStart(6)} ${String(r.writes).padStart(7)} |`;
  if (r.error) return `${head} did not finish: ${r.error}`;
  const c = (p: { seconds: number } | undefined, w: number) => (p ? p.seconds.toFixed(2) : '-').padStart(w);
  return `${head} ${c(r.elect, 7)} ${c(r.sync, 7)} ${c(r.connect, 10)} ${c(r.commit, 9)} ${r.totalSeconds.toFixed(2).padStart(8)} ${String(r.peakHeapMb).padStart(13)}  ${r.events}`;
}
