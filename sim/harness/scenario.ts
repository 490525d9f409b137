// What a scenario is: a named run as data — how to build the world, what it checks, when it ends,
// and the options it takes (one schema per scenario family, sim/harness/options.ts).
import type { Checker, World } from '../engine/world.ts';
import type { BugId } from '../../protocol/bugs.ts';
import type { FaultPlan } from '../faults/plan.ts';
import type { Workload } from '../faults/workload.ts';
import type { RoleTracker } from '../faults/roles.ts';
import type { ScenarioOptionsSchema } from './options.ts';

/** What every run of every scenario is given besides its own options. */
export interface ScenarioInput {
  seed: number;
  /** Historical bugs switched back on (zksim list bugs). */
  bugs?: readonly BugId[];
  /** The scenario's fault plan, replacing the one it would generate from the seed (scenarios whose options say `data`). */
  plan?: FaultPlan;
  /** The scenario's client workload, replacing the one it would generate from the seed (as plan). */
  workload?: Workload;
}

/** Any scenario's options (a scenario's own type comes from its schema). */
export type AnyOptions = Record<string, unknown>;

/** What a gate case or a seed sweep fixes for every seed: the input but the seed, and the scenario's options. */
export type SeedlessOptions<O extends object = AnyOptions> = Omit<ScenarioInput, 'seed'> & O;

export interface BuiltScenario {
  /** Voting server ids and observer ids of the ensemble. */
  voters: number[];
  observers: number[];
  /** Run until this simulated time, ms. */
  untilMs: number;
  /** What the run is expected to show, for people (printed by demo and reports). */
  expect?: string;
  /** The fault plan and workload the run uses, as data (scenarios that have them). */
  plan?: FaultPlan;
  workload?: Workload;
  /** Checkers of this scenario's own, added after every run's (the recipe checkers, sim/checkers/recipes/). */
  checkers?: readonly Checker[];
}

export interface Scenario<O extends object = AnyOptions> {
  readonly name: string;
  readonly summary: string;
  /** Which checkers the scenario is about. */
  readonly checks: readonly string[];
  /** The options it takes: their type, the replay file's `options`, the run/fuzz flags. */
  readonly options: ScenarioOptionsSchema<O>;
  /** `roles` is the run's RoleTracker (who is what, from the trace), for role-targeted faults. */
  build(world: World, opts: ScenarioInput & O, roles: RoleTracker): BuiltScenario;
}
