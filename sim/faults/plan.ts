// Fault plans as data: a list of faults, validated with zod, applied to a world. A fault
// happens either at a simulated time (`at`, ms) or on a step of the run (`on`: the nth trace
// event of a kind, on a node of a role, see sim/faults/triggers.ts). It hits servers by id
// (server N is node sN) or by role (`target`), resolved when it fires. The same plans are what
// fuzzing generates and replay files carry. Every kind is a module of sim/faults/registry.ts:
// the schema is the union of theirs, and applyFault hands each fault to its kind.
import { z } from 'zod';
import { parseJsonWith } from '../engine/json-input.ts';
import type { World } from '../engine/world.ts';
import type { ApplyFx } from './kind.ts';
import { type AnyFault, FAULT_KINDS, kindOf } from './registry.ts';
import { upgradeRetired } from './retired.ts';
import type { RoleTracker } from './roles.ts';
import { serversInRole } from './targets.ts';

export { ROLES, type RoleName, Target, Trigger } from './fields.ts';
export { serversInRole } from './targets.ts';

// Each kind's schema is a z.strictObject with a literal `type` (test/sim/fault-registry.test.ts checks).
const FaultUnion = z.discriminatedUnion(
  'type',
  FAULT_KINDS.map((k) => k.schema) as unknown as [z.ZodObject, ...z.ZodObject[]],
  {
    error: (iss) => {
      if (iss.code !== 'invalid_union' || iss.note !== 'No matching discriminator') return undefined;
      const known = FAULT_KINDS.map((k) => k.type).join(' ');
      const type = (iss.input as { type?: unknown } | undefined)?.type;
      return type === undefined
        ? `missing: a fault needs a type (${known})`
        : `unknown fault kind ${JSON.stringify(type)} (known: ${known})`;
    },
  },
) as unknown as z.ZodType<AnyFault>;

// A fault of a retired kind (sim/faults/retired.ts) is read as its replacement, or refused saying why.
export const Fault = z.preprocess(upgradeRetired, FaultUnion).superRefine((f: AnyFault, ctx) => {
  if ((f.at === undefined) === (f.on === undefined))
    ctx.addIssue({ code: 'custom', path: ['at'], message: "needs either 'at' (ms) or 'on' (a trigger), not both" });
  const has = (k: string) => (f as Record<string, unknown>)[k] !== undefined;
  const role = kindOf(f).targets.role;
  if (role && has(role) === has('target'))
    ctx.addIssue({ code: 'custom', path: [role], message: `needs either '${role}' or 'target', not both` });
  if (has('target') && (f as { target?: string }).target === 'trigger-node' && f.on === undefined)
    ctx.addIssue({ code: 'custom', path: ['target'], message: "'trigger-node' needs an 'on' trigger" });
});

export const FaultPlan = z.strictObject({ faults: z.array(Fault) });

export type Fault = AnyFault;
export type FaultPlan = { faults: Fault[] };

export class FaultPlanError extends Error {}

/** Validate plan JSON text: one-line error naming the field. */
export function parseFaultPlan(text: string, known?: readonly number[]): FaultPlan {
  const plan = parseJsonWith(text, FaultPlan, 'fault plan', (m) => new FaultPlanError(m));
  if (known) checkServers(plan, known);
  return plan;
}

/** The servers a fault names by id (its trigger's node sN, then its kind's fields), with the field naming each. */
function namedServers(f: Fault): [string, number][] {
  const named: [string, number][] = [];
  if (f.on?.node && /^s\d+$/.test(f.on.node)) named.push(['on.node', Number(f.on.node.slice(1))]);
  return [...named, ...kindOf(f).targets.named(f)];
}

export function checkServers(plan: FaultPlan, known: readonly number[]): void {
  plan.faults.forEach((f, i) => {
    for (const [field, sid] of namedServers(f)) {
      if (!known.includes(sid))
        throw new FaultPlanError(
          `fault plan faults[${i}].${field}: server ${sid} is not in the ensemble (${known.join(',')})`,
        );
    }
  });
}

/** Where a fault happens: who is what (role targets), and the node its trigger event was on. */
export interface FaultContext {
  roles?: RoleTracker;
  triggerNode?: string;
}

/**
 * Apply one fault now: trace it, and hand it to its kind. A role target picks the
 * lowest-numbered server in that role then (traced as a `target` fault event, then the fault
 * with those servers); nobody in the role: the fault is traced with `servers: []` and does nothing.
 */
export function applyFault(world: World, f: Fault, ctx: FaultContext = {}): void {
  const kind = kindOf(f);
  const { at: _at, ...fields } = f;
  const role = kind.targets.role;
  if (role && 'target' in f && f.target !== undefined) {
    const hit = serversInRole(ctx.roles, f.target, ctx.triggerNode).slice(0, 1);
    const { target: _t, ...rest } = f;
    if (hit.length === 0) {
      world.fault(f.type, { ...fields, servers: [] });
      return;
    }
    world.fault('target', { target: f.target, servers: hit });
    applyFault(world, (role === 'server' ? { ...rest, server: hit[0]! } : { ...rest, servers: hit }) as Fault, ctx);
    return;
  }
  const fx: ApplyFx = {
    world,
    apply: (g) => applyFault(world, g, ctx),
    later: (ms, label, g) => {
      if (ms !== undefined) world.at(world.nowMs + ms, label, () => applyFault(world, g, ctx));
    },
    leader: () => serversInRole(ctx.roles, 'leader')[0],
  };
  world.fault(f.type, kind.traced ? { ...fields, ...kind.traced(f, fx) } : fields);
  kind.apply(f, fx);
}
