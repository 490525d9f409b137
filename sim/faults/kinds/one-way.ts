// one-way: traffic from → to is held (TCP keeps retrying); to → from flows. With forMs, heal
// forMs later.
import { z } from 'zod';
import { forMs, servers, when } from '../fields.ts';
import { type FaultKind, namedServers } from '../kind.ts';
import { forMsArb, kindArb, serversArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({
  type: z.literal('one-way'),
  ...when,
  from: servers,
  to: servers,
  forMs: forMs.optional(),
});
export type OneWayFault = z.infer<typeof schema>;

export const oneWay: FaultKind<OneWayFault> = {
  type: 'one-way',
  summary: 'hold traffic from servers to others (the other way flows); with forMs, heal later',
  schema,
  targets: { named: (f) => [...namedServers(f.from, 'from'), ...namedServers(f.to, 'to')] },
  apply(f, fx) {
    for (const a of f.from) for (const b of f.to) fx.world.net.block(node(a), node(b));
    fx.later(f.forMs, 'heal', { type: 'heal', at: 0 });
  },
  arbitrary: (o) =>
    kindArb(
      o,
      'one-way',
      { from: serversArb(o), to: serversArb(o), forMs: forMsArb },
      o.healing ? ['from', 'to', 'forMs'] : ['from', 'to'],
    ),
  episodes: [
    {
      name: 'one-way',
      place: 3,
      faults(g) {
        const s = g.pick();
        return [
          { type: 'one-way', at: g.at, from: [s], to: g.servers.filter((x) => x !== s) },
          { type: 'heal', at: g.end },
        ];
      },
    },
  ],
  stepActions: [],
  liveness: { effect: 'cuts' },
  report: {
    label: (f) => `one-way ${f.from.join(',')} ↛ ${f.to.join(',')}`,
    span: { shade: 'one-way', css: 'fill: url(#hatch);', lanes: 'every', until: 'heal' },
  },
};
