// What a scenario is: a named run as data — how to build the world, what it checks, when it ends.
import type { World } from '../engine/world.ts';
import type { BugId } from '../../protocol/bugs.ts';
import type { FaultPlan } from '../faults/plan.ts';
import type { Workload } from '../faults/workload.ts';
import type { RoleTracker } from '../faults/roles.ts';

export interface ScenarioOptions {
  seed: number;
  servers?: number;
  observers?: number;
  /** Start order (server ids). */
  order?: number[];
  /** Gap between starts, ms. */
  gapMs?: number;
  /** Swarm testing: the fault plan uses a random subset of the fault kinds (faults). */
  swarm?: boolean;
  /** Historical bugs switched back on (zksim list bugs). */
  bugs?: readonly BugId[];
  /** The scenario's fault plan, replacing the one it would generate from the seed (faults). */
  plan?: FaultPlan;
  /** The scenario's client workload, replacing the one it would generate from the seed (faults). */
  workload?: Workload;
}

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
}

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** Which checkers the scenario is about. */
  readonly checks: readonly string[];
  /** Which options apply. */
  readonly options: readonly (keyof ScenarioOptions)[];
  /** `roles` is the run's RoleTracker (who is what, from the trace), for role-targeted faults. */
  build(world: World, opts: ScenarioOptions, roles: RoleTracker): BuiltScenario;
}
