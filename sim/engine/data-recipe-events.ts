// The `recipe` trace events of the data recipes (scenarios/recipes/: config center, group
// membership and service registry, queue, double barrier): what each application process did
// as it sees it, on its node n. Their checkers (sim/checkers/config-convergence.ts,
// membership.ts, queue.ts, barrier.ts) judge them on simulated global time against each other
// and against the committed txns (zab.deliver). `session` is the session the process was on.
// Part of the `recipe` kind's fields (trace-events.ts RecipeFields).
export type DataRecipeFields =
  // ---- config center (recipe-config) ----
  /** A publisher's setData of the config znode was acknowledged: it is version `version`, mzxid. */
  | { what: 'config-write'; value: string; version: number; mzxid: number }
  /** A publisher's setData failed with ConnectionLoss: it may or may not have been applied. */
  | { what: 'config-write-unknown'; value: string }
  /** A subscriber's watch on the config znode fired (NodeDataChanged) for the change at zxid. */
  | { what: 'config-notified'; session: bigint; zxid: number }
  /** A subscriber read the config (and now uses it): its value, version and mzxid. */
  | { what: 'config-seen'; session: bigint; value: string | null; version: number; mzxid: number }
  // ---- group membership / service registry (recipe-membership, recipe-registry) ----
  /** A member registered: its ephemeral znode `node` (full path) exists for session. */
  | { what: 'member-joined'; session: bigint; node: string }
  /** A member left on its own: it deleted its znode. */
  | { what: 'member-left'; session: bigint; node: string }
  /** A consumer pulled the group: the member znodes it now knows of (full paths, sorted). */
  | { what: 'members-seen'; session: bigint; members: string[] }
  // ---- distributed queue (recipe-queue) ----
  /** A producer's item was created: the znode `item` (full path) holding `value`. */
  | { what: 'queue-put'; item: string; value: string }
  /** A consumer took item (it now processes it). */
  | { what: 'queue-took'; session: bigint; item: string; value: string }
  // ---- double barrier (recipe-barrier) ----
  /** A participant's node in the barrier of round `round` exists (create answered or found its own). */
  | { what: 'barrier-arrived'; round: number; session: bigint }
  /** A participant passed the enter barrier of round: it starts the round's work. */
  | { what: 'barrier-passed'; round: number }
  /** A participant passed the leave barrier of round. */
  | { what: 'barrier-left'; round: number };
