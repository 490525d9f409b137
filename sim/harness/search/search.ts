// How a sweep chooses what each seed runs: `random` (the seed's own plan and workload, as
// `zksim run SCENARIO --seed S` draws them), `swarm` (the seed's own, drawn by swarm testing:
// a random subset of the fault kinds, step-triggered episodes) and `guided` (coverage-guided:
// sim/harness/search/guided.ts). Every search counts the abstract protocol states its seeds
// reach (sim/harness/search/coverage.ts), so their coverage over seeds can be compared.
// A search is asked for seed i's input only once it can be drawn (the guided search draws it
// from the results of the seeds before i minus a window), and is told the results in seed
// order: a sweep on any number of workers hands out the same inputs.
import type { FaultPlan } from '../../faults/plan.ts';
import type { Workload } from '../../faults/workload.ts';
import type { RunCoverage } from './coverage.ts';

export const SEARCHES = ['random', 'swarm', 'guided'] as const;
export type SearchName = (typeof SEARCHES)[number];

/** What one seed of a sweep runs. */
export interface SeedInput {
  /** The world's seed: the seed's own, or (a guided mutant) its parent's, so it replays its parent's run up to what was changed. */
  runSeed: number;
  /** Draw the seed's own plan by swarm testing (when no plan is given). */
  swarm?: boolean;
  /** The plan and workload as data (a guided mutant); absent: drawn from runSeed. */
  plan?: FaultPlan;
  workload?: Workload;
  /** How the guided search made it: `mutant of seed 12: strike ...`. */
  origin?: string;
}

/** What a search learns of a seed's run. */
export interface SeedOutcome {
  seed: number;
  ok: boolean;
  cover?: RunCoverage | undefined;
  /** The plan and workload the run used, as data. */
  plan?: FaultPlan | undefined;
  workload?: Workload | undefined;
}

/** Coverage over seeds: distinct features after each seed, in seed order. */
export interface CoverageCurve {
  /** Distinct features (abstract states, steps in them, orders, outcomes) reached by the seeds so far. */
  features: number;
  /** features after the 1st, 2nd, ... seed. */
  curve: number[];
}

export interface SeedSearch {
  readonly name: SearchName;
  /** The input of the index-th seed of the sweep, or undefined while it waits for earlier results. */
  input(index: number): SeedInput | undefined;
  /** The index-th seed's outcome; called for index 0, 1, 2, ... in order. */
  record(index: number, outcome: SeedOutcome): void;
  coverage(): CoverageCurve;
}

/** Feature counts over the seeds of a sweep: how many runs reached each. */
export class CoverageMap {
  readonly counts = new Map<string, number>();
  readonly curve: number[] = [];

  /** Add a run's features; returns how many were new. */
  add(features: readonly string[] | undefined): number {
    let fresh = 0;
    for (const f of features ?? []) {
      const c = this.counts.get(f) ?? 0;
      if (c === 0) fresh++;
      this.counts.set(f, c + 1);
    }
    this.curve.push(this.counts.size);
    return fresh;
  }

  count(feature: string): number {
    return this.counts.get(feature) ?? 0;
  }

  summary(): CoverageCurve {
    return { features: this.counts.size, curve: [...this.curve] };
  }
}

/** random and swarm: each seed its own plan and workload. */
export class SeedOwnSearch implements SeedSearch {
  private readonly map = new CoverageMap();

  constructor(
    readonly name: 'random' | 'swarm',
    private readonly seeds: readonly number[],
  ) {}

  input(index: number): SeedInput {
    return { runSeed: this.seeds[index]!, ...(this.name === 'swarm' ? { swarm: true } : {}) };
  }

  record(_index: number, outcome: SeedOutcome): void {
    this.map.add(outcome.cover?.features);
  }

  coverage(): CoverageCurve {
    return this.map.summary();
  }
}

/** Points of a coverage curve for people: after seed 1, 2, 5, 10, 20, 50, ... and the last. */
export function curvePoints(curve: readonly number[]): [seeds: number, features: number][] {
  const out: [number, number][] = [];
  for (let m = 1; m <= curve.length; m *= 10)
    for (const k of [1, 2, 5]) if (k * m <= curve.length) out.push([k * m, curve[k * m - 1]!]);
  const last = curve.length;
  if (last > 0 && out[out.length - 1]?.[0] !== last) out.push([last, curve[last - 1]!]);
  return out;
}
