// A client's process events (sim/faults/workload.ts WorkloadClientSpec.events), scheduled on its
// node: crash / vanish (power off) and start again ms later, pause and resume ms later, or a
// partition — silence both ways between the client and the servers listed (all without a list),
// unblocked ms later. The faults and recipe scenarios both schedule them here.
import type { World } from '../sim/engine/world.ts';
import type { WorkloadClientSpec } from '../sim/faults/workload.ts';
import { nodeName } from './ensemble.ts';

export function scheduleClientEvents(
  world: World,
  name: string,
  n: number,
  spec: WorkloadClientSpec,
  servers: readonly number[],
): void {
  for (const e of spec.events ?? []) {
    const at = spec.startMs + e.atMs;
    if (e.what === 'pause') {
      world.at(at, `pause client ${n}`, () => world.pause(name));
      world.at(at + e.ms, `resume client ${n}`, () => world.resume(name));
    } else if (e.what === 'partition') {
      const sids = (e.servers ?? servers).filter((s) => servers.includes(s));
      const cut = sids.map(nodeName);
      world.at(at, `partition client ${n}`, () => {
        world.fault('client-partition', { client: name, servers: sids, forMs: e.ms });
        for (const s of cut) {
          world.net.block(name, s);
          world.net.block(s, name);
        }
      });
      world.at(at + e.ms, `heal client ${n}`, () => {
        world.fault('client-heal', { client: name, servers: sids });
        for (const s of cut) {
          world.net.unblock(name, s);
          world.net.unblock(s, name);
        }
      });
    } else {
      world.at(at, `${e.what} client ${n}`, () => (e.what === 'crash' ? world.crash(name) : world.powerOff(name)));
      world.at(at + e.ms, `start client ${n}`, () => world.start(name));
    }
  }
}
