// ACLs as 3.8 handles them: PrepRequestProcessor.fixupACL, ZooKeeperServer.checkACL, the
// default authentication providers of ProviderRegistry (ip, digest; "world:anyone" and the
// "super" id are special-cased by the server), DigestAuthenticationProvider.generateDigest,
// and the permission strings of zkCli (ZKUtil.getPermString, AclParser).
import { createHash } from 'node:crypto';
import { Perms, type ACL, type Id } from '../data.ts';
import { Code, KeeperException } from '../errors.ts';
import { javaSplit } from './PathUtils.ts';

// ---- authentication providers ---------------------------------------------------------

/** ServerAuthenticationProvider, reduced to what ACL checks use. */
export interface AuthenticationProvider {
  readonly scheme: string;
  /** Whether an id of this scheme in a session's auth info can stand for "auth" ACLs. */
  isAuthenticated(): boolean;
  /** Whether an ACL id of this scheme is well formed. */
  isValid(id: string): boolean;
  /** Whether a session's id of this scheme matches an ACL's id expression. */
  matches(id: string, aclExpr: string): boolean;
}

/** Integer.parseInt: optional sign, decimal digits, int range; null where Java throws. */
function javaParseInt(s: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647 ? v : null;
}

/** Java's s.split(sep, 2). */
function splitOnce(s: string, sep: string): string[] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.substring(0, i), s.substring(i + 1)];
}

function v4addr2Bytes(addr: string): number[] | null {
  const parts = addr.split('.'); // split("\\.", -1): empty parts kept
  if (parts.length !== 4) return null;
  const b: number[] = [];
  for (const part of parts) {
    const v = javaParseInt(part);
    if (v === null || v < 0 || v > 255) return null;
    b.push(v);
  }
  return b;
}

function mask(b: number[], bits: number): void {
  let start = Math.trunc(bits / 8);
  let startMask = ~((1 << (8 - (bits % 8))) - 1);
  while (start < b.length) {
    b[start] = b[start]! & startMask & 0xff;
    startMask = 0;
    start++;
  }
}

/** Parses "a.b.c.d" or "a.b.c.d/bits" into (bytes, bits), or null when invalid. */
function parseIpExpr(expr: string): { addr: number[]; bits: number } | null {
  const parts = splitOnce(expr, '/');
  const addr = v4addr2Bytes(parts[0]!);
  if (addr === null) return null;
  let bits = addr.length * 8;
  if (parts.length === 2) {
    const b = javaParseInt(parts[1]!);
    if (b === null || b < 0 || b > addr.length * 8) return null;
    bits = b;
  }
  return { addr, bits };
}

/** IPAuthenticationProvider (IPv4 only in 3.8): prefix matching of "a.b.c.d/bits". */
export const ipAuthenticationProvider: AuthenticationProvider = {
  scheme: 'ip',
  isAuthenticated: () => false,
  isValid: (id) => parseIpExpr(id) !== null,
  matches(id, aclExpr) {
    const acl = parseIpExpr(aclExpr);
    if (acl === null) return false;
    mask(acl.addr, acl.bits);
    const remote = v4addr2Bytes(id);
    if (remote === null) return false;
    mask(remote, acl.bits);
    return remote.every((byte, i) => byte === acl.addr[i]);
  },
};

/** DigestAuthenticationProvider: ids are "user:base64(sha1(user:password))". */
export const digestAuthenticationProvider: AuthenticationProvider = {
  scheme: 'digest',
  isAuthenticated: () => true,
  isValid: (id) => javaSplit(id, ':').length === 2,
  matches: (id, aclExpr) => id === aclExpr,
};

/** ProviderRegistry with its default providers (ip and digest). */
export const defaultProviders: ReadonlyMap<string, AuthenticationProvider> = new Map([
  ['ip', ipAuthenticationProvider],
  ['digest', digestAuthenticationProvider],
]);

