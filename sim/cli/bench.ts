// zksim bench: speed, measured on the wall clock (only the CLI may read it).
// engine: queue events per second on the raw message workload (best of 3 rounds).
// election: first-start runs of 5 servers per second, and simulated seconds per wall second.
// bugs (only when asked: it is long): per catalog bug, seeds to first detection and wall time
// for plain random fault plans vs swarm testing.
import { cpus } from 'node:os';
import { z } from 'zod';
import { engineWorkload } from '../harness/bench.ts';
import { runScenario } from '../harness/runner.ts';
import { type FlagTable, UsageError, boolFlag, bugsFlag, flag, intFlag, parseArgs } from './args.ts';
import { type Command, EXIT_0_OR_2 } from './command.ts';
import { BUG_CATALOG } from '../harness/bugs.ts';
import { type HuntResult, type Strategy, hunt } from '../harness/bug-hunt.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

const flags: FlagTable = {
  only: flag(
    z.enum(['engine', 'election', 'bugs']),
    'engine|election|bugs',
    'one part (default engine and election; bugs only when asked: it is long)',
  ),
  json: boolFlag('the measurements as one JSON object'),
  events: flag(intFlag(10_000, 100_000_000), 'N', 'engine: events per round (default 2000000)'),
  bug: { ...bugsFlag, help: 'with --only bugs: only these catalog bugs' },
  'max-seeds': flag(intFlag(1, 100_000), 'N', 'with --only bugs: give up on a bug after N seeds (default 2000)'),
};

export const benchCmd: Command = {
  exitCodes: EXIT_0_OR_2,
  name: 'bench',
  synopsis: '[flags]',
  summary:
    'speed on the wall clock: engine events/s, first-start runs/s; bugs: seeds to first detection, plain vs swarm',
  flags,
  run: (argv, out) => benchCommand(argv, out),
};

interface BugBench extends HuntResult {
  wallSeconds: number;
}

function benchBugs(ids: readonly string[] | undefined, maxSeeds: number, progress: (s: string) => void): BugBench[] {
  const rows: BugBench[] = [];
  for (const bug of BUG_CATALOG) {
    if (ids && !ids.includes(bug.id)) continue;
    for (const strategy of ['random', 'swarm'] as Strategy[]) {
      const t0 = performance.now();
      const r = hunt(scenarioNamed('faults'), bug, strategy, maxSeeds);
      rows.push({ ...r, wallSeconds: Math.round((performance.now() - t0) / 10) / 100 });
      progress(
        `  ${bug.id} ${strategy}: ${r.seed === null ? `not found in ${maxSeeds} seeds` : `seed ${r.seed} (${r.checker})`}`,
      );
    }
  }
  return rows;
}

export function benchCommand(argv: string[], out: (s: string) => void): number {
  const { flags: f } = parseArgs(argv, flags);
  const only = f.only as 'engine' | 'election' | 'bugs' | undefined;
  if ((f.bug || f['max-seeds']) && only !== 'bugs') throw new UsageError('--bug and --max-seeds need --only bugs');
  const result: Record<string, unknown> = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version },
  };
  if (!only || only === 'engine') {
    const events = (f.events as number | undefined) ?? 2_000_000;
    let best = 0;
    let hash = '';
    for (let round = 0; round < 3; round++) {
      const w = engineWorkload(1);
      const t0 = performance.now();
      w.run({ maxEvents: events });
      const wallSeconds = (performance.now() - t0) / 1000;
      best = Math.max(best, w.steps / wallSeconds);
      hash = w.trace.traceHash;
    }
    result.engineEventsPerSec = Math.round(best);
    result.engineEvents = events;
    result.engineTraceHash = hash;
  }
  if (!only || only === 'election') {
    const runs = 50;
    const t0 = performance.now();
    let simMs = 0;
    let events = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const { result: r } = runScenario({ scenario: scenarioNamed('first-start'), seed, servers: 5 });
      simMs += r.simTimeMs;
      events += r.events;
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    result.electionRunsPerSec = Math.round((runs / wallSeconds) * 10) / 10;
    result.electionSimSecondsPerWallSecond = Math.round(simMs / 1000 / wallSeconds);
    result.electionTraceEventsPerSec = Math.round(events / wallSeconds);
  }
  if (only === 'bugs') {
    result.bugs = benchBugs(
      f.bug as string[] | undefined,
      (f['max-seeds'] as number | undefined) ?? 2000,
      f.json ? () => {} : out,
    );
  }
  if (f.json) {
    out(JSON.stringify(result, null, 2));
  } else {
    const m = result.machine as { cpus: number; model: string; node: string };
    out(`machine: ${m.cpus} cores, ${m.model}, node ${m.node}`);
    if (result.engineEventsPerSec !== undefined)
      out(
        `engine: ${(result.engineEventsPerSec as number).toLocaleString('en-US')} events/s (best of 3 × ${result.engineEvents} events)`,
      );
    if (result.electionRunsPerSec !== undefined) {
      out(
        `election: ${result.electionRunsPerSec} first-start runs/s (5 servers), ${result.electionSimSecondsPerWallSecond}× real time, ${(result.electionTraceEventsPerSec as number).toLocaleString('en-US')} trace events/s`,
      );
    }
    if (result.bugs) {
      out('bug        strategy  servers  first seed  checker              wall s');
      for (const b of result.bugs as BugBench[]) {
        const seed = b.seed === null ? `>${b.seedsRun}` : String(b.seed);
        const checker = b.checker === null ? '-' : b.expected ? b.checker : `${b.checker} (unexpected)`;
        out(
          `${b.bug.padEnd(10)} ${b.strategy.padEnd(9)} ${String(b.servers).padEnd(8)} ${seed.padEnd(11)} ${checker.padEnd(20)} ${b.wallSeconds.toFixed(2)}`,
        );
      }
    }
  }
  return 0;
}
