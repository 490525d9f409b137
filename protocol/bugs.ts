// Historical ZooKeeper bugs that can be switched back on, each at the code path it was in, so
// the simulator's checkers can be shown to find them. Off unless a run names them; the fixed
// behaviour is the default everywhere.
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
  'ZK-1419',
  'ZK-1366',
  'ZK-1412',
] as const;
export type BugId = (typeof BUG_IDS)[number];

export type Bugs = ReadonlySet<BugId>;
export const NO_BUGS: Bugs = new Set();
