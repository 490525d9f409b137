// The decoded cache of protocol/storage/json.ts: a record this process wrote is read back
// without its checksum loop and parse. Properties: reading a log through the cache gives what
// parsing its text gives (values, valid length, torn bytes) for every cut of the file and for
// every one-character corruption; values handed out are frozen (readers share them). And
// adler32's chunked reduction is the per-character sum's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileSnap, type SnapshotContent } from '../../protocol/storage/FileSnap.ts';
import { type TxnRecord, encodeRecord, scanLog } from '../../protocol/storage/FileTxnLog.ts';
import { adler32 } from '../../protocol/storage/checksum.ts';
import { fromJson } from '../../protocol/storage/json.ts';

const rec = (zxid: number, path: string, data: string): TxnRecord =>
  ({
    hdr: { clientId: 0x20000047d3f0000n + BigInt(zxid), cxid: zxid, zxid, time: 1000 + zxid, type: 1 },
    txn: { type: 1, path, data, acl: [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }], ephemeral: false },
  }) as unknown as TxnRecord;

/** scanLog without the cache: every body's checksum computed, every body parsed. */
function scanUncached(text: string): { records: unknown[]; validLength: number; tornBytes: number } {
  const records: unknown[] = [];
  let pos = 0;
  while (pos < text.length) {
    const sp1 = text.indexOf(' ', pos);
    const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
    if (sp2 < 0) break;
    const sum = parseInt(text.slice(pos, sp1), 16);
    const len = Number(text.slice(sp1 + 1, sp2));
    if (!Number.isInteger(len) || len < 0) break;
    const end = sp2 + 1 + len;
    if (end >= text.length || text[end] !== '\n') break;
    const body = text.slice(sp2 + 1, end);
    if (adler32(body) !== sum) break;
    try {
      records.push(fromJson(body));
    } catch {
      break;
    }
    pos = end + 1;
  }
  return { records, validLength: pos, tornBytes: text.length - pos };
}

describe('decoded cache', () => {
  const records = [rec(1, '/a', 'x'), rec(2, '/a/b', 'yy'), rec(3, '/c', '{"$n":"ff"}'), rec(4, '/d', '')];
  const text = records.map(encodeRecord).join('');

  it('reads back what was written, frozen, the same object for every reader', () => {
    const a = scanLog(text);
    expect(a.records).toEqual(records);
    expect(a.tornBytes).toBe(0);
    expect(Object.isFrozen(a.records[0]!.hdr)).toBe(true);
    expect(scanLog(text).records[1]).toBe(a.records[1]);
  });

  it('property: every cut of the file reads as the uncached scan reads it (a torn record is cut where its bytes are)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
        const t = text.slice(0, cut);
        const got = scanLog(t);
        expect({ ...got, records: [...got.records] }).toEqual(scanUncached(t));
      }),
      { numRuns: 300 },
    );
  });

  it('property: a one-character corruption reads as the uncached scan reads it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 32, max: 126 }), (at, code) => {
        const t = text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1);
        const got = scanLog(t);
        expect({ ...got, records: [...got.records] }).toEqual(scanUncached(t));
      }),
      { numRuns: 300 },
    );
  });

  it('a snapshot reads back through the cache; a bad trailer or body does not', () => {
    const content: SnapshotContent = { zxid: 0x100000002, sessions: [[0x20000047d3f0000n, 30000]], tree: { n: 1 } };
    const t = FileSnap.text(content);
    expect(FileSnap.read(t)).toEqual(content);
    expect(FileSnap.read(t)).toBe(FileSnap.read(t));
    const nl = t.lastIndexOf('\n', t.length - 2);
    expect(FileSnap.read(`${t.slice(0, nl + 1)}0${t.slice(nl + 1)}`)).toBeUndefined(); // "0abc": not as written
    expect(FileSnap.read(t.replace('"n":1', '"n":2'))).toBeUndefined();
    expect(FileSnap.read(t.slice(0, -3))).toBeUndefined();
  });
});

/** Adler-32 reduced at every character, as ZooKeeper's java.util.zip.Adler32 defines it. */
function adler32Reference(s: string): number {
  let a = 1,
    b = 0;
  for (let i = 0; i < s.length; i++) {
    a = (a + (s.charCodeAt(i) & 0xffff)) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

describe('adler32', () => {
  it('property: adler32 equals the per-character reference (long strings, any UTF-16 code unit)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), (s) => {
        expect(adler32(s)).toBe(adler32Reference(s));
      }),
      { numRuns: 200 },
    );
    const big = '\uffff'.repeat(20_000);
    expect(adler32(big)).toBe(adler32Reference(big));
  });
});
