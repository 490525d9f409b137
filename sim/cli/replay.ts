// zksim replay FILE [--json] [--trace F] [--until EVENT]: run a replay file again and say
// whether it reproduced — the same first violation and the same trace hash; with --until,
// stop at that trace event and show the events leading to it and every server's role there
// (the roles after the simulator step that produced the event; a step can trace several),
// each event as its canonical line (reports/event-line.ts), a send with the node it goes to.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { eventLine } from '../../reports/event-line.ts';
import { Pairer } from '../../reports/pairing.ts';
import { findScenario } from '../../scenarios/index.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { generatorNote, parseReplay, runOptionsOf } from '../harness/replay.ts';
import { GENERATOR_VERSION } from '../faults/generator-version.ts';
import { type RunResult, runScenario } from '../harness/runner.ts';
import { type FlagTable, UsageError, boolFlag, flag, intFlag, parseArgs, pathFlag } from './args.ts';
import type { Command } from './command.ts';

/** How many trace events `--until` shows before the stop. */
const UNTIL_CONTEXT = 20;
import { describeRun } from './run.ts';
import { TraceFile } from './trace-file.ts';
import { isServeRecord } from '../harness/serve/record.ts';
import { replayRecord } from './serve/replay-record.ts';
import { RunExports, commandLine, exportFlags } from './exports.ts';

const flags: FlagTable = {
  json: boolFlag("one JSON object: the run's result, reproduced, expected (with --until: the events up to it, roles)"),
  trace: flag(pathFlag, 'FILE', 'every trace event as JSONL'),
  until: flag(
    intFlag(0, Number.MAX_SAFE_INTEGER),
    'EVENT',
    `stop at that trace event (a violation's event) and show the ${UNTIL_CONTEXT} events up to it and every server's role there`,
  ),
  ...exportFlags,
  walkthrough: boolFlag('with a serve record: narrate the served run step by step, as zksim walkthrough does'),
  format: flag(
    z.enum(['text', 'md', 'html'], { error: 'expected text, md or html' }),
    'text|md|html',
    'with --walkthrough: plain text, Markdown or HTML (default text)',
  ),
  lang: flag(z.enum(['en', 'zh'], { error: 'expected en or zh' }), 'en|zh', 'with --walkthrough: English or Chinese'),
};

export const replayCmd: Command = {
  name: 'replay',
  synopsis: 'FILE [flags]',
  summary: 'run a replay file again: the same violation, the same trace hash? exit 1 if not (or on its violation)',
  flags,
  run: (argv, out) => replayCommand(argv, out),
};

export function replayCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length !== 1) throw new UsageError('replay needs one replay file');
  let text: string;
  try {
    text = readFileSync(positional[0]!, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${positional[0]}`);
  }
  if (isServeRecord(text)) return replayRecord(text, positional[0]!, f, argv, out);
  if (f.walkthrough || f.format || f.lang)
    throw new UsageError('--walkthrough is for serve records (zksim walkthrough NAME narrates a scenario)');
  const { replay, scenario } = parseReplay(text, findScenario);
  const note = generatorNote(replay);
  const generator = { file: replay.generator, zksim: GENERATOR_VERSION };
  const exports = new RunExports(f);
  const traceFile = f.trace ? new TraceFile(f.trace as string) : undefined;
  const until = f.until as number | undefined;
  // The last UNTIL_CONTEXT trace events up to event `until`: their canonical JSON (--json) and line.
  // The trace hands an event's JSON to the sink, then the event to onEvent.
  const recent: { json: string; line: string }[] = [];
  const pairer = new Pairer<null>();
  let seen = 0;
  let lastJson = '';
  const sink = (json: string) => {
    traceFile?.write(json);
    lastJson = json;
  };
  const exportEvent = exports.onEvent;
  const onEvent =
    until === undefined
      ? exportEvent
      : (ev: TraceEvent) => {
          exportEvent?.(ev);
          if (seen++ > until) return;
          pairer.observe(ev);
          const to = ev.k === 'send' ? pairer.send(ev, null).to : undefined;
          if (ev.k === 'recv') pairer.recv(ev);
          recent.push({ json: lastJson, line: eventLine(ev, to !== undefined ? { to } : {}) });
          if (recent.length > UNTIL_CONTEXT) recent.shift();
        };
  let result: RunResult;
  let ownCheckers: string[] = [];
  try {
    const ran = runScenario({
      ...runOptionsOf(replay, scenario),
      ...(traceFile || until !== undefined ? { traceSink: sink } : {}),
      ...(until !== undefined ? { untilEvent: until } : {}),
      ...(onEvent ? { onEvent } : {}),
    });
    result = ran.result;
    ownCheckers = (ran.built.checkers ?? []).map((c) => c.name);
    traceFile?.commit();
  } catch (e) {
    traceFile?.abort();
    throw e;
  }
  if (until !== undefined) {
    // The run stops after the step that reached event `until` — or, when that step also broke a
    // checker, on the violation (checked first): the violation's own event is the usual `until`.
    if (result.events <= until)
      throw new UsageError(`--until: the run has only ${result.events} events (0..${result.events - 1})`);
    const exported = exports.write(result, {
      command: commandLine(['replay', ...argv]),
      replayCommand: commandLine(['replay', positional[0]!]),
      ownCheckers,
    });
    if (f.json) {
      out(
        JSON.stringify(
          {
            replay: positional[0],
            generator,
            until,
            timeMs: result.simTimeMs,
            roles: result.roles,
            leader: result.leader,
            epoch: result.epoch,
            violations: result.violations,
            events: recent.map((r) => JSON.parse(r.json)),
          },
          null,
          2,
        ),
      );
    } else {
      out(
        `${positional[0]}: stopped at event ${until} (t=${(result.simTimeMs / 1000).toFixed(3)} s); the ${recent.length} events up to it:`,
      );
      for (const r of recent) out(`  ${r.line}`);
      if (note) out(`  generator: ${note}`);
      out(
        `  roles: ${Object.entries(result.roles)
          .map(([sid, r]) => `${sid} ${r}`)
          .join(', ')}${result.epoch !== null ? `; epoch ${result.epoch}` : ''}`,
      );
      if (result.violations[0])
        out(`  violation so far: ${result.violations[0].checker}: ${result.violations[0].message}`);
      for (const line of exported) out(line);
    }
    return 0;
  }
  const v = result.violations[0];
  const sameViolation =
    (v?.checker ?? null) === replay.expect.checker && (v?.message ?? null) === replay.expect.message;
  const sameHash = result.traceHash === replay.expect.traceHash;
  const reproduced = sameViolation && sameHash;
  const exported = exports.write(result, {
    command: commandLine(['replay', ...argv]),
    replayCommand: commandLine(['replay', positional[0]!]),
    reproduced,
    ownCheckers,
  });
  if (f.json) {
    out(JSON.stringify({ ...result, replay: positional[0], generator, reproduced, expected: replay.expect }, null, 2));
  } else {
    for (const line of describeRun(result, scenario, runOptionsOf(replay, scenario))) out(line);
    out(`  generator: ${note ?? `v${GENERATOR_VERSION}, as this zksim's`}`);
    out(
      reproduced
        ? `  reproduced: ${replay.expect.checker ? `the same ${replay.expect.checker} violation and ` : ''}the same trace hash`
        : `  DIVERGED: expected ${replay.expect.checker ?? 'no violation'} / trace ${replay.expect.traceHash}, got ${v?.checker ?? 'no violation'} / trace ${result.traceHash}`,
    );
    for (const line of exported) out(line);
  }
  if (!reproduced) return 1;
  return result.ok ? 0 : 1;
}
