// The scenario registry.
import { faults } from './faults.ts';
import { firstStart } from './first-start.ts';
import { restart } from './restart.ts';
import { leaderCrash } from './leader-crash.ts';
import { partition } from './partition.ts';
import { observer } from './observer.ts';
import type { Scenario } from '../sim/harness/scenario.ts';
import { recipeScenarios } from './recipes/index.ts';

export const scenarios: readonly Scenario[] = [
  firstStart,
  restart,
  faults,
  leaderCrash,
  partition,
  observer,
  ...recipeScenarios,
];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}

/** The scenario of that name; a name not in the registry is a programming error here (the CLI checks names first). */
export function scenarioNamed(name: string): Scenario {
  const s = findScenario(name);
  if (!s) throw new Error(`unknown scenario '${name}'`);
  return s;
}
