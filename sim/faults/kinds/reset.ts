// reset: a firewall that answers with RST between groups of servers (iptables -j REJECT
// --reject-with tcp-reset): both ends of every connection crossing it hear a reset at once and
// their in-flight data is lost; new connections across it time out. Every partition was this
// up to zksim generator v2 (replay files of those read their `partition` faults as `reset`).
// With forMs, heal forMs later.
import fc from 'fast-check';
import { z } from 'zod';
import { forMs, servers, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { forMsArb, kindArb, serversArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({
  type: z.literal('reset'),
  ...when,
  groups: z.array(servers).min(2, 'needs at least two groups'),
  forMs: forMs.optional(),
});
export type ResetFault = z.infer<typeof schema>;

export const reset: FaultKind<ResetFault> = {
  type: 'reset',
  summary: 'cut groups of servers apart with RSTs (every crossing connection reset at once); with forMs, heal later',
  schema,
  targets: {
    named: (f) => f.groups.flatMap((g, i) => g.map((s, j): [string, number] => [`groups[${i}][${j}]`, s])),
  },
  apply(f, fx) {
    const net = fx.world.net;
    for (let g = 0; g < f.groups.length; g++)
      for (let h = 0; h < f.groups.length; h++)
        if (g !== h) for (const a of f.groups[g]!) for (const b of f.groups[h]!) net.resetBlock(node(a), node(b));
    fx.later(f.forMs, 'heal', { type: 'heal', at: 0 });
  },
  arbitrary: (o) =>
    kindArb(
      o,
      'reset',
      { groups: fc.array(serversArb(o), { minLength: 2, maxLength: 3 }), forMs: forMsArb },
      o.healing ? ['groups', 'forMs'] : ['groups'],
    ),
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
  stepActions: [],
  liveness: { effect: 'cuts' },
  report: {
    label: (f) => `reset ${f.groups.map((g) => `{${g.join(',')}}`).join(' | ')}`,
    span: { shade: 'partition', css: 'fill: url(#hatch);', lanes: 'every', until: 'heal' },
  },
};
