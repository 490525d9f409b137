// Fuzz summary files: what one sweep (or one shard of it) ran and found, written by
// `fuzz --out DIR` and combined by `zksim fuzz-merge DIR...` — many machines, one campaign.
// Version 2 added `generator`, the seeded generators' version (sim/faults/generator-version.ts):
// the same seeds under another generator are other runs, so shards of different generators do
// not merge. A version-1 file loads with generator null (unknown). Version 3 added `stoppedBy`:
// why a shard ended before its last seed (its time limit, or fuzz --max-failures); a version-2
// file that stopped early stopped at its time limit (the only way it could). Version 4 added
// `search` (random, swarm or guided: sim/harness/search/) and, on a failure, its `runSeed` and
// `origin` when the guided search made its input; an older file's search is swarm if its
// options say so, else random (the only searches there were).
import { z } from 'zod';
import type { FuzzSummary, SeedRange, Shard } from './fuzz.ts';
import { parseJsonWith, versionCheck } from '../engine/json-input.ts';
import { GENERATOR_VERSION } from '../faults/generator-version.ts';
import { SEARCHES, type SearchName } from './search/search.ts';
import { PATH_COUNTERS, type PathCounts, addPaths, zeroPaths } from './paths.ts';

export const SUMMARY_FORMAT = 'zksim-fuzz-summary';
export const SUMMARY_VERSION = 4;

const Failure = z.strictObject({
  seed: z.number().int().min(0),
  runSeed: z.number().int().min(0).optional(),
  origin: z.string().optional(),
  checker: z.string(),
  message: z.string(),
  time: z.number(),
  event: z.number(),
  replay: z.string().optional(),
  shrunk: z
    .strictObject({
      before: z.strictObject({ faults: z.number().int(), ops: z.number().int(), events: z.number().int() }),
      after: z.strictObject({ faults: z.number().int(), ops: z.number().int(), events: z.number().int() }),
      runs: z.number().int(),
    })
    .optional(),
});

export const SummaryFile = z.strictObject({
  format: z.literal(SUMMARY_FORMAT),
  version: z.literal(SUMMARY_VERSION),
  /** The version of the generators that drew the seeds' plans and workloads; null: unknown (a version-1 file). */
  generator: z.number().int().min(1).nullable(),
  scenario: z.string().min(1),
  /** What each seed ran (sim/harness/search/). */
  search: z.enum(SEARCHES),
  options: z.record(z.string(), z.unknown()),
  range: z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0) }),
  shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) }),
  /** The seeds run: the shard's seeds of the range, up to the first not run (time limit). */
  stoppedBefore: z.number().int().nullable(),
  /** What ended the shard at stoppedBefore (null: it ran every seed). */
  stoppedBy: z.enum(['time-limit', 'max-failures']).nullable(),
  runs: z.number().int().min(0),
  rechecked: z.number().int().min(0),
  events: z.number().min(0),
  simTimeMs: z.number().min(0),
  failures: z.array(Failure),
  /** The paths the runs exercised, summed (sim/harness/paths.ts); absent in files written before it. */
  paths: z.partialRecord(z.enum(PATH_COUNTERS), z.number().int().min(0)).optional(),
});
export type SummaryFile = z.infer<typeof SummaryFile>;

const FailureV3 = Failure.omit({ runSeed: true, origin: true });
const SummaryFileV3 = SummaryFile.omit({ search: true })
  .extend({ version: z.literal(3) })
  .extend({ failures: z.array(FailureV3) });
const SummaryFileV2 = SummaryFileV3.omit({ stoppedBy: true }).extend({ version: z.literal(2) });
const SummaryFileV1 = SummaryFileV2.omit({ generator: true }).extend({ version: z.literal(1) });
const stoppedByOfOld = (f: { stoppedBefore: number | null }) => (f.stoppedBefore === null ? null : 'time-limit');
const searchOfOld = (f: { options: Record<string, unknown> }): SearchName =>
  f.options.swarm === true ? 'swarm' : 'random';

export class SummaryFileError extends Error {}

export function summaryFile(
  s: FuzzSummary,
  options: Record<string, unknown>,
  range: SeedRange,
  shard: Shard,
  stoppedBefore: number | undefined,
  stoppedBy: SummaryFile['stoppedBy'] = stoppedBefore === undefined ? null : 'time-limit',
  search: SearchName = options.swarm === true ? 'swarm' : 'random',
): SummaryFile {
  return {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    generator: GENERATOR_VERSION,
    scenario: s.scenario,
    search,
    options,
    range,
    shard,
    stoppedBefore: stoppedBefore ?? null,
    stoppedBy,
    runs: s.runs,
    rechecked: s.rechecked,
    events: s.events,
    simTimeMs: s.simTimeMs,
    failures: s.failures,
    paths: s.paths,
  };
}

