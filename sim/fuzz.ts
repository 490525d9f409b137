// Seed sweeps: run a scenario for each seed of a range, collect the failures (first violation
// of each failing seed). Timing is the caller's (the CLI reads the wall clock; this does not).
import type { ScenarioOptions } from '../scenarios/scenario.ts';
import { type RunResult, runScenario } from './runner.ts';

export interface SeedRange {
  from: number;
  to: number;
}

export interface FuzzFailure {
  seed: number;
  checker: string;
  message: string;
  time: number;
  event: number;
}

export interface FuzzSummary {
  scenario: string;
  runs: number;
  failures: FuzzFailure[];
  events: number;
  simTimeMs: number;
}

export function parseSeedRange(text: string): SeedRange | undefined {
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return from <= to ? { from, to } : undefined;
}

export function fuzz(scenario: string, seeds: SeedRange, opts: Omit<ScenarioOptions, 'seed'>, onRun?: (r: RunResult) => void): FuzzSummary {
  const summary: FuzzSummary = { scenario, runs: 0, failures: [], events: 0, simTimeMs: 0 };
  for (let seed = seeds.from; seed <= seeds.to; seed++) {
    const { result } = runScenario({ ...opts, scenario, seed });
    summary.runs++;
    summary.events += result.events;
    summary.simTimeMs += result.simTimeMs;
    const v = result.violations[0];
    if (v) summary.failures.push({ seed, checker: v.checker, message: v.message, time: v.time, event: v.event });
    onRun?.(result);
  }
  return summary;
}
