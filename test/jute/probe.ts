// The real 3.8.0 server's answers to hand-built frames (test/fixtures/wire38/probe.json), and
// splitting a byte stream into its frames.
import { readFileSync } from 'node:fs';
import { fromHex } from '../../protocol/jute/utf8.ts';

export interface ProbeCase {
  sent: string[];
  got: { step: number; hex: string }[];
  closed: boolean;
  closedAfterStep: number | null;
}

export const probe: Record<string, ProbeCase> = JSON.parse(
  readFileSync(new URL('../fixtures/wire38/probe.json', import.meta.url), 'utf8'),
);

/** Split a byte stream into its length-prefixed frames (payloads). */
export function frames(hex: string): Uint8Array[] {
  const b = fromHex(hex);
  const out: Uint8Array[] = [];
  let i = 0;
  while (i + 4 <= b.length) {
    const len = new DataView(b.buffer, i, 4).getInt32(0);
    out.push(b.slice(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}
