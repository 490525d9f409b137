// The recipe scenarios' options (sim/harness/options.ts): the faults scenario's (servers,
// observers, swarm) plus how many clients contend and whether their writes are fenced.
import { type OptionsOf, onOff, scenarioOptions, wholeNumber } from '../../sim/harness/options.ts';

export const recipeOptions = scenarioOptions(
  {
    servers: wholeNumber(2, 99, { flag: 'servers', arg: 'N', help: 'voting servers', default: 3 }),
    observers: wholeNumber(0, 99, { flag: 'observers', arg: 'K', help: 'observers after the voters', default: 0 }),
    clients: wholeNumber(1, 26, { flag: 'clients', arg: 'N', help: 'client processes running the recipe', default: 5 }),
    fencing: onOff({
      flag: 'fencing',
      help: "writes to the protected resource carry the role's znode czxid; the resource rejects a token below the highest it has seen",
    }),
    naive: onOff({
      flag: 'naive',
      help: "the data recipes' planted mistake (recipe-config, -membership, -registry, -queue, -barrier: each summary says which)",
    }),
    swarm: onOff({ flag: 'swarm', help: 'swarm testing: the fault plan uses a random subset of the fault kinds' }),
  },
  { data: true },
);
export type RecipeOptions = OptionsOf<typeof recipeOptions.specs>;
