// What `partition` and `reset` share: a cut between every pair of servers in different groups,
// undone by `heal` (or forMs later). They differ only in how the network cuts a pair — silence
// (Net.block) or RSTs (Net.resetBlock) — and in their words and episodes.
import fc from 'fast-check';
import { z } from 'zod';
import { forMs, servers, when } from '../fields.ts';
import type { Episode, FaultKind } from '../kind.ts';
import { forMsArb, kindArb, serversArb } from '../kind-arb.ts';
import { node } from '../targets.ts';

function groupsSchema<T extends string>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    ...when,
    groups: z.array(servers).min(2, 'needs at least two groups'),
    forMs: forMs.optional(),
  });
}
export type GroupsFault<T extends string> = z.infer<ReturnType<typeof groupsSchema<T>>>;

export function groupsCut<T extends string>(
  type: T,
  spec: { summary: string; cut: 'block' | 'resetBlock'; episodes: readonly Episode[] },
): FaultKind<GroupsFault<T>> {
  return {
    type,
    summary: spec.summary,
    schema: groupsSchema(type),
    targets: {
      named: (f) => f.groups.flatMap((g, i) => g.map((s, j): [string, number] => [`groups[${i}][${j}]`, s])),
    },
    apply(f, fx) {
      const net = fx.world.net;
      for (let g = 0; g < f.groups.length; g++)
        for (let h = 0; h < f.groups.length; h++)
          if (g !== h) for (const a of f.groups[g]!) for (const b of f.groups[h]!) net[spec.cut](node(a), node(b));
      fx.later(f.forMs, 'heal', { type: 'heal', at: 0 });
    },
    arbitrary: (o) =>
      kindArb(
        o,
        type,
        { groups: fc.array(serversArb(o), { minLength: 2, maxLength: 3 }), forMs: forMsArb },
        o.healing ? ['groups', 'forMs'] : ['groups'],
      ),
    episodes: spec.episodes,
    stepActions: [],
    liveness: { effect: 'cuts' },
    report: {
      label: (f) => `${type} ${f.groups.map((g) => `{${g.join(',')}}`).join(' | ')}`,
      span: { shade: 'partition', css: 'fill: url(#hatch);', lanes: 'every', until: 'heal' },
    },
  };
}
