// Which seeded generators this zksim has. A seed of the faults scenario means "the fault plan and
// client workload these generators draw from it": the plan generator (sim/faults/plan-gen.ts,
// its episodes and step actions owned by the fault kinds, sim/faults/kinds/), the workload
// generator (sim/faults/workload-gen.ts) and the parameters scenarios/faults.ts gives them.
// Change any draw and every seed's run moves: bump this, so replay files and fuzz summaries say
// which generator drew their seeds (fuzz-merge refuses shards of different generators), and
// re-pin test/golden/generated-plans.json (ZKSIM_UPDATE_GOLDEN=1 npx vitest run
// test/sim/generated-plans.test.ts, which fails on a changed draw under the same version).
// v3: partitions are silence (a `reset` fault is the old kind), and the episodes and step
// actions of reset, power-off and pause.
// v4: workload v2 (sim/faults/workload-gen.ts): close while holding ephemerals, reconnects, every
// watch kind, removeWatches, setACL/addAuth, multiRead, containers and TTL nodes, reads of
// ephemeral and sequential nodes, and client processes that crash, vanish or pause (`events`)
// and open a new session after theirs expired (`reopen`). The faults scenario enables extended
// types (TTL) for a workload with TTL creates. Older replay files carry their workload as data
// and replay as before (none of the new ops, events or reopen).
export const GENERATOR_VERSION = 4;