/** DigestAuthenticationProvider.generateDigest("user:password") → "user:base64(sha1)". */
export function generateDigest(idPassword: string): string {
  const user = splitOnce(idPassword, ':')[0]!;
  const digest = createHash('sha1').update(idPassword, 'utf8').digest('base64');
  return `${user}:${digest}`;
}

/**
 * The ids DigestAuthenticationProvider.handleAuthentication adds for `addauth digest
 * user:password`: the digest id, preceded by super:"" when it equals the configured
 * zookeeper.DigestAuthenticationProvider.superDigest.
 */
export function digestAuthIds(authData: string, superDigest?: string): Id[] {
  const digest = generateDigest(authData);
  const ids: Id[] = [];
  if (superDigest !== undefined && digest === superDigest) ids.push({ scheme: 'super', id: '' });
  ids.push({ scheme: 'digest', id: digest });
  return ids;
}

/** The id every connection starts with (ServerCnxn adds ip:<remote address>). */
export function ipAuthId(remoteAddress: string): Id {
  return { scheme: 'ip', id: remoteAddress };
}

// ---- fixupACL and checkACL -------------------------------------------------------------

function aclEquals(a: ACL, b: ACL): boolean {
  return a.perms === b.perms && a.id.scheme === b.id.scheme && a.id.id === b.id.id;
}

function removeDuplicates(acls: readonly ACL[] | null | undefined): ACL[] {
  const out: ACL[] = [];
  for (const a of acls ?? []) if (!out.some((b) => aclEquals(a, b))) out.push(a);
  return out;
}

/**
 * PrepRequestProcessor.fixupACL: drops duplicates, keeps world:anyone, expands "auth" into
 * the session's authenticated ids (an "auth" entry with none is invalid), and checks every
 * other id with its scheme's provider. Throws KeeperException(INVALIDACL, path).
 */
export function fixupACL(
  path: string,
  authInfo: readonly Id[],
  acls: readonly ACL[] | null | undefined,
  providers: ReadonlyMap<string, AuthenticationProvider> = defaultProviders,
): ACL[] {
  const uniq = removeDuplicates(acls);
  if (uniq.length === 0) throw new KeeperException(Code.INVALIDACL, path);
  const rv: ACL[] = [];
  for (const a of uniq) {
    const id = a.id;
    if (id.scheme === 'world' && id.id === 'anyone') {
      rv.push(a);
    } else if (id.scheme === 'auth') {
      let authIdValid = false;
      for (const cid of authInfo) {
        const ap = providers.get(cid.scheme);
        if (ap?.isAuthenticated()) {
          authIdValid = true;
          rv.push({ perms: a.perms, id: { scheme: cid.scheme, id: cid.id } });
        }
      }
      if (!authIdValid) throw new KeeperException(Code.INVALIDACL, path);
    } else {
      const ap = providers.get(id.scheme);
      if (ap === undefined || !ap.isValid(id.id)) throw new KeeperException(Code.INVALIDACL, path);
      rv.push(a);
    }
  }
  return rv;
}

/**
 * ZooKeeperServer.checkACL as a predicate: an empty or missing ACL allows everything, a
 * "super" id allows everything, world:anyone allows its perms, otherwise an id of the same
 * scheme must match through the scheme's provider.
 */
export function isAllowed(
  acl: readonly ACL[] | null | undefined,
  perm: number,
  ids: readonly Id[],
  _path?: string,
  providers: ReadonlyMap<string, AuthenticationProvider> = defaultProviders,
): boolean {
  if (acl === null || acl === undefined || acl.length === 0) return true;
  if (ids.some((id) => id.scheme === 'super')) return true;
  for (const a of acl) {
    if ((a.perms & perm) === 0) continue;
    const id = a.id;
    if (id.scheme === 'world' && id.id === 'anyone') return true;
    const ap = providers.get(id.scheme);
    if (ap === undefined) continue;
    for (const authId of ids) {
      if (authId.scheme === id.scheme && ap.matches(authId.id, id.id)) return true;
    }
  }
  return false;
}

