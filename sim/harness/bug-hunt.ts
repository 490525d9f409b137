// Bug hunts: how many seeds of the faults scenario a search strategy (plain random fault
// plans, or swarm testing) needs before a catalog bug shows up as a violation. Seeds run in
// order from 1 and the hunt stops at the first failing seed; timing is the caller's (the CLI
// reads the wall clock, this module does not).
import type { BugId } from '../../protocol/bugs.ts';
import type { CatalogBug } from './bugs.ts';
import { runScenario } from './runner.ts';
import type { Scenario } from './scenario.ts';

export type Strategy = 'random' | 'swarm';

export interface HuntResult {
  bug: BugId;
  strategy: Strategy;
  servers: number;
  /** First seed with a violation, or null if none within maxSeeds. */
  seed: number | null;
  seedsRun: number;
  checker: string | null;
  /** Whether the violation is the one the catalog expects. */
  expected: boolean;
  events: number;
}

export function hunt(
  faults: Scenario,
  bug: CatalogBug,
  strategy: Strategy,
  maxSeeds: number,
  servers = bug.campaign?.servers ?? 3,
): HuntResult {
  let events = 0;
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const { result } = runScenario({
      scenario: faults,
      seed,
      servers,
      bugs: [bug.id],
      ...(strategy === 'swarm' ? { swarm: true } : {}),
    });
    events += result.events;
    const v = result.violations[0];
    if (v)
      return {
        bug: bug.id,
        strategy,
        servers,
        seed,
        seedsRun: seed,
        checker: v.checker,
        expected: v.checker === bug.expectedChecker,
        events,
      };
  }
  return { bug: bug.id, strategy, servers, seed: null, seedsRun: maxSeeds, checker: null, expected: false, events };
}
