// ConnectStringParser of 3.8: "host:port,host:port/chroot". A missing port is 2181; a chroot
// of "/" is none; the chroot must be a valid path.
import { validatePath } from '../datatree/PathUtils.ts';

export interface ConnectString {
  servers: string[];
  chroot: string | null;
}

export function parseConnectString(connectString: string): ConnectString {
  let hosts = connectString;
  let chroot: string | null = null;
  const off = connectString.indexOf('/');
  if (off >= 0) {
    const c = connectString.slice(off);
    hosts = connectString.slice(0, off);
    if (c.length > 1) {
      validatePath(c);
      chroot = c;
    }
  }
  const servers: string[] = [];
  for (const raw of hosts.split(',')) {
    const h = raw.trim();
    if (h === '') continue;
    const colon = h.lastIndexOf(':');
    servers.push(colon >= 0 && !h.endsWith(']') ? h : `${h}:2181`);
  }
  if (servers.length === 0) throw new RangeError('A HostProvider may not be empty!');
  return { servers, chroot };
}
