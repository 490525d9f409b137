// The fault kinds: one module each in sim/faults/kinds/, one line each here. The plan schema,
// applyFault, the arbitraries, the seeded generator, the liveness checker and the run report
// are built from this list (its order is the order of the arbitraries' fc.oneof: append).
import type { EventOf } from '../engine/trace.ts';
import type { FaultKind, FaultLike, Fired } from './kind.ts';
import { clockDrift } from './kinds/clock-drift.ts';
import { clockStep } from './kinds/clock-step.ts';
import { crashLeader } from './kinds/crash-leader.ts';
import { crash } from './kinds/crash.ts';
import { diskStall } from './kinds/disk-stall.ts';
import { heal } from './kinds/heal.ts';
import { isolateLeader } from './kinds/isolate-leader.ts';
import { isolate } from './kinds/isolate.ts';
import { latency } from './kinds/latency.ts';
import { oneWay } from './kinds/one-way.ts';
import { partition } from './kinds/partition.ts';
import { pause } from './kinds/pause.ts';
import { powerOff } from './kinds/power-off.ts';
import { reset } from './kinds/reset.ts';
import { restart } from './kinds/restart.ts';
import { resume } from './kinds/resume.ts';
import { start } from './kinds/start.ts';

export const FAULT_KINDS = [
  crash,
  restart,
  start,
  pause,
  resume,
  isolate,
  diskStall,
  partition,
  oneWay,
  heal,
  crashLeader,
  isolateLeader,
  latency,
  clockStep,
  clockDrift,
  reset,
  powerOff,
] as const;

/** A fault of any kind in the registry. */
export type AnyFault = FaultOf<(typeof FAULT_KINDS)[number]>;
type FaultOf<K> = K extends FaultKind<infer F> ? F : never;

const byType = new Map<string, FaultKind<AnyFault>>(
  FAULT_KINDS.map((k) => [k.type, k as unknown as FaultKind<AnyFault>]),
);

/** The kind of a fault type; undefined for a name that is none (a fault event of `target`). */
export function kindNamed(type: string): FaultKind<AnyFault> | undefined {
  return byType.get(type);
}

/** The kind of a fault (validated or generated: its type is in the registry). */
export function kindOf(f: FaultLike): FaultKind<AnyFault> {
  const k = byType.get(f.type);
  if (!k) throw new Error(`no fault kind '${f.type}' in sim/faults/registry.ts`);
  return k;
}

/**
 * A `fault` trace event as the fault that fired it, with its kind (undefined for the `target`
 * event that says whom a role target hit).
 */
export function firedFault(ev: EventOf<'fault'>): { kind: FaultKind<AnyFault> | undefined; fault: Fired<AnyFault> } {
  const { i: _i, t: _t, k: _k, n: _n, what, ...fields } = ev;
  const type = what;
  return { kind: byType.get(type), fault: { ...fields, type } as Fired<AnyFault> };
}
