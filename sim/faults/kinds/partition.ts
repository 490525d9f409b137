// partition: a symmetric partition between groups of servers — silence across them, as under a
// real network: sockets stay open and data waits (TCP's retransmission queue) until a heal or
// a timeout notices. With forMs, heal forMs later.
import { type GroupsFault, groupsCut } from './groups-cut.ts';

export type PartitionFault = GroupsFault<'partition'>;

export const partition = groupsCut('partition', {
  summary: 'partition groups of servers from each other (silence, sockets kept); with forMs, heal later',
  cut: 'block',
  episodes: [
    {
      // One server (often where the leader sits) against the rest.
      name: 'isolate-one',
      place: 1,
      faults(g) {
        const s = g.pick();
        return [
          { type: 'partition', at: g.at, groups: [[s], g.servers.filter((x) => x !== s)] },
          { type: 'heal', at: g.end },
        ];
      },
    },
    {
      // A minority against a majority, members shuffled.
      name: 'split',
      place: 2,
      faults(g) {
        const shuffled = [...g.servers];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = g.rng.int(0, i);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const cut = g.rng.int(1, Math.floor(g.servers.length / 2));
        return [
          { type: 'partition', at: g.at, groups: [shuffled.slice(0, cut), shuffled.slice(cut)] },
          { type: 'heal', at: g.end },
        ];
      },
    },
  ],
});
