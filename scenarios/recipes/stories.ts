// The stories the recipe walkthroughs tell (zksim walkthrough recipe-lock | recipe-master), as
// data a run takes: two clients on three servers with 4-second sessions and no server faults;
// c2 gets the role first, then its process is paused for 6 s, past its session timeout (the
// pause-past-expiry of Kleppmann's "How to do distributed locking"). The fuzzer found this story
// on its own (recipe-lock seed 1, swarm; the shrinker made it 2 clients and one pause); this is
// its readable form, with the pause while c2 holds.
import type { Workload } from '../../sim/faults/workload.ts';
import { LOCK_NODE } from './lock.ts';
import { MASTER_NODE } from './master.ts';

export interface RecipeStory {
  seed: number;
  workload: Workload;
  /** The run's end (the fenced run goes on past the pause to show c2 learn its session expired). */
  untilMs: number;
  /** The role's znodes, whose creates the walkthrough tells. */
  nodes: string[];
}

const pausedPastExpiry: Workload = {
  clients: [
    { startMs: 0, sessionTimeoutMs: 4000, ops: [] },
    { startMs: 0, sessionTimeoutMs: 4000, ops: [], events: [{ atMs: 1100, what: 'pause', ms: 6000 }] },
  ],
};

export const RECIPE_STORIES = {
  'recipe-lock': { seed: 1, workload: pausedPastExpiry, untilMs: 9000, nodes: [LOCK_NODE] },
  'recipe-master': { seed: 1, workload: pausedPastExpiry, untilMs: 9000, nodes: [MASTER_NODE] },
} as const satisfies Record<string, RecipeStory>;
