// The length a request would have on the wire, as jute serialises it: what jute.maxbuffer
// (0xfffff bytes by default) limits. A longer packet makes the server drop the connection
// ("Len error"), as NIOServerCnxn does.
import { type ACL, dataLength } from '../data.ts';
import type { MultiOp, RequestBody } from '../proto.ts';

export const JUTE_MAXBUFFER = 0xfffff;

const str = (s: string | null | undefined) => 4 + (s === null || s === undefined ? 0 : dataLength(s));
const acls = (a: ACL[] | undefined) => 4 + (a ?? []).reduce((n, x) => n + 4 + str(x.id.scheme) + str(x.id.id), 0);

function opLength(b: RequestBody | MultiOp): number {
  const o = b as { path?: string; data?: string | null; acl?: ACL[]; ops?: MultiOp[]; scheme?: string; auth?: string };
  let n = 0;
  if (o.path !== undefined) n += str(o.path);
  if (o.data !== undefined) n += str(o.data);
  if (o.acl !== undefined) n += acls(o.acl);
  if (o.scheme !== undefined) n += str(o.scheme) + str(o.auth);
  if (o.ops !== undefined) n += o.ops.reduce((m, op) => m + 4 + 1 + 4 + opLength(op), 4);
  return n + 8;
}

/** Bytes of the packet after its 4-byte length prefix: request header (xid, type) + body. */
export function packetLength(body: RequestBody): number {
  return 8 + opLength(body);
}
