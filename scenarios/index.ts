// The scenario registry.
import { faults } from './faults.ts';
import { firstStart } from './first-start.ts';
import { restart } from './restart.ts';
import { leaderCrash } from './leader-crash.ts';
import { partition } from './partition.ts';
import { observer } from './observer.ts';
import type { Scenario } from './scenario.ts';

export const scenarios: readonly Scenario[] = [firstStart, restart, faults, leaderCrash, partition, observer];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
