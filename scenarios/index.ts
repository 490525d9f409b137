// The scenario registry.
import { faults } from './faults.ts';
import { firstStart } from './first-start.ts';
import { restart } from './restart.ts';
import type { Scenario } from './scenario.ts';

export const scenarios: readonly Scenario[] = [firstStart, restart, faults];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
