// The options of the data recipes (recipe-config, -membership, -registry, -queue, -barrier): the
// faults scenario's ensemble options, how many application processes, and `naive` (the
// recipe's planted mistake, for seeing its checker fire).
import { type OptionsOf, onOff, scenarioOptions, wholeNumber } from '../../sim/harness/options.ts';

export const dataRecipeOptions = scenarioOptions(
  {
    servers: wholeNumber(2, 99, { flag: 'servers', arg: 'N', help: 'voting servers', default: 5 }),
    observers: wholeNumber(0, 99, { flag: 'observers', arg: 'K', help: 'observers after the voters', default: 0 }),
    swarm: onOff({ flag: 'swarm', help: 'swarm testing: the fault plan uses a random subset of the fault kinds' }),
    clients: wholeNumber(2, 20, { flag: 'clients', arg: 'N', help: 'application processes c1..cN', default: 4 }),
    naive: onOff({ flag: 'naive', help: "the recipe's planted mistake (see the scenario's summary)" }),
  },
  { data: true },
);
export type DataRecipeOptions = OptionsOf<typeof dataRecipeOptions.specs>;
