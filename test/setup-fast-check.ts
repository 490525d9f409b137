// fast-check in `npm test`: every property runs on a fixed, printed seed so a red run names
// its replay and CI is repeatable. Explore with other seeds: ZKSIM_FC_SEED=<n> npm test, or
// ZKSIM_FC_RANDOM=1 for a fresh random seed per property.
import fc from 'fast-check';

if (!process.env.ZKSIM_FC_RANDOM) {
  const seed = Number(process.env.ZKSIM_FC_SEED ?? 20261123);
  fc.configureGlobal({ seed });
}
