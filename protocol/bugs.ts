// Historical ZooKeeper bugs that can be switched back on, each at the code path it was in, so
// the simulator's checkers can be shown to find them. Off unless a run names them (or its
// release still has them); the fixed behaviour is the default everywhere — except for the open
// JIRAs of IN_EVERY_RELEASE, which are 3.8's behaviour and so on by default.
export const BUG_IDS = [
  'ZK-3911',
  'ZK-4646',
  'ZK-2845',
  'ZK-3642',
  'ZK-4643',
  'ZK-2872',
  'ZK-1264',
  'ZK-1154',
  'ZK-1291',
  'ZK-1136',
  'ZK-1208',
  'ZK-1732',
  'ZK-2846',
  'ZK-2325',
  'ZK-1549',
  'ZK-4685',
  'ZK-1419',
  'ZK-1366',
  'ZK-1412',
  'ZK-453',
] as const;
export type BugId = (typeof BUG_IDS)[number];

/**
 * Open JIRAs whose behaviour every release zksim simulates has (3.5.0 onwards, 3.8 and 3.9 all
 * of them): on by default, as 3.8 behaves — a server built without a bug list has them, and
 * every release profile switches them on; a run turns one off only by the option that runs
 * the fix (ZK-1549: --no-lead-snapshot). The others above are off unless a run names them.
 */
export const IN_EVERY_RELEASE: readonly BugId[] = ['ZK-1549'];

export type Bugs = ReadonlySet<BugId>;
export const NO_BUGS: Bugs = new Set();
