// zksim run SCENARIO ...: one seeded run, a few readable lines or one JSON object.
import { findScenario, scenarios } from '../../scenarios/index.ts';
import type { AnyOptions, Scenario } from '../harness/scenario.ts';
import { readFileSync } from 'node:fs';
import { type FaultPlan, parseFaultPlan } from '../faults/plan.ts';
import { FAULT_KINDS } from '../faults/registry.ts';
import { type RunResult, runScenario } from '../harness/runner.ts';
import { type FlagTable, UsageError, boolFlag, bugsFlag, flag, parseArgs, pathFlag, seedFlag } from './args.ts';
import type { Command } from './command.ts';
import type { BugId } from '../../protocol/bugs.ts';
import { TraceFile } from './trace-file.ts';
import { checkWritable, writeAtomic } from './files.ts';
import { formatReplay, replayOf } from '../harness/replay.ts';
import { RunExports, commandLine, exportFlags } from './exports.ts';
import { optionFlagsOf, optionsFromFlags } from './scenario-flags.ts';

/** The scenarios' option flags (--servers, --order, --until, ...: scenarios/options.ts). */
const optionFlags = optionFlagsOf(scenarios);

/** The fault types a plan may hold (sim/faults/registry.ts). */
const FAULT_TYPES = FAULT_KINDS.map((k) => k.type);

const ownFlags: FlagTable = {
  seed: seedFlag,
  json: boolFlag(
    'one JSON object: scenario, seed, ok, violations, traceHash, events, simTimeMs, leader, roles, epoch, stopReason',
  ),
  trace: flag(pathFlag, 'FILE', 'every trace event as JSONL'),
  'save-replay': flag(pathFlag, 'FILE', "write the run's replay file (zksim replay runs it again)"),
  faults: flag(
    pathFlag,
    'FILE',
    `a fault plan (JSON) on top of the scenario's own: {"faults": [{"type": "crash", "at": 10000, "servers": [3]}, ...]}; types: ${FAULT_TYPES.join(' ')} (zksim list faults)`,
  ),
  bug: bugsFlag,
  ...exportFlags,
};
const flags: FlagTable = { ...ownFlags, ...optionFlags };

export const runCmd: Command = {
  name: 'run',
  synopsis: 'SCENARIO [flags]',
  summary: 'one seeded run under every checker: a few readable lines, or one JSON object',
  about: [
    '',
    `SCENARIO: ${scenarios.map((s) => s.name).join(', ')} (zksim list scenarios: what each checks and takes)`,
  ],
  flags: ownFlags,
  groups: [{ title: 'scenario options (each for the scenarios named)', flags: optionFlags }],
  run: (argv, out) => runCommand(argv, out),
};

export function runCommand(argv: string[], out: (s: string) => void): number {
  const { positional, flags: f } = parseArgs(argv, flags);
  if (positional.length !== 1)
    throw new UsageError(`run needs one scenario name (${scenarios.map((s) => s.name).join(', ')})`);
  const name = positional[0]!;
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`unknown scenario '${name}' (known: ${scenarios.map((s) => s.name).join(', ')})`);
  const options = optionsFromFlags(scenario, f, Object.keys(optionFlags));
  const opts = {
    seed: (f.seed as number | undefined) ?? 1,
    ...options,
    ...(f.bug ? { bugs: f.bug as BugId[] } : {}),
  };
  let faults: FaultPlan | undefined;
  if (f.faults) {
    let text: string;
    try {
      text = readFileSync(f.faults as string, 'utf8');
    } catch {
      throw new UsageError(`--faults: cannot read ${f.faults}`);
    }
    const shape = scenario.options.resolve(options) as { servers?: number; observers?: number };
    const total = (shape.servers ?? 5) + (shape.observers ?? 0);
    faults = parseFaultPlan(
      text,
      Array.from({ length: total }, (_, i) => i + 1),
    );
  }
  if (f['save-replay']) checkWritable('--save-replay', f['save-replay'] as string);
  const exports = new RunExports(f);
  const traceFile = f.trace ? new TraceFile(f.trace as string) : undefined;
  let result: RunResult;
  let exported: string[];
  try {
    const runOpts = {
      ...opts,
      scenario,
      ...(traceFile ? { traceSink: traceFile.write } : {}),
      ...(exports.onEvent ? { onEvent: exports.onEvent } : {}),
      ...(faults ? { faults } : {}),
    };
    const ran = runScenario(runOpts);
    result = ran.result;
    const built = ran.built;
    traceFile?.commit();
    if (f['save-replay']) writeAtomic(f['save-replay'] as string, formatReplay(replayOf(runOpts, result, built)));
    exported = exports.write(result, {
      command: commandLine(['run', ...argv]),
      ownCheckers: (built.checkers ?? []).map((c) => c.name),
      ...(f['save-replay'] ? { replayCommand: commandLine(['replay', f['save-replay'] as string]) } : {}),
    });
  } catch (e) {
    traceFile?.abort();
    throw e;
  }
  if (f.json) out(JSON.stringify(result, null, 2));
  else out([...describeRun(result, scenario, options), ...exported].join('\n'));
  return result.ok ? 0 : 1;
}

export function describeRun(r: RunResult, scenario: Scenario, opts: AnyOptions): string[] {
  const lines: string[] = [];
  const ids = Object.keys(r.roles);
  const o = scenario.options.resolve(opts) as { order?: number[]; gapMs?: number };
  const setup =
    r.scenario === 'first-start'
      ? `, ${ids.length} servers started ${(o.order ?? ids.map(Number)).join(',')} ${o.gapMs} ms apart`
      : '';
  lines.push(`${r.scenario}${setup}, seed ${r.seed}`);
  const byRole = new Map<string, string[]>();
  for (const [id, role] of Object.entries(r.roles)) byRole.set(role, [...(byRole.get(role) ?? []), id]);
  const parts = [...byRole].map(([role, list]) => `${role}: ${list.join(',')}`);
  lines.push(`  leader: ${r.leader ?? 'none'}${r.epoch !== null ? ` (epoch ${r.epoch})` : ''}; ${parts.join('; ')}`);
  if (r.violations.length === 0) lines.push('  checkers: all passed');
  for (const v of r.violations)
    lines.push(`  VIOLATION ${v.checker} at ${v.time.toFixed(3)} ms (event ${v.event}): ${v.message}`);
  lines.push(`  ${r.events} events, ${(r.simTimeMs / 1000).toFixed(3)} s simulated, trace hash ${r.traceHash}`);
  return lines;
}
