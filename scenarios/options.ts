// The options of each scenario family, defined once (sim/harness/options.ts): from these come
// the TypeScript type each scenario's build() gets, the `options` of its replay files, the
// run/fuzz flags with their help, and `zksim list scenarios --json`.
import { type OptionsOf, onOff, scenarioOptions, serverIds, simMs, wholeNumber } from '../sim/harness/options.ts';

const servers = wholeNumber(2, 99, { flag: 'servers', arg: 'N', help: 'voting servers', default: 5 });
const observers = wholeNumber(0, 99, { flag: 'observers', arg: 'K', help: 'observers after the voters', default: 0 });

/** ms between two servers' starts in first-start (and a pseudo-cluster of `zksim cli --config ...`), as a person starts them. */
export const START_GAP_MS = 3000;

/** first-start: servers started one by one. */
export const startOptions = scenarioOptions(
  {
    servers,
    observers,
    order: serverIds({ flag: 'order', arg: '3,1,2', help: 'start order, server ids (default 1..N)' }),
    gapMs: simMs(0, 3_600_000, { flag: 'gap', arg: 'MS', help: 'ms between starts', default: START_GAP_MS }),
  },
  {
    check(o, issue) {
      if (!o.order) return;
      const total = o.servers + o.observers;
      const sorted = [...o.order].sort((a, b) => a - b);
      if (sorted.length !== total || sorted.some((v, i) => v !== i + 1))
        issue('order', `must list each of servers 1..${total} exactly once (got ${o.order.join(',')})`);
    },
  },
);
export type StartOptions = OptionsOf<typeof startOptions.specs>;

/** The docs' and the other walkthroughs (restart, leader-crash, partition, observer): a fixed ensemble and story. */
export const walkthroughOptions = scenarioOptions({});

/** faults: an ensemble under a workload and a fault plan, generated from the seed or given as data. */
export const faultsOptions = scenarioOptions(
  {
    servers,
    observers,
    swarm: onOff({ flag: 'swarm', help: 'swarm testing: the fault plan uses a random subset of the fault kinds' }),
  },
  { data: true },
);
export type FaultsOptions = OptionsOf<typeof faultsOptions.specs>;
