// What a scenario is: a named run as data — how to build the world, what it checks, when it ends.
import type { World } from '../sim/world.ts';
import type { BugId } from '../protocol/bugs.ts';

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
}

export interface BuiltScenario {
  /** Voting server ids and observer ids of the ensemble. */
  voters: number[];
  observers: number[];
  /** Run until this simulated time, ms. */
  untilMs: number;
  /** What the run is expected to show, for people (printed by demo and reports). */
  expect?: string;
}

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** Which checkers the scenario is about. */
  readonly checks: readonly string[];
  /** Which options apply. */
  readonly options: readonly (keyof ScenarioOptions)[];
  build(world: World, opts: ScenarioOptions): BuiltScenario;
}
