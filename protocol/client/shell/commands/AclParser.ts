// org.apache.zookeeper.cli.AclParser: "scheme:id:perm[,scheme:id:perm...]". A malformed entry
// or an unknown perm letter is reported on stderr and skipped, as 3.8 does.
import type { ACL } from '../../../data.ts';
import { javaSplit } from '../java.ts';

export function parseAcl(aclString: string, err: (text: string) => void): ACL[] {
  const acl: ACL[] = [];
  for (const a of javaSplit(aclString, ',')) {
    const firstColon = a.indexOf(':');
    const lastColon = a.lastIndexOf(':');
    if (firstColon === -1 || lastColon === -1 || firstColon === lastColon) {
      err(`${a} does not have the form scheme:id:perm\n`);
      continue;
    }
    acl.push({
      id: { scheme: a.substring(0, firstColon), id: a.substring(firstColon + 1, lastColon) },
      perms: permFromString(a.substring(lastColon + 1), err),
    });
  }
  return acl;
}

const PERM_BITS: Record<string, number> = { r: 1, w: 2, c: 4, d: 8, a: 16 };

function permFromString(permString: string, err: (text: string) => void): number {
  let perm = 0;
  for (const c of permString) {
    const bit = PERM_BITS[c];
    if (bit === undefined) err(`Unknown perm type: ${c}\n`);
    else perm |= bit;
  }
  return perm;
}
