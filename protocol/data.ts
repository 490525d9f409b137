// ZooKeeper's data records (org.apache.zookeeper.data and ZooDefs): Stat, ACL, Id, perms,
// create modes, watch event types and states. Session ids are bigint end to end (the server
// id sits in the top byte and does not fit a double).

export interface Stat {
  czxid: number;
  mzxid: number;
  ctime: number;
  mtime: number;
  /** dataVersion */
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: number;
}

export interface Id {
  scheme: string;
  id: string;
}

export interface ACL {
  perms: number;
  id: Id;
}

export const Perms = {
  READ: 1,
  WRITE: 2,
  CREATE: 4,
  DELETE: 8,
  ADMIN: 16,
  ALL: 31,
} as const;

export const Ids = {
  ANYONE_ID_UNSAFE: { scheme: 'world', id: 'anyone' } as Id,
  AUTH_IDS: { scheme: 'auth', id: '' } as Id,
  get OPEN_ACL_UNSAFE(): ACL[] {
    return [{ perms: Perms.ALL, id: { scheme: 'world', id: 'anyone' } }];
  },
  get CREATOR_ALL_ACL(): ACL[] {
    return [{ perms: Perms.ALL, id: { scheme: 'auth', id: '' } }];
  },
  get READ_ACL_UNSAFE(): ACL[] {
    return [{ perms: Perms.READ, id: { scheme: 'world', id: 'anyone' } }];
  },
};

/** CreateMode, with the flag values of the wire protocol. */
export const CreateMode = {
  PERSISTENT: 0,
  EPHEMERAL: 1,
  PERSISTENT_SEQUENTIAL: 2,
  EPHEMERAL_SEQUENTIAL: 3,
  CONTAINER: 4,
  PERSISTENT_WITH_TTL: 5,
  PERSISTENT_SEQUENTIAL_WITH_TTL: 6,
} as const;
export type CreateMode = (typeof CreateMode)[keyof typeof CreateMode];

export function isSequential(mode: CreateMode): boolean {
  return (
    mode === CreateMode.PERSISTENT_SEQUENTIAL ||
    mode === CreateMode.EPHEMERAL_SEQUENTIAL ||
    mode === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL
  );
}
export function isEphemeral(mode: CreateMode): boolean {
  return mode === CreateMode.EPHEMERAL || mode === CreateMode.EPHEMERAL_SEQUENTIAL;
}
export function isContainer(mode: CreateMode): boolean {
  return mode === CreateMode.CONTAINER;
}
export function isTTL(mode: CreateMode): boolean {
  return mode === CreateMode.PERSISTENT_WITH_TTL || mode === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
}

/** Watcher.Event.EventType, with the wire values. */
export const EventType = {
  None: -1,
  NodeCreated: 1,
  NodeDeleted: 2,
  NodeDataChanged: 3,
  NodeChildrenChanged: 4,
  DataWatchRemoved: 5,
  ChildWatchRemoved: 6,
  PersistentWatchRemoved: 7,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const eventTypeName: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([k, v]) => [v, k]),
);

/** Watcher.Event.KeeperState, with the wire values. */
export const KeeperState = {
  Disconnected: 0,
  SyncConnected: 3,
  AuthFailed: 4,
  ConnectedReadOnly: 5,
  SaslAuthenticated: 6,
  Expired: -112,
  Closed: 7,
} as const;
export type KeeperState = (typeof KeeperState)[keyof typeof KeeperState];
export const keeperStateName: Record<number, string> = Object.fromEntries(
  Object.entries(KeeperState).map(([k, v]) => [v, k]),
);

/** Watcher.WatcherType (removeWatches). */
export const WatcherType = { Children: 1, Data: 2, Any: 3, Persistent: 4, PersistentRecursive: 5 } as const;
export type WatcherType = (typeof WatcherType)[keyof typeof WatcherType];

/** AddWatchMode. */
export const AddWatchMode = { PERSISTENT: 0, PERSISTENT_RECURSIVE: 1 } as const;
export type AddWatchMode = (typeof AddWatchMode)[keyof typeof AddWatchMode];

export interface WatchedEvent {
  type: EventType;
  state: KeeperState;
  path: string | null;
  /** The zxid of the change that fired the event (3.8 keeps it server side), or -1. */
  zxid: number;
}

/** "0x" + hex, as ZooKeeper prints session ids and ephemeralOwner. */
export function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

/**
 * UTF-8 byte length of a znode's data (null = no data). A lone U+DC80..U+DCFF is one byte of
 * data that was not UTF-8 (protocol/jute/utf8.ts, dataFromBytes).
 */
export function dataLength(data: string | null): number {
  if (data === null) return 0;
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) n += 1;
    else n += 3;
  }
  return n;
}
