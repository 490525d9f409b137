// The recipe checkers (scenarios/recipes), by stable name: each recipe lists the ones that judge
// it, and its scenario adds them to the run beside every other checker. A checker here is made
// from the recipe scenario's numbers (its session timeout, when its faults heal, when its
// clients stop contending).
import type { Checker } from '../../engine/world.ts';
import { BarrierChecker, BARRIER_ROUNDS } from './barrier.ts';
import { ConfigConvergenceChecker } from './config-convergence.ts';
import { MembershipChecker } from './membership.ts';
import { MutualExclusionChecker } from './mutual-exclusion.ts';
import { QueueChecker } from './queue.ts';
import { SingleMasterChecker } from './single-master.ts';

export interface RecipeCheckerOptions {
  sessionTimeoutMs: number;
  /** Global ms from which no fault is active. */
  healMs: number;
  /** Global ms at which the clients stop contending. */
  contendUntilMs: number;
  /** How many client processes run the recipe (c1..cN). */
  clients: number;
}

/** membership's bound: how long after a change (or the heal) every consumer must show it, ms. */
export const MEMBERSHIP_BOUND_MS = 20_000;

export const recipeCheckers = {
  'mutual-exclusion': (_o: RecipeCheckerOptions): Checker => new MutualExclusionChecker(),
  'single-master': (o: RecipeCheckerOptions): Checker =>
    new SingleMasterChecker({
      boundMs: singleMasterBoundMs(o.sessionTimeoutMs),
      calmFromMs: o.healMs,
      contendUntilMs: o.contendUntilMs,
    }),
  'config-convergence': (_o: RecipeCheckerOptions): Checker => new ConfigConvergenceChecker(),
  membership: (o: RecipeCheckerOptions): Checker =>
    new MembershipChecker({ healMs: o.healMs, sessionTimeoutMs: o.sessionTimeoutMs, boundMs: MEMBERSHIP_BOUND_MS }),
  queue: (o: RecipeCheckerOptions): Checker =>
    new QueueChecker(undefined, { healMs: o.healMs, sessionTimeoutMs: o.sessionTimeoutMs }),
  barrier: (o: RecipeCheckerOptions): Checker =>
    new BarrierChecker(
      Array.from({ length: o.clients }, (_, i) => `c${i + 1}`),
      BARRIER_ROUNDS,
      { healMs: o.healMs, sessionTimeoutMs: o.sessionTimeoutMs },
    ),
} as const satisfies Record<string, (o: RecipeCheckerOptions) => Checker>;

export type RecipeCheckerName = keyof typeof recipeCheckers;
export const recipeCheckerNames = Object.keys(recipeCheckers) as RecipeCheckerName[];

/**
 * single-master's bound: a waiting client may itself have to find its session expired and open a
 * new one (a session timeout and a connect), then elect (a few round trips): 3 session timeouts + 10 s.
 */
export function singleMasterBoundMs(sessionTimeoutMs: number): number {
  return 3 * sessionTimeoutMs + 10_000;
}
