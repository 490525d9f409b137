// zksim fuzz SCENARIO --seeds A..B [--search random|swarm|guided] [--shard I/N] [--workers N] [--time-limit-s S]
// [scenario options] [--out DIR] [--stop-on-failure | --max-failures N] [--json]: a seed sweep, one line per failing
// seed (in seed order, however many workers), a summary with the coverage the search reached, exit 1 on any failure.
import { z } from 'zod';
import { findScenario, scenarios } from '../../scenarios/index.ts';
import type { Scenario, SeedlessOptions } from '../harness/scenario.ts';
import {
  type FuzzFailure,
  type SeedResult,
  fuzz,
  inputOptions,
  parseSeedRange,
  parseShard,
  seedList,
} from '../harness/fuzz.ts';
import { SEARCHES, type SearchName, type SeedSearch, SeedOwnSearch, curvePoints } from '../harness/search/search.ts';
import { GuidedSearch } from '../harness/search/guided.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ShrinkError, shrinkReplay } from '../harness/shrink.ts';
import { describeShrink } from './shrink.ts';
import { fuzzOnWorkers } from './fuzz-pool.ts';
import { summaryFile, summaryFileName } from '../harness/fuzz-summary.ts';
import { GENERATOR_VERSION } from '../faults/generator-version.ts';
import { describePaths } from '../harness/paths.ts';
import { type FlagTable, UsageError, boolFlag, bugsFlag, flag, intFlag, parseArgs, pathFlag } from './args.ts';
import type { Command } from './command.ts';
import type { BugId } from '../../protocol/bugs.ts';
import { ensureOutDir, writeAtomic } from './files.ts';
import { formatReplay, replayOf } from '../harness/replay.ts';
import { scenarioData } from '../harness/runner.ts';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { scenarioNamed } from '../../scenarios/index.ts';
import { commandLine } from './exports.ts';
import { flagsOfOptions, optionFlagsOf, optionsFromFlags } from './scenario-flags.ts';

/** The scenarios' option flags (--servers, --swarm, ...: scenarios/options.ts). */
const optionFlags = optionFlagsOf(scenarios);

const ownFlags: FlagTable = {
  seeds: flag(
    z.string().refine((s) => parseSeedRange(s) !== undefined, 'expected a range like 1..200'),
    'A..B',
    'the seeds to run (needed)',
  ),
  shard: flag(
    z.string().refine((s) => parseShard(s) !== undefined, 'expected I/N with 1 <= I <= N, like 2/4'),
    'I/N',
    "only every N-th seed of the range from the I-th: one machine's part of a campaign (zksim fuzz-merge adds them up)",
  ),
  search: flag(
    z.enum(SEARCHES),
    'random|swarm|guided',
    "what each seed runs: its own plan (random), its own swarm-drawn plan (swarm; --swarm is the same), or a mutant of a run that reached new abstract protocol states (guided, the default for scenarios whose plan is data; the others' is random)",
  ),
  workers: flag(intFlag(1, 256), 'N', 'worker threads (default: one per core)'),
  bug: bugsFlag,
  'time-limit-s': flag(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'expected a number of seconds, like 30')
      .transform(Number)
      .refine((n) => n > 0, 'expected a number of seconds > 0'),
    'S',
    'stop handing out seeds after S seconds of wall time',
  ),
  'stop-on-failure': boolFlag('stop at the first failing seed (in seed order): --max-failures 1'),
  'max-failures': flag(
    intFlag(1, 1_000_000),
    'N',
    'stop handing out seeds at the N-th failing seed (in seed order); the summary says so',
  ),
  json: boolFlag('print the summary as one JSON object (no line per failing seed)'),
  out: flag(pathFlag, 'DIR', 'write a replay file per failing seed and the fuzz summary into DIR (made if missing)'),
  shrink: boolFlag("shrink each failing seed's replay before writing it (needs --out)"),
  'max-runs': flag(intFlag(1, 100_000), 'N', 'with --shrink: at most N runs per failure (default 500)'),
};
const flags: FlagTable = { ...ownFlags, ...optionFlags };

export const fuzzCmd: Command = {
  name: 'fuzz',
  synopsis: 'SCENARIO --seeds A..B [flags]',
  summary: 'a seed sweep: a line per failing seed (in seed order), a summary; exit 1 if any seed fails',
  about: ['', `SCENARIO: ${scenarios.map((s) => s.name).join(', ')}`],
  flags: ownFlags,
  groups: [{ title: 'scenario options (each for the scenarios named)', flags: optionFlags }],
  run: (argv, out) => fuzzCommand(argv, out),
};

