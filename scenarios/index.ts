// The scenario registry.
import { firstStart } from './first-start.ts';
import { restart } from './restart.ts';
import type { Scenario } from './scenario.ts';

export const scenarios: readonly Scenario[] = [firstStart, restart];

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
