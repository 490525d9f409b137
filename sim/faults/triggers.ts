// Scheduling a fault plan: timed faults at their time; step-triggered faults (`on`) by
// watching the trace — the nth event of the trigger's kind on a matching node (a role read
// from the RoleTracker as it stands after that event, or a server sN) with every `where` field
// equal arms the fault, which then runs as its own step delayMs later (never inside the
// protocol step that traced the event: a crash mid-handler would tear the actor).
import type { Fault, FaultPlan, Trigger } from './plan.ts';
import { applyFault } from './plan.ts';
import type { RoleTracker } from './roles.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { World } from '../engine/world.ts';

/** The value at a dotted path of an event ("msg.type"); bigints compare as their string. */
function field(ev: TraceEvent, path: string): unknown {
  let v: unknown = ev;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Reflect.get(v, key);
  }
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : v;
}

/** A where value against the event's: equal, or a zxid written as ZooKeeper prints it ("0x100000004"). */
function same(got: unknown, want: string | number | boolean): boolean {
  if (got === want) return true;
  return (
    typeof got === 'number' &&
    got >= 0 &&
    typeof want === 'string' &&
    /^0x[0-9a-f]+$/i.test(want) &&
    `0x${got.toString(16)}` === want.toLowerCase()
  );
}

/** Does the event match the trigger (its kind, node and where fields)? (Also the scripts' `run until`.) */
export function matches(t: Trigger, ev: TraceEvent, roles: RoleTracker | undefined): boolean {
  if (ev.k !== t.event) return false;
  if (t.node !== undefined) {
    if (ev.n === undefined) return false;
    if (/^s\d+$/.test(t.node)) {
      if (ev.n !== t.node) return false;
    } else if (!roles?.is(ev.n, t.node as 'leader')) return false;
  }
  if (t.where) for (const [k, want] of Object.entries(t.where)) if (!same(field(ev, k), want)) return false;
  return true;
}

/** Schedule every fault of the plan; role targets and role triggers read `roles`. */
export function schedulePlan(world: World, plan: FaultPlan, roles?: RoleTracker): void {
  let armed: { f: Fault & { on: Trigger }; seen: number; fired: boolean }[] = [];
  for (const f of plan.faults) {
    if (f.on) armed.push({ f: f as Fault & { on: Trigger }, seen: 0, fired: false });
    else world.at(f.at!, f.type, () => applyFault(world, f, roles ? { roles } : {}));
  }
  if (armed.length === 0) return;
  world.trace.subscribe((ev) => {
    let fired = 0;
    for (const a of armed) {
      if (a.fired || !matches(a.f.on, ev, roles)) continue;
      if (++a.seen < (a.f.on.nth ?? 1)) continue;
      a.fired = true;
      fired++;
      const triggerNode = ev.n;
      world.at(world.nowMs + (a.f.on.delayMs ?? 0), `on ${a.f.on.event}`, () =>
        applyFault(world, a.f, { ...(roles ? { roles } : {}), ...(triggerNode ? { triggerNode } : {}) }),
      );
    }
    if (fired > 0) armed = armed.filter((a) => !a.fired); // a fired fault is no longer looked at
  });
}
