// The client API a program (and the zkCli shell) writes against: the ZooKeeper handle's
// operations, as promises that reject with KeeperException. (Inside the event loop the
// handle works with callbacks; a driver that steps the simulated world until the callback
// fires turns them into these promises.)
import type { ACL, AddWatchMode, CreateMode, Stat, WatchedEvent, WatcherType } from '../data.ts';

/** ZooKeeper.States as zkCli prints them in its prompt. */
export type ClientState =
  | 'CONNECTING'
  | 'ASSOCIATING'
  | 'CONNECTED'
  | 'CONNECTEDREADONLY'
  | 'CLOSED'
  | 'AUTH_FAILED'
  | 'NOT_CONNECTED';

/** One operation of a multi (Op.create, Op.delete, Op.setData, Op.check). */
export type Op =
  | { type: 'create'; path: string; data: string | null; acl: ACL[]; mode: CreateMode; ttl?: number }
  | { type: 'delete'; path: string; version: number }
  | { type: 'setData'; path: string; data: string | null; version: number }
  | { type: 'check'; path: string; version: number };

/** OpResult: per-op outcome of a multi. */
export type OpResult =
  | { type: 'create'; path: string; stat?: Stat }
  | { type: 'delete' }
  | { type: 'setData'; stat: Stat }
  | { type: 'check' }
  | { type: 'error'; err: number };

export interface ClientInfo {
  authScheme: string;
  user: string;
}

export type WatchListener = (event: WatchedEvent) => void;

export interface ZooKeeperClient {
  /** The connect string as given (hosts and optional chroot). */
  readonly connectString: string;
  state(): ClientState;
  /** The server the handle is connected to now ("host:port"), or the one it tries. */
  currentServer(): string;
  sessionId(): bigint;
  sessionTimeout(): number;

  create(
    path: string,
    data: string | null,
    acl: ACL[],
    mode: CreateMode,
    ttl?: number,
  ): Promise<{ path: string; stat: Stat }>;
  delete(path: string, version: number): Promise<void>;
  /** null when the node does not exist (a watch is still left, as exists does). */
  exists(path: string, watch: boolean): Promise<Stat | null>;
  getData(path: string, watch: boolean): Promise<{ data: string | null; stat: Stat }>;
  setData(path: string, data: string | null, version: number): Promise<Stat>;
  getACL(path: string): Promise<{ acl: ACL[]; stat: Stat }>;
  setACL(path: string, acl: ACL[], version: number): Promise<Stat>;
  getChildren(path: string, watch: boolean): Promise<{ children: string[]; stat: Stat }>;
  getAllChildrenNumber(path: string): Promise<number>;
  getEphemerals(prefixPath: string): Promise<string[]>;
  sync(path: string): Promise<void>;
  /** addWatch with the default watcher. */
  addWatch(path: string, mode: AddWatchMode): Promise<void>;
  /** removeAllWatches of the default watcher on path, of the given type. */
  removeWatches(path: string, type: WatcherType, local: boolean): Promise<void>;
  multi(ops: Op[]): Promise<OpResult[]>;
  addAuthInfo(scheme: string, auth: string): Promise<void>;
  whoAmI(): Promise<ClientInfo[]>;
  getConfig(watch: boolean): Promise<{ data: string | null; stat: Stat }>;
  close(): Promise<void>;
  /** Every event the default watcher gets (session events and watches set with watch=true). */
  onEvent(listener: WatchListener): void;
}
