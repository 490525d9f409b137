// protocol/storage/json.ts writes and reads the simulated disk's JSON without a replacer or a
// reviver call per value. Property: its text is, character for character, the reference
// encoding's (JSON.stringify with a bigint replacer) — the bytes on disk, their lengths in the
// trace and where a torn write cuts them depend on it — and its values are the reference
// decoding's (JSON.parse with a bigint reviver), throwing where it throws; on generated values
// and on every txn record a faults run logs.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileTxnLog, type TxnRecord } from '../../protocol/storage/FileTxnLog.ts';
import { fromJson, toJson } from '../../protocol/storage/json.ts';
import { runScenario } from '../../sim/harness/runner.ts';
import { scenarioNamed } from '../../scenarios/index.ts';

/** The encoding json.ts had: its text is the one the disk must keep. */
const referenceToJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? { $n: x.toString(16) } : x));

const referenceFromJson = (text: string): unknown =>
  JSON.parse(text, (_k, x) => {
    if (
      x !== null &&
      typeof x === 'object' &&
      !Array.isArray(x) &&
      typeof x.$n === 'string' &&
      Object.keys(x).length === 1
    )
      return BigInt(`0x${x.$n}`);
    return x;
  });

type Outcome = { value: unknown } | { thrown: string };
const outcome = (f: () => unknown): Outcome => {
  try {
    return { value: f() };
  } catch (e) {
    return { thrown: (e as Error).constructor.name };
  }
};
const same = (a: Outcome, b: Outcome) => isDeepStrictEqual(a, b);

const values = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  maxDepth: 4,
});

describe('json.ts encoding', () => {
  it('property: toJson writes the reference text (or throws where it throws), for any value', () => {
    fc.assert(
      fc.property(values, (v) =>
        same(
          outcome(() => toJson(v)),
          outcome(() => referenceToJson(v)),
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it('property: fromJson reads the reference value of any toJson text and of {"$n"} look-alikes', () => {
    const lookAlike = fc.oneof(
      fc.constantFrom(
        '{"$n":"ff"}',
        '{"$n":"-1a"}',
        '{"$n":"zz"}',
        '{"$n":""}',
        '{"$n":7}',
        '{"$n":"1","x":1}',
        '{"$n":{"$n":"2"}}',
        '[{"$n":"3"},{"$n":null},{"a":{"$n":"4"}}]',
        '{"__proto__":{"$n":"5"}}',
        '{"$n":"1","$n":"2"}',
      ),
      values
        .map((v) => outcome(() => referenceToJson(v)))
        .map((o) => ('value' in o && typeof o.value === 'string' ? o.value : 'null')),
    );
    fc.assert(
      fc.property(lookAlike, (text) =>
        same(
          outcome(() => fromJson(text)),
          outcome(() => referenceFromJson(text)),
        ),
      ),
      { numRuns: 2000 },
    );
  });

  it('every txn record of a faults run is written and read back as the reference does', () => {
    const logged: TxnRecord[] = [];
    const append = FileTxnLog.prototype.append;
    FileTxnLog.prototype.append = function (this: FileTxnLog, txn: TxnRecord) {
      logged.push(txn);
      return append.call(this, txn);
    };
    try {
      runScenario({ scenario: scenarioNamed('faults'), seed: 3, servers: 3 });
    } finally {
      FileTxnLog.prototype.append = append;
    }
    expect(logged.length).toBeGreaterThan(100);
    for (const t of logged) {
      const text = toJson(t);
      expect(text).toBe(referenceToJson(t));
      expect(isDeepStrictEqual(fromJson(text), referenceFromJson(text))).toBe(true);
    }
  });
});
