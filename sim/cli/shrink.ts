// zksim shrink REPLAY [--out FILE] [--max-runs N] [--json]: shrink a failing replay file to a
// minimal run that fails with the same checker (sim/harness/shrink.ts), write it as a replay file
// (default: REPLAY with .shrunk before .replay.json / .json), and report the sizes before and
// after — faults, client ops, trace events — and the runs it took.
import { readFileSync } from 'node:fs';
import { findScenario } from '../../scenarios/index.ts';
import { formatReplay, parseReplay } from '../harness/replay.ts';
import { type ShrinkResult, ShrinkError, shrinkReplay } from '../harness/shrink.ts';
import { type FlagTable, UsageError, boolFlag, flag, intFlag, parseArgs, pathFlag } from './args.ts';
import type { Command } from './command.ts';
import { checkWritable, writeAtomic } from './files.ts';

/** Where a shrunk replay goes by default: a.replay.json → a.shrunk.replay.json. */
export function shrunkName(path: string): string {
  const m = /^(.*?)((\.replay)?\.json)$/.exec(path);
  return m ? `${m[1]}.shrunk${m[2]}` : `${path}.shrunk.json`;
}

/** One line of sizes: "faults 16 → 3, ops 1203 → 4, trace events 5661 → 2104". */
export function describeShrink(r: ShrinkResult): string {
  const { before: b, after: a } = r;
  return `faults ${b.faults} → ${a.faults}, ops ${b.ops} → ${a.ops}, trace events ${b.events} → ${a.events}; ${r.runs} runs, ${r.kept} kept${r.exhausted ? ' (run budget spent: smaller may exist)' : ''}`;
}

const flags: FlagTable = {
  out: flag(pathFlag, 'FILE', 'where the shrunk replay goes (default: FILE with .shrunk before .replay.json)'),
  'max-runs': flag(intFlag(1, 100_000), 'N', 'at most N candidate runs (default 500)'),
  json: boolFlag('the sizes before and after, the checker and the runs as one JSON object'),
};

export const shrinkCmd: Command = {
  name: 'shrink',
  synopsis: 'FILE [flags]',
  summary: "shrink a failing replay's fault plan and workload to a minimal run failing the same checker",
  flags,
  run: (argv, out) => shrinkCommand(argv, out),
};

export function shrinkCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length !== 1) throw new UsageError('shrink needs one replay file');
  const input = positional[0]!;
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${input}`);
  }
  const { replay, scenario } = parseReplay(text, findScenario);
  const target = (f.out as string | undefined) ?? shrunkName(input);
  checkWritable('--out', target);
  const t0 = performance.now();
  let result: ShrinkResult;
  try {
    result = shrinkReplay(replay, scenario, f['max-runs'] !== undefined ? { maxRuns: f['max-runs'] as number } : {});
  } catch (e) {
    if (e instanceof ShrinkError) throw new UsageError(e.message);
    throw e;
  }
  writeAtomic(target, formatReplay(result.replay));
  const wallSeconds = Math.round((performance.now() - t0) / 10) / 100;
  if (f.json) {
    out(
      JSON.stringify(
        {
          replay: input,
          out: target,
          checker: result.checker,
          message: result.replay.expect.message,
          traceHash: result.replay.expect.traceHash,
          before: result.before,
          after: result.after,
          runs: result.runs,
          kept: result.kept,
          exhausted: result.exhausted,
          wallSeconds,
        },
        null,
        2,
      ),
    );
  } else {
    out(`${input}: ${result.checker} — shrunk to ${target} in ${wallSeconds} s`);
    out(`  ${describeShrink(result)}`);
    out(`  ${result.checker}: ${result.replay.expect.message}`);
    out(`  replay: npx zksim replay ${target}`);
  }
  return 1;
}
