// A recipe run's trace → the steps of its walkthrough, language-free: what each client process
// does and believes (its sessions, its creates of the role's znode, the watch it sets and the
// notification it gets, taking and letting go of the lock or the mastership, its writes to the
// protected resource — the first of a tenure, the first after a pause, every one fencing
// rejected), what happens to it (paused, resumed, disconnected, told its session expired), what
// the ensemble does about it (the session expires, its ephemeral is deleted), and the checker
// that fires. The phrasebooks (en.ts, zh.ts) put words to them.
import { OpCode } from '../../../protocol/server/txn.ts';
import type { TraceEvent } from '../../../sim/engine/trace.ts';
import type { Violation } from '../../../sim/engine/world.ts';

export type RecipeStep = { t: number } & (
  | { k: 'start'; client: string }
  | { k: 'session'; client: string; session: string; server: number; timeout: number; again: boolean }
  | { k: 'create'; client: string; path: string; created: boolean; token?: number }
  | { k: 'watch'; client: string; path: string }
  | { k: 'notified'; client: string; path: string; type: number }
  | { k: 'acquired'; client: string; role: 'lock' | 'master'; token: number; again: boolean }
  | { k: 'released'; client: string; role: 'lock' | 'master'; why: string; writes: number }
  | { k: 'write'; client: string; token: number; accepted: boolean; highest: number; afterPause: boolean }
  | { k: 'pause'; client: string }
  | { k: 'resume'; client: string; ms: number }
  | { k: 'crash'; client: string }
  | { k: 'disconnected'; client: string }
  | { k: 'expired'; client: string }
  | { k: 'expire'; server: number; client: string; timeout: number; deleted: string[] }
  | { k: 'violation'; checker: string; message: string }
);

const isClient = (n: unknown): n is string => typeof n === 'string' && /^c\d+$/.test(n);
const hex = (s: bigint): string => `0x${s.toString(16)}`;

/** The steps of a recipe run: `nodes` are the role's znodes (their creates are told), in time order. */
export function buildRecipeSteps(
  events: readonly TraceEvent[],
  violations: readonly Violation[],
  nodes: readonly string[],
): RecipeStep[] {
  const steps: RecipeStep[] = [];
  const clientOf = new Map<string, string>();
  const sessions = new Map<string, number>();
  const pausedAt = new Map<string, number>();
  const resumed = new Set<string>();
  const writes = new Map<string, number>();
  const lastToken = new Map<string, number>();
  const expired = new Map<string, { step: RecipeStep & { k: 'expire' } }>();
  const watchCalls = new Map<string, string>();
  const violationAt = new Map<number, Violation[]>();
  for (const v of violations) violationAt.set(v.event, [...(violationAt.get(v.event) ?? []), v]);
  for (const ev of events) {
    const n = ev.n ?? '';
    switch (ev.k) {
      case 'proc':
        if (!isClient(n)) break;
        if (ev.what === 'start') steps.push({ t: ev.t, k: 'start', client: n });
        else if (ev.what === 'pause') {
          pausedAt.set(n, ev.t);
          steps.push({ t: ev.t, k: 'pause', client: n });
        } else if (ev.what === 'resume') {
          steps.push({ t: ev.t, k: 'resume', client: n, ms: (ev.t - (pausedAt.get(n) ?? ev.t)) / 1000 });
          resumed.add(n);
        } else if (ev.what === 'crash') steps.push({ t: ev.t, k: 'crash', client: n });
        break;
      case 'client.connected': {
        if (!isClient(n)) break;
        const s = hex(ev.session);
        if (clientOf.get(s) === n) break; // a reconnect of the same session
        clientOf.set(s, n);
        const count = (sessions.get(n) ?? 0) + 1;
        sessions.set(n, count);
        const server = Number(ev.server.split(':')[1]) - 2181;
        steps.push({ t: ev.t, k: 'session', client: n, session: s, server, timeout: ev.timeout, again: count > 1 });
        break;
      }
      case 'client.call':
        if (isClient(n) && ev.watch !== undefined) watchCalls.set(`${n}|${ev.xid}`, ev.path);
        break;
      case 'client.return': {
        if (!isClient(n)) break;
        const watched = watchCalls.get(`${n}|${ev.xid}`);
        watchCalls.delete(`${n}|${ev.xid}`);
        if ((ev.op === OpCode.create || ev.op === OpCode.create2) && nodes.includes(ev.path)) {
          if (ev.rc === 0)
            steps.push({ t: ev.t, k: 'create', client: n, path: ev.path, created: true, token: ev.zxid });
          else if (ev.rc === -110) steps.push({ t: ev.t, k: 'create', client: n, path: ev.path, created: false });
        } else if (watched !== undefined && ev.rc === 0) steps.push({ t: ev.t, k: 'watch', client: n, path: watched });
        break;
      }
      case 'client.event':
        if (isClient(n) && ev.type > 0 && ev.path !== null)
          steps.push({ t: ev.t, k: 'notified', client: n, path: ev.path, type: ev.type });
        break;
      case 'client.disconnected':
      case 'client.timeout':
        if (isClient(n) && steps.at(-1)?.k !== 'disconnected') steps.push({ t: ev.t, k: 'disconnected', client: n });
        break;
      case 'client.expired':
        if (isClient(n)) steps.push({ t: ev.t, k: 'expired', client: n });
        break;
      case 'zk.session-expire': {
        const step = {
          t: ev.t,
          k: 'expire' as const,
          server: Number(n.slice(1)),
          client: clientOf.get(hex(ev.session)) ?? hex(ev.session),
          timeout: ev.timeout,
          deleted: [] as string[],
        };
        steps.push(step);
        expired.set(hex(ev.session), { step });
        break;
      }
      case 'zab.deliver':
        if (ev.type === OpCode.closeSession) {
          const e = expired.get(hex(ev.session));
          if (e && e.step.deleted.length === 0) e.step.deleted.push(...(ev.paths ?? []));
        }
        break;
      case 'recipe': {
        if (ev.what === 'acquired') {
          writes.set(n, 0);
          const again = lastToken.get(n) === ev.token;
          lastToken.set(n, ev.token);
          steps.push({ t: ev.t, k: 'acquired', client: n, role: ev.role, token: ev.token, again });
        } else if (ev.what === 'released')
          steps.push({ t: ev.t, k: 'released', client: n, role: ev.role, why: ev.why, writes: writes.get(n) ?? 0 });
        else if (ev.what === 'write') {
          const afterPause = resumed.has(n);
          resumed.delete(n);
          if (ev.accepted) writes.set(n, (writes.get(n) ?? 0) + 1);
          if (!ev.accepted || afterPause || violationAt.has(ev.i))
            steps.push({
              t: ev.t,
              k: 'write',
              client: n,
              token: ev.token,
              accepted: ev.accepted,
              highest: ev.highest,
              afterPause,
            });
        }
        break;
      }
    }
    for (const v of violationAt.get(ev.i) ?? [])
      steps.push({ t: ev.t, k: 'violation', checker: v.checker, message: v.message });
  }
  return steps;
}
