// zksim fuzz-merge DIR... [--json]: one campaign's result from the summaries its shards wrote
// (fuzz --shard I/N --out DIR); exit 1 if any seed failed.
import { describePaths } from '../harness/paths.ts';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generatorName, mergeSummaries, parseSummary } from '../harness/fuzz-summary.ts';
import { type FlagTable, UsageError, boolFlag, parseArgs } from './args.ts';
import type { Command } from './command.ts';

const table: FlagTable = { json: boolFlag('the merged campaign as one JSON object') };

export const fuzzMergeCmd: Command = {
  name: 'fuzz-merge',
  synopsis: 'DIR... [--json]',
  summary:
    "one campaign's result from the summaries its shards wrote (fuzz --shard I/N --out DIR); exit 1 if any seed failed",
  flags: table,
  run: (argv, out) => fuzzMergeCommand(argv, out),
};

export function fuzzMergeCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags } = parseArgs(argv, table);
  if (positional.length === 0) throw new UsageError('fuzz-merge needs one or more directories written by fuzz --out');
  const files = [];
  for (const dir of positional) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`fuzz-merge: ${dir} is not a directory`);
    const names = readdirSync(dir)
      .filter((n) => /^fuzz-summary(-shard\d+of\d+)?\.json$/.test(n))
      .sort();
    if (names.length === 0) throw new UsageError(`fuzz-merge: ${dir} holds no fuzz-summary*.json`);
    for (const n of names) files.push(parseSummary(readFileSync(join(dir, n), 'utf8'), join(dir, n)));
  }
  const m = mergeSummaries(files);
  if (flags.json) {
    out(JSON.stringify(m, null, 2));
  } else {
    for (const f of m.failures)
      out(
        `seed ${f.seed}${f.origin ? ` (${f.origin})` : ''}: ${f.checker}: ${f.message}${f.replay ? ` — replay: npx zksim replay ${f.replay}` : ''}`,
      );
    out(
      `${m.runs} seeds of ${m.scenario} ${m.range.from}..${m.range.to} from shards ${m.shards.join(' ')} (generator ${generatorName(m.generator)}, search ${m.search})${m.complete ? '' : ' (INCOMPLETE: a shard is missing or stopped early, at its time limit or --max-failures)'}: ${m.failures.length} failed; ${m.events.toLocaleString('en-US')} events, ${(m.simTimeMs / 1000).toFixed(0)} s simulated`,
    );
    if (m.paths) out(describePaths(m.paths));
  }
  return m.failures.length > 0 ? 1 : 0;
}
