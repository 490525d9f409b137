// Seeded workloads for the `faults` scenario, as data: three client sessions, each a list of ops
// — think 20..300 ms, then one op — on a small shared namespace (/w0../w5, /e0../e3, /q-,
// containers /c0 /c1 and their child k, TTL nodes /t0 /t1), so sessions contend and watches fire —
// enough ops to last until stopAfterMs.
// Generator v4 (GENERATOR_VERSION 4) reaches every path issue 13 lists: ephemeral and sequential
// creates and reads of them, every watch kind (getData / exists / getChildren, persistent and
// persistent-recursive addWatch, removeWatches), sync then read, multi and multiRead, setACL and
// addAuth, containers and TTL nodes, sessions that close (often while holding ephemerals),
// reconnects to the next server (testableCloseSocket: with a lagging server, the refusal path),
// and client processes that crash, vanish or pause past their session timeout and come back
// (their sessions expire; `reopen` opens a new one).
// Every draw is part of what a seed means: a change moves every seed's workload, so it bumps
// GENERATOR_VERSION (sim/faults/generator-version.ts; test/sim/generated-plans.test.ts pins it).
import type { Rng } from '../engine/random.ts';
import type { Workload, WorkloadClientSpec, WorkloadOp } from './workload.ts';

export interface WorkloadGenOptions {
  clients: number;
  /** Client c starts at firstStartMs + c * startGapMs. */
  firstStartMs: number;
  startGapMs: number;
  sessionTimeoutMs: number;
  minThinkMs: number;
  maxThinkMs: number;
  stopAfterMs: number;
  /** Client process events (crash, vanish, pause) are drawn before this local time (ms since the client started). */
  eventsBeforeMs: number;
}

/** A sequential node's name as the server makes it: prefix + the parent's cversion, 10 digits. */
const seqName = (n: number) => `/q-${String(n).padStart(10, '0')}`;

export function generateOp(rng: Rng, thinkMs: number): WorkloadOp {
  const k = rng.int(0, 99);
  const path = `/w${rng.int(0, 5)}`;
  const eph = `/e${rng.int(0, 3)}`;
  const data = `v${rng.int(0, 999)}`;
  const container = `/c${rng.int(0, 1)}`;
  if (k < 8) return { op: 'create', path, data, mode: 'persistent', thinkMs };
  if (k < 16) return { op: 'create', path: eph, data, mode: 'ephemeral', thinkMs };
  if (k < 20) return { op: 'create', path: '/q-', data, mode: 'persistent-sequential', thinkMs };
  if (k < 22) return { op: 'create', path: '/q-', data, mode: 'ephemeral-sequential', thinkMs };
  if (k < 32) return { op: 'setData', path, data, thinkMs };
  if (k < 38) return { op: 'delete', path, thinkMs };
  if (k < 46) return { op: 'getData', path, watch: true, thinkMs };
  // Reads of ephemeral and sequential nodes (a sequential name the server may have made).
  if (k < 50) return { op: 'getData', path: rng.next() < 0.5 ? eph : seqName(rng.int(0, 30)), watch: true, thinkMs };
  if (k < 56) return { op: 'exists', path: rng.next() < 0.7 ? path : eph, watch: true, thinkMs };
  if (k < 60)
    return {
      op: 'multi',
      ops: [
        { op: 'create', path: `${path}m`, data, mode: 'persistent' },
        { op: 'setData', path, data },
      ],
      thinkMs,
    };
  if (k < 64) return { op: 'sync', path: rng.next() < 0.7 ? path : eph, thinkMs };
  if (k < 68) return { op: 'getChildren', path: rng.next() < 0.75 ? '/' : container, watch: true, thinkMs };
  if (k < 71)
    return {
      op: 'addWatch',
      path: rng.next() < 0.5 ? '/' : path,
      mode: rng.next() < 0.5 ? 'persistent' : 'persistent-recursive',
      thinkMs,
    };
  if (k < 73) {
    const type = rng.pick(['children', 'data', 'any'] as const);
    return { op: 'removeWatches', path: rng.next() < 0.3 ? '/' : path, type, thinkMs };
  }
  if (k < 75) {
    const r = rng.next();
    return { op: 'setACL', path, acl: r < 0.5 ? 'open' : r < 0.8 ? 'read-admin' : 'creator', thinkMs };
  }
  if (k < 76) return { op: 'addAuth', user: `u${rng.int(0, 1)}`, thinkMs };
  if (k < 79)
    return {
      op: 'multiRead',
      ops: [
        { op: 'getData', path },
        { op: 'getChildren', path: '/' },
        { op: 'getData', path: eph },
      ],
      thinkMs,
    };
  if (k < 82) return { op: 'create', path: container, data, mode: 'container', thinkMs };
  if (k < 85) return { op: 'create', path: `${container}/k`, data, mode: 'ephemeral', thinkMs };
  if (k < 87) {
    const seq = rng.next() < 0.3;
    return {
      op: 'create',
      path: seq ? '/t-' : `/t${rng.int(0, 1)}`,
      data,
      mode: seq ? 'persistent-sequential-ttl' : 'persistent-ttl',
      ttl: rng.int(500, 5000),
      thinkMs,
    };
  }
  if (k < 89) return { op: 'close', thinkMs };
  if (k < 92) return { op: 'reconnect', thinkMs };
  if (k < 96) return { op: 'delete', path: rng.next() < 0.5 ? `${container}/k` : eph, thinkMs };
  return { op: 'getData', path, watch: false, thinkMs };
}

/**
 * A client's process events: maybe a crash or a vanish (down past the session timeout: the
 * session must expire, the client comes back with a new one), maybe a pause (mostly past the
 * session timeout: it comes back to an expired session and opens a new one).
 */
function generateEvents(rng: Rng, o: WorkloadGenOptions): NonNullable<WorkloadClientSpec['events']> {
  const events: NonNullable<WorkloadClientSpec['events']> = [];
  let t = rng.int(3000, 10_000);
  while (t < o.eventsBeforeMs && events.length < 2) {
    const r = rng.next();
    if (r < 0.25) {
      t += rng.int(3000, 8000);
      continue;
    }
    const what = r < 0.5 ? 'crash' : r < 0.7 ? 'vanish' : 'pause';
    const ms =
      what === 'pause'
        ? rng.next() < 0.75
          ? o.sessionTimeoutMs + rng.int(1000, 6000)
          : rng.int(500, o.sessionTimeoutMs - 2000)
        : o.sessionTimeoutMs + rng.int(1000, 10_000);
    if (t + ms > o.eventsBeforeMs) break;
    events.push({ atMs: t, what, ms });
    t += ms + rng.int(2000, 8000);
  }
  return events;
}

export function generateWorkload(rng: Rng, o: WorkloadGenOptions): Workload {
  const clients: Workload['clients'] = [];
  for (let c = 1; c <= o.clients; c++) {
    const ops: WorkloadOp[] = [];
    for (let t = 0; t <= o.stopAfterMs; ) {
      const thinkMs = Math.round(o.minThinkMs + rng.next() * (o.maxThinkMs - o.minThinkMs));
      t += thinkMs;
      ops.push(generateOp(rng, thinkMs));
    }
    const events = generateEvents(rng, o);
    clients.push({
      startMs: o.firstStartMs + c * o.startGapMs,
      sessionTimeoutMs: o.sessionTimeoutMs,
      ops,
      ...(events.length > 0 ? { events } : {}),
      reopen: true,
    });
  }
  return { clients, stopAfterMs: o.stopAfterMs };
}