export async function fuzzCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length !== 1)
    throw new UsageError(`fuzz needs one scenario name (${scenarios.map((s) => s.name).join(', ')})`);
  const name = positional[0]!;
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown scenario '${name}' (known: ${scenarios.map((s) => s.name).join(', ')})`);
  if (f.seeds === undefined) throw new UsageError('fuzz needs --seeds A..B');
  const range = parseSeedRange(f.seeds as string)!;
  const shard = f.shard === undefined ? { index: 1, count: 1 } : parseShard(f.shard as string)!;
  const seeds = seedList(range, shard);
  const opts: SeedlessOptions = { ...optionsFromFlags(scenario, f, Object.keys(optionFlags)) };
  if (f.bug) opts.bugs = f.bug as BugId[];
  const searchName = searchOf(scenario, f.search as SearchName | undefined, opts.swarm === true);
  if (searchName === 'swarm') opts.swarm = true;
  else delete opts.swarm;
  const outDir = f.out as string | undefined;
  if (f.shrink && !outDir) throw new UsageError('--shrink needs --out DIR (the shrunk replays are written there)');
  if (f['max-runs'] !== undefined && !f.shrink) throw new UsageError('--max-runs applies only with --shrink');
  if (f['stop-on-failure'] && f['max-failures'] !== undefined && f['max-failures'] !== 1)
    throw new UsageError('--stop-on-failure is --max-failures 1: give one of them');
  const maxFailures = f['stop-on-failure']
    ? 1
    : ((f['max-failures'] as number | undefined) ?? Number.POSITIVE_INFINITY);
  if (outDir) ensureOutDir('--out', outDir);
  const shrunk = new Map<number, NonNullable<FuzzFailure['shrunk']>>();
  const replays = new Map<number, string>();
  const t0 = performance.now();
  const workers = (f.workers as number | undefined) ?? availableParallelism();
  const timeLimitSeconds = f['time-limit-s'] as number | undefined;
  const stop = () => timeLimitSeconds !== undefined && performance.now() - t0 > timeLimitSeconds * 1000;
  const progress = new Progress(seeds.length, t0, !f.json && process.stderr.isTTY === true);
  const search = makeSearch(searchName, scenario, seeds, opts);
  // A guided mutant's plan is not its seed's: its replay file is the only way to run it again,
  // so without --out it goes to a directory of its own.
  let mutantDir: string | undefined;
  const onRun = (r: SeedResult) => {
    progress.ran(r.ok);
    if (r.ok) return;
    const runSeedNo = r.runSeed ?? r.seed;
    const own = !r.input?.plan;
    let replayCmd = commandLine([
      'run',
      name,
      '--seed',
      String(runSeedNo),
      ...flagsOfOptions(scenario, inputOptions(opts, r.input)),
      ...(opts.bugs ? ['--bug', opts.bugs.join(',')] : []),
    ]);
    let sizes = '';
    const dir = outDir ?? (own ? undefined : (mutantDir ??= mkdtempSync(join(tmpdir(), 'zksim-fuzz-'))));
    if (dir) {
      const file = join(dir, `${name}-seed${r.seed}.replay.json`);
      const runOpts = { ...inputOptions(opts, r.input), scenario: scenarioNamed(name), seed: runSeedNo };
      let replay = replayOf(runOpts, { ...r, seed: runSeedNo }, scenarioData(runOpts));
      if (f.shrink && r.violations[0]!.checker !== 'determinism') {
        try {
          const s = shrinkReplay(
            replay,
            scenarioNamed(name),
            f['max-runs'] !== undefined ? { maxRuns: f['max-runs'] as number } : {},
          );
          replay = s.replay;
          shrunk.set(r.seed, { before: s.before, after: s.after, runs: s.runs });
          sizes = ` (shrunk: ${describeShrink(s)})`;
        } catch (e) {
          if (!(e instanceof ShrinkError)) throw e;
          sizes = ` (not shrunk: ${e.message})`;
        }
      }
      writeAtomic(file, formatReplay(replay));
      replays.set(r.seed, file);
      replayCmd = `npx zksim replay ${file}`;
    }
    progress.clear();
    const origin = r.origin ? ` (${r.origin})` : '';
    if (!f.json)
      out(
        `seed ${r.seed}${origin}: ${r.violations[0]!.checker}: ${r.violations[0]!.message} — replay: ${replayCmd}${sizes}`,
      );
  };
  const summary =
    workers > 1 && seeds.length > 1
      ? await fuzzOnWorkers(name, seeds, opts, workers, onRun, stop, maxFailures, search)
      : fuzz(scenarioNamed(name), seeds, opts, onRun, stop, maxFailures, search);
  const coverage = search.coverage();
  progress.clear();
  // the first seed not run: the time limit or the failure limit ended the sweep before it
  const cut = summary.runs < seeds.length ? seeds[summary.runs] : undefined;
  const stoppedBy = cut === undefined ? null : (summary.stoppedBy ?? 'time-limit');
  for (const failure of summary.failures) {
    const file = replays.get(failure.seed);
    if (file) failure.replay = file;
    const sizes = shrunk.get(failure.seed);
    if (sizes) failure.shrunk = sizes;
  }
  if (outDir)
    writeAtomic(
      join(outDir, summaryFileName(shard)),
      `${JSON.stringify(summaryFile(summary, opts, range, shard, cut, stoppedBy, searchName), null, 2)}\n`,
    );
  const wallSeconds = (performance.now() - t0) / 1000;
  const seedsPerSecond = Math.round((summary.runs / wallSeconds) * 100) / 100;
  if (f.json) {
    out(
      JSON.stringify(
        {
          ...summary,
          search: searchName,
          coverage: { features: coverage.features, curve: curvePoints(coverage.curve) },
          ...(search instanceof GuidedSearch ? { corpus: search.corpus.length } : {}),
          generator: GENERATOR_VERSION,
          ...(f.shard ? { shard: f.shard } : {}),
          ...(stoppedBy === 'time-limit' ? { timeLimitStoppedBefore: cut } : {}),
          ...(stoppedBy === 'max-failures' ? { maxFailuresStoppedBefore: cut } : {}),
          workers,
          seedsPerSecond,
          wallSeconds: Math.round(wallSeconds * 100) / 100,
        },
        null,
        2,
      ),
    );
  } else {
    out(
      `${summary.runs} seeds of ${name} (generator v${GENERATOR_VERSION}, search ${searchName}): ${summary.failures.length} failed; ${summary.events.toLocaleString('en-US')} events, ${(summary.simTimeMs / 1000).toFixed(0)} s simulated, ${seedsPerSecond} seeds/s on ${workers} worker${workers === 1 ? '' : 's'}, ${summary.rechecked} re-run for determinism${stopNote(stoppedBy, cut, maxFailures)}`,
    );
    out(describePaths(summary.paths));
    out(
      `coverage: ${coverage.features.toLocaleString('en-US')} abstract-state features (${curvePoints(coverage.curve)
        .map(([n, c]) => `${c} after ${n}`)
        .join(', ')})${search instanceof GuidedSearch ? `; corpus ${search.corpus.length} runs` : ''}`,
    );
  }
  return summary.failures.length > 0 ? 1 : 0;
}

/** The search a sweep runs: --search, or --swarm's (its alias), or the scenario's default. */
function searchOf(scenario: Scenario, given: SearchName | undefined, swarm: boolean): SearchName {
  if (swarm && given !== undefined && given !== 'swarm')
    throw new UsageError(`--swarm is --search swarm: it does not go with --search ${given}`);
  const search = given ?? (swarm ? 'swarm' : scenario.options.data ? 'guided' : 'random');
  if (search === 'guided' && !scenario.options.data)
    throw new UsageError(
      `--search guided: scenario ${scenario.name} has no fault plan as data to mutate (only --search random)`,
    );
  if (search === 'swarm' && !('swarm' in scenario.options.specs))
    throw new UsageError(`--search swarm: scenario ${scenario.name} draws no fault plan (only --search random)`);
  return search;
}

function makeSearch(name: SearchName, scenario: Scenario, seeds: number[], opts: SeedlessOptions): SeedSearch {
  if (name !== 'guided') return new SeedOwnSearch(name, seeds);
  const servers = scenarioData({ ...opts, scenario, seed: seeds[0] ?? 1 }).servers ?? [];
  return new GuidedSearch(seeds, servers);
}

/** Why the sweep ended early, for the summary line ('' if it ran every seed). */
function stopNote(by: 'time-limit' | 'max-failures' | null, cut: number | undefined, maxFailures: number): string {
  if (by === 'time-limit') return `; time limit reached: seeds from ${cut} not run`;
  if (by === 'max-failures')
    return `; stopped at failure ${maxFailures} (${maxFailures === 1 ? '--stop-on-failure' : `--max-failures ${maxFailures}`}): seeds from ${cut} not run`;
  return '';
}

/** A one-line progress meter on a terminal's stderr: seeds done, seeds/s, failures. */
class Progress {
  private done = 0;
  private failed = 0;
  private shownAt = 0;

  constructor(
    private readonly total: number,
    private readonly t0: number,
    private readonly on: boolean,
  ) {}

  ran(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    const now = performance.now();
    if (!this.on || now - this.shownAt < 250) return;
    this.shownAt = now;
    const rate = this.done / ((now - this.t0) / 1000);
    process.stderr.write(`\r${this.done}/${this.total} seeds, ${rate.toFixed(1)} seeds/s, ${this.failed} failed `);
  }

  clear(): void {
    if (this.on && this.shownAt > 0) process.stderr.write('\r\x1b[K');
  }
}
