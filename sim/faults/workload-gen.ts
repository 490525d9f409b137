// Seeded workloads for the `faults` scenario, as data: three client sessions, each a list of ops
// drawn as the random client of earlier versions drew them — think 20..300 ms, then one of ten
// kinds (persistent, ephemeral and sequential creates, setData, delete, reads with watches,
// exists, a multi, sync then read, getChildren of /) on a small shared namespace (/w0../w5,
// /e0../e3, /q-), so sessions contend and watches fire — enough ops to last until stopAfterMs.
// Every draw is part of what a seed means: a change moves every seed's workload, so it bumps
// GENERATOR_VERSION (sim/faults/generator-version.ts; test/sim/generated-plans.test.ts pins it).
import type { Rng } from '../engine/random.ts';
import type { Workload, WorkloadOp } from './workload.ts';

export interface WorkloadGenOptions {
  clients: number;
  /** Client c starts at firstStartMs + c * startGapMs. */
  firstStartMs: number;
  startGapMs: number;
  sessionTimeoutMs: number;
  minThinkMs: number;
  maxThinkMs: number;
  stopAfterMs: number;
}

export function generateOp(rng: Rng, thinkMs: number): WorkloadOp {
  const k = rng.int(0, 9);
  const path = `/w${rng.int(0, 5)}`;
  const data = `v${rng.int(0, 999)}`;
  switch (k) {
    case 0:
      return { op: 'create', path, data, mode: 'persistent', thinkMs };
    case 1:
      return { op: 'create', path: `/e${rng.int(0, 3)}`, data, mode: 'ephemeral', thinkMs };
    case 2:
      return { op: 'create', path: '/q-', data, mode: 'persistent-sequential', thinkMs };
    case 3:
      return { op: 'setData', path, data, thinkMs };
    case 4:
      return { op: 'delete', path, thinkMs };
    case 5:
      return { op: 'getData', path, watch: true, thinkMs };
    case 6:
      return { op: 'exists', path, watch: true, thinkMs };
    case 7:
      return {
        op: 'multi',
        ops: [
          { op: 'create', path: `${path}m`, data, mode: 'persistent' },
          { op: 'setData', path, data },
        ],
        thinkMs,
      };
    case 8:
      return { op: 'sync', path, thinkMs };
    default:
      return { op: 'getChildren', path: '/', watch: true, thinkMs };
  }
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
    clients.push({ startMs: o.firstStartMs + c * o.startGapMs, sessionTimeoutMs: o.sessionTimeoutMs, ops });
  }
  return { clients, stopAfterMs: o.stopAfterMs };
}
