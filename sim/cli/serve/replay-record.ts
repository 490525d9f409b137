// zksim replay RECORD for a serve record file: the server side of a served run again, offline
// and at full speed — the same world from the same setup, the same inputs at the same simulated
// times — to the same trace hash; with --report, the run's report.
import { z } from 'zod';
import { ServeRecord } from '../../harness/serve/record.ts';
import { ReplayFileError } from '../../harness/replay.ts';
import { RunExports, commandLine } from '../exports.ts';
import { UsageError } from '../args.ts';
import { TraceFile } from '../trace-file.ts';
import type { TraceEvent } from '../../engine/trace.ts';
import { checkerNames } from '../../checkers/index.ts';
import { type Format, type RunSummary, render } from '../../../reports/walkthrough/render.ts';
import { buildSteps } from '../../../reports/walkthrough/steps.ts';
import { en } from '../../../reports/walkthrough/en.ts';
import { zh } from '../../../reports/walkthrough/zh.ts';
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
  if ((f.format || f.lang) && !f.walkthrough) throw new UsageError('--format and --lang go with --walkthrough');
  const exports = new RunExports(f);
  const events: TraceEvent[] = [];
  const onEvent = f.walkthrough
    ? (ev: TraceEvent) => {
        events.push(ev);
        exports.onEvent?.(ev);
      }
    : exports.onEvent;
  const traceFile = f.trace ? new TraceFile(f.trace as string) : undefined;
  const served = servedWorldOf(record.setup, onEvent, traceFile?.write);
  served.boot();
  if (served.servedFromUs !== record.servedFromUs)
    out(`  note: the boot ended at ${served.servedFromUs} µs, the record says ${record.servedFromUs} µs`);
  for (const ev of record.inputs) served.input(ev);
  const end = served.end(record.end.t);
  traceFile?.commit();
  const result = servedResult(served, end, record.setup.seed);
  const reproduced = end.traceHash === record.end.traceHash;
  const exported = exports.write(result, {
    command: commandLine(['replay', ...argv]),
    replayCommand: commandLine(['replay', path]),
    reproduced,
  });
  if (f.walkthrough) {
    const voters = served.servers.filter((s) => s.sid > 0 && !s.observer).map((s) => s.sid);
    const observers = served.servers.filter((s) => s.observer).map((s) => s.sid);
    const summary: RunSummary = {
      name: 'serve',
      seed: record.setup.seed,
      voters,
      observers,
      leader: result.leader,
      epoch: result.epoch,
      roles: result.roles,
      ok: result.ok,
      violations: result.violations.map((v) => ({ checker: v.checker, message: v.message })),
      checkers: checkerNames.length,
      traceHash: result.traceHash,
      events: result.events,
      simTimeMs: result.simTimeMs,
    };
    const book = f.lang === 'zh' ? zh : en;
    const clientAddrs = Object.fromEntries(served.servers.map((s) => [s.clientAddr, s.sid]));
    const steps = buildSteps(events, { voters, observers, clientAddrs });
    out(render((f.format as Format | undefined) ?? 'text', book, 'serve', steps, summary).replace(/\n$/, ''));
  }
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
