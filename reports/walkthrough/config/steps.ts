// A recipe-config run's trace → the steps of its walkthrough, language-free: the publisher's
// writes of /config, each subscriber's sessions, the notifications ZooKeeper pushes to it and the
// pulls (getData with a watch) it answers them with, its sync on a new session, what happens to
// its process (paused, resumed) and session (the leader expires it, the client is told), and
// any checker that fires. The phrasebooks (en.ts, zh.ts) put words to them.
import { OpCode } from '../../../protocol/server/txn.ts';
import type { TraceEvent } from '../../../sim/engine/trace.ts';
import type { Violation } from '../../../sim/engine/world.ts';
import { CONFIG_PATH } from '../../../sim/checkers/recipes/config-convergence.ts';

export type ConfigStep = { t: number } & (
  | { k: 'session'; client: string; session: string; server: number; timeout: number; again: boolean }
  | { k: 'publish'; client: string; value: string; first: boolean }
  | { k: 'published'; client: string; value: string; version: number; zxid: number }
  | { k: 'publish-unknown'; client: string; value: string }
  | { k: 'notified'; client: string; late: boolean }
  | { k: 'sync'; client: string }
  | { k: 'pull'; client: string; value: string | null; version: number; why: 'start' | 'push' | 'new-session' }
  | { k: 'pause'; client: string }
  | { k: 'resume'; client: string; ms: number }
  | { k: 'expire'; server: number; client: string; timeout: number }
  | { k: 'expired'; client: string }
  | { k: 'violation'; checker: string; message: string }
);

const isClient = (n: unknown): n is string => typeof n === 'string' && /^c\d+$/.test(n);
const hex = (s: bigint): string => `0x${s.toString(16)}`;

export function buildConfigSteps(events: readonly TraceEvent[], violations: readonly Violation[]): ConfigStep[] {
  const steps: ConfigStep[] = [];
  const clientOf = new Map<string, string>();
  const sessions = new Map<string, number>();
  const pausedAt = new Map<string, number>();
  /** Why the subscriber's next pull happens. */
  const next = new Map<string, 'start' | 'push' | 'new-session'>();
  let published = false;
  /** Sessions a leader has expired. */
  const gone = new Set<string>();
  const violationAt = new Map<number, Violation[]>();
  for (const v of violations) violationAt.set(v.event, [...(violationAt.get(v.event) ?? []), v]);
  for (const ev of events) {
    const n = ev.n ?? '';
    switch (ev.k) {
      case 'proc':
        if (!isClient(n)) break;
        if (ev.what === 'pause') {
          pausedAt.set(n, ev.t);
          steps.push({ t: ev.t, k: 'pause', client: n });
        } else if (ev.what === 'resume')
          steps.push({ t: ev.t, k: 'resume', client: n, ms: (ev.t - (pausedAt.get(n) ?? ev.t)) / 1000 });
        break;
      case 'client.connected': {
        if (!isClient(n)) break;
        const s = hex(ev.session);
        if (clientOf.get(s) === n) break; // a reconnect of the same session
        clientOf.set(s, n);
        const count = (sessions.get(n) ?? 0) + 1;
        sessions.set(n, count);
        next.set(n, count > 1 ? 'new-session' : 'start');
        const server = Number(ev.server.split(':')[1]) - 2181;
        steps.push({ t: ev.t, k: 'session', client: n, session: s, server, timeout: ev.timeout, again: count > 1 });
        break;
      }
      case 'client.call':
        if (!isClient(n) || ev.path !== CONFIG_PATH) break;
        if (ev.op === OpCode.setData || ((ev.op === OpCode.create || ev.op === OpCode.create2) && !published)) {
          steps.push({ t: ev.t, k: 'publish', client: n, value: ev.data ?? '', first: ev.op !== OpCode.setData });
          published = true;
        }
        break;
      case 'client.return':
        if (isClient(n) && ev.op === OpCode.sync && ev.rc === 0) steps.push({ t: ev.t, k: 'sync', client: n });
        break;
      case 'client.expired':
        if (isClient(n)) steps.push({ t: ev.t, k: 'expired', client: n });
        break;
      case 'zk.session-expire':
        gone.add(hex(ev.session));
        steps.push({
          t: ev.t,
          k: 'expire',
          server: Number(n.slice(1)),
          client: clientOf.get(hex(ev.session)) ?? hex(ev.session),
          timeout: ev.timeout,
        });
        break;
      case 'recipe':
        if (ev.what === 'config-write')
          steps.push({ t: ev.t, k: 'published', client: n, value: ev.value, version: ev.version, zxid: ev.mzxid });
        else if (ev.what === 'config-write-unknown')
          steps.push({ t: ev.t, k: 'publish-unknown', client: n, value: ev.value });
        else if (ev.what === 'config-notified') {
          steps.push({ t: ev.t, k: 'notified', client: n, late: gone.has(hex(ev.session)) });
          next.set(n, 'push');
        } else if (ev.what === 'config-seen') {
          steps.push({
            t: ev.t,
            k: 'pull',
            client: n,
            value: ev.value,
            version: ev.version,
            why: next.get(n) ?? 'push',
          });
          next.set(n, 'push');
        }
        break;
    }
    for (const v of violationAt.get(ev.i) ?? [])
      steps.push({ t: ev.t, k: 'violation', checker: v.checker, message: v.message });
  }
  return steps;
}
