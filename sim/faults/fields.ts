// The fields fault kinds share (sim/faults/kinds/): when a fault happens (`at` a simulated time,
// or `on` a step of the run: a Trigger, see sim/faults/triggers.ts) and whom it hits (server ids,
// or a role resolved when it fires: a Target).
import { z } from 'zod';
import { TRACE_KINDS } from '../engine/trace-events.ts';

export const atMs = z.number().min(0, 'must be >= 0').max(86_400_000, 'must be at most one simulated day');
export const sid = z.number().int().min(1).max(255);
export const servers = z.array(sid).min(1, 'needs at least one server');
export const forMs = z.number().min(0).max(3_600_000);

/** Roles a trigger's node or a fault's target can name. */
export const ROLES = ['leader', 'follower', 'syncing-follower', 'observer'] as const;
export type RoleName = (typeof ROLES)[number];

const nodeSel = z
  .string()
  .refine(
    (v) => (ROLES as readonly string[]).includes(v) || /^s[1-9]\d*$/.test(v),
    'expected leader, follower, syncing-follower, observer or a server like s2',
  );

/**
 * "When the nth trace event of kind `event` happens on a node matching `node` (a role at that
 * moment, or a server sN), with every `where` field equal (dotted paths: "msg.type"), apply the
 * fault delayMs later." The fault runs as its own step, after the one that traced the event.
 */
export const Trigger = z.strictObject({
  event: z
    .string()
    .refine(
      (k) => TRACE_KINDS.has(k),
      'unknown trace event kind (zksim list shows none; see sim/engine/trace-events.ts and protocol/trace.ts)',
    ),
  node: nodeSel.optional(),
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  nth: z.number().int().min(1).max(1_000_000).optional(),
  delayMs: z.number().min(0).max(3_600_000).optional(),
});
export type Trigger = z.infer<typeof Trigger>;

/** Whom a fault hits, when not by server id: a role then, or the node the trigger event was on. */
export const Target = z.enum([...ROLES, 'trigger-node']);
export type Target = z.infer<typeof Target>;

/** Every kind has these: exactly one of them (sim/faults/plan.ts checks). */
export const when = { at: atMs.optional(), on: Trigger.optional() };
/** Kinds that hit servers by id or by role: exactly one of them. */
export const who = { servers: servers.optional(), target: Target.optional() };