/**
 * ZooKeeperServer.checkACL(cnxn, acl, perm, ids, path, setAcls): throws KeeperException(NOAUTH)
 * without a path, as 3.8 does (path only reaches custom providers in 3.8; none here uses it).
 */
export function checkACL(
  acl: readonly ACL[] | null | undefined,
  perm: number,
  ids: readonly Id[],
  path?: string,
  providers: ReadonlyMap<string, AuthenticationProvider> = defaultProviders,
): void {
  if (!isAllowed(acl, perm, ids, path, providers)) throw new KeeperException(Code.NOAUTH);
}

// ---- zkCli strings ---------------------------------------------------------------------

/** ZKUtil.getPermString: letters in the order c, d, r, w, a ("cdrwa" for ALL). */
export function getPermString(perms: number): string {
  let p = '';
  if ((perms & Perms.CREATE) !== 0) p += 'c';
  if ((perms & Perms.DELETE) !== 0) p += 'd';
  if ((perms & Perms.READ) !== 0) p += 'r';
  if ((perms & Perms.WRITE) !== 0) p += 'w';
  if ((perms & Perms.ADMIN) !== 0) p += 'a';
  return p;
}

/** AclParser.getPermFromString: any order; unknown letters are reported and skipped. */
export function parsePermString(s: string): { perms: number; unknown: string[] } {
  const letters: Record<string, number> = {
    r: Perms.READ,
    w: Perms.WRITE,
    c: Perms.CREATE,
    d: Perms.DELETE,
    a: Perms.ADMIN,
  };
  let perms = 0;
  const unknown: string[] = [];
  for (const ch of s) {
    const bit = letters[ch];
    if (bit === undefined) unknown.push(ch);
    else perms |= bit;
  }
  return { perms, unknown };
}

/**
 * AclParser.parse("scheme:id:perm,..."): id is everything between the first and last colon.
 * `errors` holds the lines zkCli prints to stderr ("... does not have the form
 * scheme:id:perm", "Unknown perm type: x").
 */
export function parseAcl(aclString: string): { acl: ACL[]; errors: string[] } {
  const acl: ACL[] = [];
  const errors: string[] = [];
  for (const a of javaSplit(aclString, ',')) {
    const first = a.indexOf(':');
    const last = a.lastIndexOf(':');
    if (first === -1 || last === -1 || first === last) {
      errors.push(`${a} does not have the form scheme:id:perm`);
      continue;
    }
    const { perms, unknown } = parsePermString(a.substring(last + 1));
    for (const u of unknown) errors.push(`Unknown perm type: ${u}`);
    acl.push({ perms, id: { scheme: a.substring(0, first), id: a.substring(first + 1, last) } });
  }
  return { acl, errors };
}

/** Jute's ToStringOutputArchive string escaping: a leading quote, and % , } \0 \n \r escaped. */
function juteEscape(s: string): string {
  const esc: Record<string, string> = { '\0': '%00', '\n': '%0A', '\r': '%0D', ',': '%2C', '}': '%7D', '%': '%25' };
  let out = "'";
  for (const ch of s) out += esc[ch] ?? ch;
  return out;
}

/** Id.toString() (jute): "'world,'anyone\n". */
export function formatId(id: Id): string {
  return `${juteEscape(id.scheme)},${juteEscape(id.id)}\n`;
}

/** The lines zkCli's getAcl prints for one entry: "'world,'anyone\n: cdrwa". */
export function formatAclEntry(acl: ACL): string {
  return `${formatId(acl.id)}: ${getPermString(acl.perms)}`;
}

/** ZKUtil.aclToString: "scheme:id:perms" entries run together. */
export function aclToString(acls: readonly ACL[]): string {
  return acls.map((a) => `${a.id.scheme}:${a.id.id}:${getPermString(a.perms)}`).join('');
}
