// latency: the delay of the link between two servers, or of every link (without servers):
// latencyMs plus up to jitterMs; a connection's setup takes two of them.
import fc from 'fast-check';
import { z } from 'zod';
import { when } from '../fields.ts';
import type { FaultKind } from '../kind.ts';
import { kindArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

const schema = z.strictObject({
  type: z.literal('latency'),
  ...when,
  servers: z.tuple([z.number().int(), z.number().int()]).optional(),
  latencyMs: z.number().min(0).max(60_000),
  jitterMs: z.number().min(0).max(60_000).default(0),
});
export type LatencyFault = z.infer<typeof schema>;

export const latency: FaultKind<LatencyFault> = {
  type: 'latency',
  summary: 'set the latency and jitter of the link between two servers, or of every link',
  schema,
  targets: {
    named: (f) =>
      f.servers
        ? [
            ['servers[0]', f.servers[0]],
            ['servers[1]', f.servers[1]],
          ]
        : [],
  },
  apply(f, fx) {
    const opts = { latencyMs: f.latencyMs, jitterMs: f.jitterMs, setupMs: 2 * f.latencyMs };
    if (f.servers) fx.world.net.setLink(node(f.servers[0]), node(f.servers[1]), opts);
    else fx.world.net.defaults = opts;
  },
  arbitrary: (o) =>
    kindArb(o, 'latency', {
      latencyMs: fc.double({ min: 0, max: 200, noNaN: true }),
      jitterMs: fc.double({ min: 0, max: 100, noNaN: true }),
    }),
  episodes: [
    {
      // A latency spike on every link, back to LAN latency at its end.
      name: 'latency',
      place: 4,
      faults: (g) => [
        { type: 'latency', at: g.at, latencyMs: 5 + g.rng.next() * 80, jitterMs: g.rng.next() * 50 },
        { type: 'latency', at: g.end, latencyMs: 0.5, jitterMs: 0.5 },
      ],
    },
  ],
  stepActions: [],
  liveness: {
    effect: 'slows',
    link: (f) => ({
      link: f.servers ? `${f.servers[0]}-${f.servers[1]}` : 'every',
      delayMs: f.latencyMs + (f.jitterMs ?? 0),
    }),
  },
  report: { label: (f) => `latency ${f.latencyMs} ms${f.servers ? ` s${f.servers.join('–s')}` : ''}` },
};