export function summaryFileName(shard: Shard): string {
  return shard.count === 1 ? 'fuzz-summary.json' : `fuzz-summary-shard${shard.index}of${shard.count}.json`;
}

export function parseSummary(text: string, name: string): SummaryFile {
  const fail = (m: string) => new SummaryFileError(`${name}: ${m}`);
  let version: unknown;
  try {
    version = (JSON.parse(text) as { version?: unknown } | null)?.version;
  } catch {
    // parseJsonWith names the JSON error
  }
  if (version === 1) {
    const f = parseJsonWith(text, SummaryFileV1, 'fuzz summary', fail);
    return { ...f, version: SUMMARY_VERSION, generator: null, stoppedBy: stoppedByOfOld(f), search: searchOfOld(f) };
  }
  if (version === 2) {
    const f = parseJsonWith(text, SummaryFileV2, 'fuzz summary', fail);
    return { ...f, version: SUMMARY_VERSION, stoppedBy: stoppedByOfOld(f), search: searchOfOld(f) };
  }
  if (version === 3) {
    const f = parseJsonWith(text, SummaryFileV3, 'fuzz summary', fail);
    return { ...f, version: SUMMARY_VERSION, search: searchOfOld(f) };
  }
  return parseJsonWith(text, SummaryFile, 'fuzz summary', fail, versionCheck('fuzz summary', SUMMARY_VERSION, fail));
}

/** A generator version as people read it: v1, or unknown (a file from before versions were recorded). */
export const generatorName = (v: number | null): string => (v === null ? 'unknown' : `v${v}`);

export interface Merged {
  /** The generator version every shard's seeds were drawn with. */
  generator: number | null;
  scenario: string;
  search: SearchName;
  options: Record<string, unknown>;
  range: SeedRange;
  shards: string[];
  /** Every shard of the range is here and none stopped early. */
  complete: boolean;
  runs: number;
  rechecked: number;
  events: number;
  simTimeMs: number;
  failures: SummaryFile['failures'];
  /** Summed over the shards that counted them (null: none did, files from before the counters). */
  paths: PathCounts | null;
}

/** Combine shard summaries of one campaign; refuses mixed campaigns and a shard given twice. */
export function mergeSummaries(files: readonly SummaryFile[]): Merged {
  const first = files[0];
  if (!first) throw new SummaryFileError('no fuzz summaries to merge');
  const key = (f: SummaryFile) => JSON.stringify([f.scenario, f.search, f.options, f.range, f.shard.count]);
  const seen = new Set<number>();
  for (const f of files) {
    if (f.generator !== first.generator)
      throw new SummaryFileError(
        `summaries are of different generators: generator ${generatorName(f.generator)} vs ${generatorName(first.generator)} (the same seeds under another generator are other runs; rerun the shards with one zksim)`,
      );
    if (key(f) !== key(first)) {
      throw new SummaryFileError(
        `summaries are of different campaigns: ${f.scenario} ${f.search} ${JSON.stringify(f.options)} ${f.range.from}..${f.range.to} /${f.shard.count} vs ${first.scenario} ${first.search} ${JSON.stringify(first.options)} ${first.range.from}..${first.range.to} /${first.shard.count}`,
      );
    }
    if (seen.has(f.shard.index)) throw new SummaryFileError(`shard ${f.shard.index}/${f.shard.count} is given twice`);
    seen.add(f.shard.index);
  }
  const sum = (k: 'runs' | 'rechecked' | 'events' | 'simTimeMs') => files.reduce((a, f) => a + f[k], 0);
  return {
    generator: first.generator,
    scenario: first.scenario,
    search: first.search,
    options: first.options,
    range: first.range,
    shards: [...seen].sort((a, b) => a - b).map((i) => `${i}/${first.shard.count}`),
    complete: seen.size === first.shard.count && files.every((f) => f.stoppedBefore === null),
    runs: sum('runs'),
    rechecked: sum('rechecked'),
    events: sum('events'),
    simTimeMs: sum('simTimeMs'),
    failures: files.flatMap((f) => f.failures).sort((a, b) => a.seed - b.seed),
    paths: files.some((f) => f.paths)
      ? files.reduce((acc, f) => {
          addPaths(acc, f.paths);
          return acc;
        }, zeroPaths())
      : null,
  };
}
