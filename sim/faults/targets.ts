// Whom a fault hits: server N is node sN; a role target names the servers in that role when the
// fault fires, read from the run's RoleTracker (lowest id first), or the node its trigger event
// was on ('trigger-node').
import type { World } from '../engine/world.ts';
import type { Target } from './fields.ts';
import type { RoleTracker } from './roles.ts';

export const node = (sid: number): string => `s${sid}`;

/** The ids of the world's servers (nodes sN), in the order they were added. */
export const serverIds = (world: World): number[] =>
  [...world.nodes.keys()].filter((n) => /^s\d+$/.test(n)).map((n) => Number(n.slice(1)));

/** The servers a role names now (lowest id first); the trigger node for 'trigger-node'. */
export function serversInRole(roles: RoleTracker | undefined, role: Target, triggerNode?: string): number[] {
  if (role === 'trigger-node') return triggerNode && /^s\d+$/.test(triggerNode) ? [Number(triggerNode.slice(1))] : [];
  if (!roles) return [];
  const ids: number[] = [];
  for (const n of roles.roles.keys()) if (/^s\d+$/.test(n) && roles.is(n, role)) ids.push(Number(n.slice(1)));
  return ids.sort((a, b) => a - b);
}
