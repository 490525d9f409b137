// KeeperException codes and messages, as ZooKeeper 3.8 defines them (KeeperException.Code,
// getCodeMessage). The wire carries the numeric code; the client turns it into the message.

export const Code = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  NEWCONFIGNOQUORUM: -13,
  RECONFIGINPROGRESS: -14,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
  EPHEMERALONLOCALSESSION: -120,
  NOWATCHER: -121,
  REQUESTTIMEOUT: -122,
  RECONFIGDISABLED: -123,
  SESSIONCLOSEDREQUIRESASLAUTH: -124,
  QUOTAEXCEEDED: -125,
  THROTTLEDOP: -127,
} as const;

export type Code = (typeof Code)[keyof typeof Code];

const messages: Record<number, string> = {
  [Code.OK]: 'ok',
  [Code.SYSTEMERROR]: 'SystemError',
  [Code.RUNTIMEINCONSISTENCY]: 'RuntimeInconsistency',
  [Code.DATAINCONSISTENCY]: 'DataInconsistency',
  [Code.CONNECTIONLOSS]: 'ConnectionLoss',
  [Code.MARSHALLINGERROR]: 'MarshallingError',
  [Code.UNIMPLEMENTED]: 'Unimplemented',
  [Code.OPERATIONTIMEOUT]: 'OperationTimeout',
  [Code.BADARGUMENTS]: 'BadArguments',
  [Code.UNKNOWNSESSION]: 'Unknown session',
  [Code.NEWCONFIGNOQUORUM]:
    'No quorum of new config is connected and up-to-date with the leader of last commmitted config - try invoking reconfiguration after new servers are connected and synced',
  [Code.RECONFIGINPROGRESS]: 'Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)',
  [Code.APIERROR]: 'APIError',
  [Code.NONODE]: 'NoNode',
  [Code.NOAUTH]: 'NoAuth',
  [Code.BADVERSION]: 'BadVersion',
  [Code.NOCHILDRENFOREPHEMERALS]: 'NoChildrenForEphemerals',
  [Code.NODEEXISTS]: 'NodeExists',
  [Code.NOTEMPTY]: 'Directory not empty',
  [Code.SESSIONEXPIRED]: 'Session expired',
  [Code.INVALIDCALLBACK]: 'Invalid callback',
  [Code.INVALIDACL]: 'InvalidACL',
  [Code.AUTHFAILED]: 'AuthFailed',
  [Code.SESSIONMOVED]: 'Session moved',
  [Code.NOTREADONLY]: 'Not a read-only call',
  [Code.EPHEMERALONLOCALSESSION]: 'Ephemeral node on local session',
  [Code.NOWATCHER]: 'No such watcher',
  [Code.REQUESTTIMEOUT]: 'Request timeout',
  [Code.RECONFIGDISABLED]: 'Reconfig is disabled',
  [Code.SESSIONCLOSEDREQUIRESASLAUTH]: 'Session closed because client failed to authenticate',
  [Code.QUOTAEXCEEDED]: 'Quota has exceeded',
  [Code.THROTTLEDOP]: 'Op throttled due to high load',
};

/** The messages by code in a Map: a negative number as an object key is a string conversion per lookup. */
const messageOf = new Map<number, string>(Object.entries(messages).map(([k, m]) => [Number(k), m]));

export function codeMessage(code: number): string {
  return messageOf.get(code) ?? `Unknown error ${code}`;
}

/**
 * KeeperException: "KeeperErrorCode = NoNode for /a". Thrown on ordinary paths (a create of an
 * existing node, a read of a missing one), so it skips capturing a stack trace (that capture
 * was 4% of a fault run) and builds its message only when it is read (the prototype's getter
 * below: most are caught as a code and never printed).
 */
export class KeeperException extends Error {
  readonly code: number;
  readonly path?: string;
  constructor(code: number, path?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = limit;
    this.code = code;
    if (path !== undefined) this.path = path;
  }
}
Object.defineProperty(KeeperException.prototype, 'message', {
  get(this: KeeperException): string {
    return `KeeperErrorCode = ${codeMessage(this.code)}${this.path === undefined ? '' : ` for ${this.path}`}`;
  },
  configurable: true,
});
