// zksim bench: speed, measured on the wall clock (only the CLI may read it).
// engine: queue events per second on the raw message workload (best of 3 rounds).
// election: first-start runs of 5 servers per second, and simulated seconds per wall second.
import { cpus } from 'node:os';
import { z } from 'zod';
import { engineWorkload } from '../bench.ts';
import { runScenario } from '../runner.ts';
import { intFlag, parseArgs } from './args.ts';

const flags = { only: z.enum(['engine', 'election']), json: 'bool', events: intFlag(10_000, 100_000_000) } as const;

export function benchCommand(argv: string[], out: (s: string) => void): number {
  const { flags: f } = parseArgs(argv, flags);
  const only = f.only as 'engine' | 'election' | undefined;
  const result: Record<string, unknown> = { machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version } };
  if (!only || only === 'engine') {
    const events = (f.events as number | undefined) ?? 2_000_000;
    let best = 0;
    let hash = '';
    for (let round = 0; round < 3; round++) {
      const w = engineWorkload(1);
      const t0 = performance.now();
      w.run({ maxEvents: events });
      const dt = (performance.now() - t0) / 1000;
      best = Math.max(best, w.steps / dt);
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
      const { result: r } = runScenario({ scenario: 'first-start', seed, servers: 5 });
      simMs += r.simTimeMs;
      events += r.events;
    }
    const dt = (performance.now() - t0) / 1000;
    result.electionRunsPerSec = Math.round((runs / dt) * 10) / 10;
    result.electionSimSecondsPerWallSecond = Math.round(simMs / 1000 / dt);
    result.electionTraceEventsPerSec = Math.round(events / dt);
  }
  if (f.json) {
    out(JSON.stringify(result, null, 2));
  } else {
    const m = result.machine as { cpus: number; model: string; node: string };
    out(`machine: ${m.cpus} cores, ${m.model}, node ${m.node}`);
    if (result.engineEventsPerSec !== undefined) out(`engine: ${(result.engineEventsPerSec as number).toLocaleString('en-US')} events/s (best of 3 × ${result.engineEvents} events)`);
    if (result.electionRunsPerSec !== undefined) {
      out(`election: ${result.electionRunsPerSec} first-start runs/s (5 servers), ${result.electionSimSecondsPerWallSecond}× real time, ${(result.electionTraceEventsPerSec as number).toLocaleString('en-US')} trace events/s`);
    }
  }
  return 0;
}
