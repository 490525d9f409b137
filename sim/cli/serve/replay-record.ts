// zksim replay RECORD for a serve record file: the server side of a served run again, offline
// and at full speed — the same world from the same setup, the same inputs at the same simulated
// times — to the same trace hash; with --report, the run's report.
import { z } from 'zod';
import { ServeRecord } from '../../harness/serve/record.ts';
import { ReplayFileError } from '../../harness/replay.ts';
import { RunExports, commandLine } from '../exports.ts';
import { servedResult, servedWorldOf } from './serve.ts';

export function replayRecord(
  text: string,
  path: string,
  f: Record<string, unknown>,
  argv: string[],
  out: (s: string) => void,
): number {
  let record: ServeRecord;
  try {
    record = ServeRecord.parse(JSON.parse(text));
  } catch (e) {
    if (e instanceof z.ZodError) {
      const issue = e.issues[0]!;
      throw new ReplayFileError(`${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
    }
    throw new ReplayFileError(`${path}: not JSON`);
  }
  if (f.until !== undefined)
    throw new ReplayFileError(`${path}: --until is for scenario replay files, not serve records`);
  const exports = new RunExports(f);
  const served = servedWorldOf(record.setup, exports.onEvent);
  served.boot();
  if (served.servedFromUs !== record.servedFromUs)
    out(`  note: the boot ended at ${served.servedFromUs} µs, the record says ${record.servedFromUs} µs`);
  for (const ev of record.inputs) served.input(ev);
  const end = served.end(record.end.t);
  const result = servedResult(served, end, record.setup.seed);
  const reproduced = end.traceHash === record.end.traceHash;
  const exported = exports.write(result, {
    command: commandLine(['replay', ...argv]),
    replayCommand: commandLine(['replay', path]),
    reproduced,
  });
  if (f.json) {
    out(
      JSON.stringify(
        { ...result, replay: path, inputs: record.inputs.length, reproduced, expected: record.end },
        (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
        2,
      ),
    );
  } else {
    out(
      `${path}: serve record, ${served.servers.length} server(s), seed ${record.setup.seed}, zk ${record.setup.zk}; ${record.inputs.length} inputs over ${((end.t - served.servedFromUs) / 1000).toFixed(1)} simulated ms; ${end.events} trace events`,
    );
    out(
      end.violations.length === 0
        ? '  every checker passed'
        : `  ${end.violations.length} violation(s), the first: ${end.violations[0]!.checker}: ${end.violations[0]!.message}`,
    );
    out(
      reproduced
        ? `  reproduced: the same trace hash ${end.traceHash}`
        : `  DIVERGED: expected trace ${record.end.traceHash}, got ${end.traceHash}`,
    );
    for (const line of exported) out(line);
  }
  if (!reproduced) return 1;
  return end.violations.length === 0 ? 0 : 1;
}
