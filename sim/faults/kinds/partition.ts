// partition: a symmetric partition between groups of servers — silence across them, as under a
// real network: sockets stay open and data waits (TCP's retransmission queue) until a heal or
// a timeout notices. With forMs, heal forMs later.
import { z } from 'zod';
import { forMs, servers, when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { forMsArb, kindArb, serversArb } from '../kind-arb.ts';
import { node } from '../targets.ts';
import fc from 'fast-check';

const schema = z.strictObject({
  type: z.literal('partition'),
  ...when,
  groups: z.array(servers).min(2, 'needs at least two groups'),
  forMs: forMs.optional(),
});
export type PartitionFault = z.infer<typeof schema>;

export const partition: FaultKind<PartitionFault> = {
  type: 'partition',
  summary: 'partition groups of servers from each other (silence, sockets kept); with forMs, heal later',
  schema,
  targets: {
    named: (f) => f.groups.flatMap((g, i) => g.map((s, j): [string, number] => [`groups[${i}][${j}]`, s])),
  },
  apply(f, fx) {
    const net = fx.world.net;
    for (let g = 0; g < f.groups.length; g++)
      for (let h = 0; h < f.groups.length; h++)
        if (g !== h) for (const a of f.groups[g]!) for (const b of f.groups[h]!) net.block(node(a), node(b));
    fx.later(f.forMs, 'heal', { type: 'heal', at: 0 });
  },
  arbitrary: (o) =>
    kindArb(
      o,
      'partition',
      { groups: fc.array(serversArb(o), { minLength: 2, maxLength: 3 }), forMs: forMsArb },
      o.healing ? ['groups', 'forMs'] : ['groups'],
    ),
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
  stepActions: [],
  liveness: { effect: 'cuts' },
  report: {
    label: (f) => `partition ${f.groups.map((g) => `{${g.join(',')}}`).join(' | ')}`,
    span: { shade: 'partition', css: 'fill: url(#hatch);', lanes: 'every', until: 'heal' },
  },
};
