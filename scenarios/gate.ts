// The CI correctness gate's cases: which scenarios, with which options, the gate runs for
// seeds 1..N with every checker on (sim/harness/gate.ts runs them).
import type { GateCase } from '../sim/harness/gate.ts';
import { faults } from './faults.ts';
import { firstStart } from './first-start.ts';
import { leaderCrash } from './leader-crash.ts';
import { observer } from './observer.ts';
import { partition } from './partition.ts';
import { restart } from './restart.ts';

/** Bump when the gate's runs change, so results of different gates are not compared. */
export const GATE_VERSION = 2;

export const GATE_CASES: readonly GateCase[] = [
  { scenario: firstStart, label: '3 servers', opts: { servers: 3 } },
  { scenario: firstStart, label: '5 servers', opts: { servers: 5 } },
  { scenario: restart, label: 'docs walkthrough', opts: {} },
  { scenario: leaderCrash, label: 'walkthrough', opts: {} },
  { scenario: partition, label: 'walkthrough', opts: {} },
  { scenario: observer, label: 'walkthrough', opts: {} },
  { scenario: faults, label: '5 servers', opts: { servers: 5 } },
  { scenario: faults, label: '3 servers + 2 observers', opts: { servers: 3, observers: 2 } },
];
