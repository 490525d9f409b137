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

export interface Shard {
  index: number; // 1-based
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}

/** The seeds of a range, or of shard i/n of it: every n-th seed starting at the i-th. */
export function seedList(range: SeedRange, shard: Shard = { index: 1, count: 1 }): number[] {
  const seeds: number[] = [];
  for (let seed = range.from + shard.index - 1; seed <= range.to; seed += shard.count) seeds.push(seed);
  return seeds;
}

/** Accumulates run results into a summary; failures are kept in the order results are added. */
export function summarize(scenario: string) {
  const result: FuzzSummary = { scenario, runs: 0, failures: [], events: 0, simTimeMs: 0 };
  return {
    result,
    add(r: RunResult) {
      result.runs++;
      result.events += r.events;
      result.simTimeMs += r.simTimeMs;
      const v = r.violations[0];
      if (v) result.failures.push({ seed: r.seed, checker: v.checker, message: v.message, time: v.time, event: v.event });
    },
  };
}

export function fuzz(scenario: string, seeds: number[], opts: Omit<ScenarioOptions, 'seed'>, onRun?: (r: RunResult) => void): FuzzSummary {
  const summary = summarize(scenario);
  for (const seed of seeds) {
    const { result } = runScenario({ ...opts, scenario, seed });
    summary.add(result);
    onRun?.(result);
  }
  return summary.result;
}
