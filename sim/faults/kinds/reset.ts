// reset: a firewall that answers with RST between groups of servers (iptables -j REJECT
// --reject-with tcp-reset): both ends of every connection crossing it hear a reset at once and
// their in-flight data is lost; new connections across it time out. Every partition was this
// up to zksim generator v2 (replay files of those read their `partition` faults as `reset`).
// With forMs, heal forMs later.
import { type GroupsFault, groupsCut } from './groups-cut.ts';

export type ResetFault = GroupsFault<'reset'>;

export const reset = groupsCut('reset', {
  summary: 'cut groups of servers apart with RSTs (every crossing connection reset at once); with forMs, heal later',
  cut: 'resetBlock',
  episodes: [
    {
      // One server cut off with RSTs: both sides notice at once (the other partitions are silent).
      name: 'reset-one',
      place: 9,
      faults(g) {
        const s = g.pick();
        return [
          { type: 'reset', at: g.at, groups: [[s], g.servers.filter((x) => x !== s)] },
          { type: 'heal', at: g.end },
        ];
      },
    },
  ],
});
