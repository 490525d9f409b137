// zksim replay FILE [--json] [--trace F]: run a replay file again and say whether it
// reproduced — the same first violation and the same trace hash.
import { readFileSync } from 'node:fs';
import { findScenario } from '../../scenarios/index.ts';
import { ReplayFileError, parseReplay, runOptionsOf } from '../replay.ts';
import { runScenario } from '../runner.ts';
import { UsageError, parseArgs, pathFlag } from './args.ts';
import { describeRun } from './run.ts';
import { TraceFile } from './trace-file.ts';

export function replayCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags: f } = parseArgs(argv, { json: 'bool', trace: pathFlag });
  if (positional.length !== 1) throw new UsageError('replay needs one replay file');
  let text: string;
  try {
    text = readFileSync(positional[0]!, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${positional[0]}`);
  }
  const replay = parseReplay(text);
  if (!findScenario(replay.scenario)) throw new ReplayFileError(`replay file scenario: unknown scenario '${replay.scenario}'`);
  const traceFile = f.trace ? new TraceFile(f.trace as string) : undefined;
  let result;
  try {
    result = runScenario({ ...runOptionsOf(replay), ...(traceFile ? { traceSink: traceFile.write } : {}) }).result;
    traceFile?.commit();
  } catch (e) {
    traceFile?.abort();
    throw e;
  }
  const v = result.violations[0];
  const sameViolation = (v?.checker ?? null) === replay.expect.checker && (v?.message ?? null) === replay.expect.message;
  const sameHash = result.traceHash === replay.expect.traceHash;
  const reproduced = sameViolation && sameHash;
  if (f.json) {
    out(JSON.stringify({ ...result, replay: positional[0], reproduced, expected: replay.expect }, null, 2));
  } else {
    for (const line of describeRun(result, runOptionsOf(replay))) out(line);
    out(
      reproduced
        ? `  reproduced: ${replay.expect.checker ? `the same ${replay.expect.checker} violation and ` : ''}the same trace hash`
        : `  DIVERGED: expected ${replay.expect.checker ?? 'no violation'} / trace ${replay.expect.traceHash}, got ${v?.checker ?? 'no violation'} / trace ${result.traceHash}`,
    );
  }
  if (!reproduced) return 1;
  return result.ok ? 0 : 1;
}
