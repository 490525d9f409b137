// How zkCli renders records: StatPrinter, ZKUtil.getPermString, and jute's toString of an Id
// ("'world,'anyone" + newline, the CSV form of ToStringOutputArchive).
import type { ACL, Id, Stat } from '../../data.ts';
import { javaDateString, toHexString } from './java.ts';

/** StatPrinter.print: eleven "name = value" lines. */
export function statLines(stat: Stat): string {
  return `${[
    `cZxid = 0x${toHexString(stat.czxid)}`,
    `ctime = ${javaDateString(stat.ctime)}`,
    `mZxid = 0x${toHexString(stat.mzxid)}`,
    `mtime = ${javaDateString(stat.mtime)}`,
    `pZxid = 0x${toHexString(stat.pzxid)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = 0x${toHexString(stat.ephemeralOwner)}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ].join('\n')}\n`;
}

/** ZKUtil.getPermString: the letters of the set bits, in the order c d r w a. */
export function permString(perms: number): string {
  let p = '';
  if (perms & 4) p += 'c';
  if (perms & 8) p += 'd';
  if (perms & 1) p += 'r';
  if (perms & 2) p += 'w';
  if (perms & 16) p += 'a';
  return p;
}

/** ToStringOutputArchive's escaping of a string field. */
function csvString(s: string): string {
  let out = "'";
  for (const c of s) {
    if (c === '\0') out += '%00';
    else if (c === '\n') out += '%0A';
    else if (c === '\r') out += '%0D';
    else if (c === ',') out += '%2C';
    else if (c === '}') out += '%7D';
    else if (c === '%') out += '%25';
    else out += c;
  }
  return out;
}

/** Id.toString() (a top-level jute record ends with a newline). */
export function idString(id: Id): string {
  return `${csvString(id.scheme)},${csvString(id.id)}\n`;
}

/** One getAcl line: "'world,'anyone\n: cdrwa". */
export function aclLine(acl: ACL): string {
  return `${idString(acl.id)}: ${permString(acl.perms)}`;
}
