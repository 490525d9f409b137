// The one-line error a bad fault plan gets (the message of its FaultPlanError), for the
// validation tables of the fault-plan tests.
import { expect } from 'vitest';
import { FaultPlanError, parseFaultPlan } from '../../sim/faults/plan.ts';

export function expectPlanError(text: string, pattern: RegExp, servers: number[] = [1, 2, 3]): void {
  let msg = '';
  try {
    parseFaultPlan(text, servers);
  } catch (e) {
    expect(e).toBeInstanceOf(FaultPlanError);
    msg = (e as Error).message;
  }
  expect(msg).toMatch(pattern);
  expect(msg).not.toContain('\n');
}
