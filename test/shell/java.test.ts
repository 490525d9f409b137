// The Java library behaviour zkCli's output rests on: Date.toString in UTC, Long.toHexString,
// Integer.parseInt / decode messages, Double.parseDouble's grammar, String.split.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statLines, permString, aclLine } from '../../protocol/client/shell/format.ts';
import {
  NumberFormatException,
  decodeInt32,
  isJavaDouble,
  javaDateString,
  javaListString,
  javaSplit,
  parseInt32,
  parseInt64,
  toHexString,
} from '../../protocol/client/shell/java.ts';
import { StatsTrack } from '../../protocol/client/shell/Quotas.ts';

// Printed by `new java.util.Date(ms).toString()` on OpenJDK 17 with TZ=UTC (this machine's JDK).
const JAVA_DATES: [number, string][] = [
  [0, 'Thu Jan 01 00:00:00 UTC 1970'],
  [999, 'Thu Jan 01 00:00:00 UTC 1970'],
  [1000, 'Thu Jan 01 00:00:01 UTC 1970'],
  [-1, 'Wed Dec 31 23:59:59 UTC 1969'],
  [-1000, 'Wed Dec 31 23:59:59 UTC 1969'],
  [86399999, 'Thu Jan 01 23:59:59 UTC 1970'],
  [86400000, 'Fri Jan 02 00:00:00 UTC 1970'],
  [951782400000, 'Tue Feb 29 00:00:00 UTC 2000'],
  [951868800000, 'Wed Mar 01 00:00:00 UTC 2000'],
  [1566278992000, 'Tue Aug 20 05:29:52 UTC 2019'],
  [1700000000000, 'Tue Nov 14 22:13:20 UTC 2023'],
  [4102444800000, 'Fri Jan 01 00:00:00 UTC 2100'],
  [4107542399000, 'Sun Feb 28 23:59:59 UTC 2100'],
  [253402300799999, 'Fri Dec 31 23:59:59 UTC 9999'],
  [253402300800000, 'Sat Jan 01 00:00:00 UTC 10000'],
  [-2208988800000, 'Mon Jan 01 00:00:00 UTC 1900'],
  [1078012800000, 'Sun Feb 29 00:00:00 UTC 2004'],
  [1330473600000, 'Wed Feb 29 00:00:00 UTC 2012'],
  [-9065692800000, 'Sun Sep 20 00:00:00 UTC 1682'],
];

describe('java.util.Date.toString (UTC)', () => {
  it.each(JAVA_DATES)('%d → %s', (ms, text) => {
    expect(javaDateString(ms)).toBe(text);
  });

  it('agrees with the platform calendar for any time after the Gregorian switch', () => {
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const p = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(fc.integer({ min: -12219292800000, max: 253402300799999 }), (ms) => {
        const d = new Date(ms); // test code only: the shell itself never touches Date
        const expected = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
        expect(javaDateString(ms)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Long.toHexString', () => {
  it('prints negatives in two’s complement, as TTL and container owners are', () => {
    expect(toHexString(-(2n ** 63n))).toBe('8000000000000000');
    expect(toHexString(-72057594037927926n)).toBe('ff0000000000000a');
    expect(toHexString(0x100000abcd0000n)).toBe('100000abcd0000');
    expect(toHexString(0x100000002)).toBe('100000002');
    expect(toHexString(0)).toBe('0');
  });
});

function nfe(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NumberFormatException);
    return (e as NumberFormatException).toString();
  }
  throw new Error('no exception');
}

describe('Integer.parseInt / Long.parseLong / Integer.decode', () => {
  it('parse what Java parses', () => {
    expect(parseInt32('42')).toBe(42);
    expect(parseInt32('+7')).toBe(7);
    expect(parseInt32('-2147483648')).toBe(-2147483648);
    expect(parseInt64('9223372036854775807')).toBe(2n ** 63n - 1n);
    expect(parseInt64('ff', 16)).toBe(255n);
    expect(decodeInt32('0x1f')).toBe(31);
    expect(decodeInt32('#10')).toBe(16);
    expect(decodeInt32('010')).toBe(8);
    expect(decodeInt32('-1')).toBe(-1);
    expect(decodeInt32('0')).toBe(0);
  });

  it('fail with the JDK 17 messages', () => {
    expect(nfe(() => parseInt32('abc'))).toBe('java.lang.NumberFormatException: For input string: "abc"');
    expect(nfe(() => parseInt32('2147483648'))).toBe('java.lang.NumberFormatException: For input string: "2147483648"');
    expect(nfe(() => parseInt32(''))).toBe('java.lang.NumberFormatException: For input string: ""');
    expect(nfe(() => parseInt32('-'))).toBe('java.lang.NumberFormatException: For input string: "-"');
    expect(nfe(() => parseInt32('1x'))).toBe('java.lang.NumberFormatException: For input string: "1x"');
    // recorded from zkCli 3.8.0: `redo x`, `redo 0xZZ`
    expect(nfe(() => decodeInt32('x'))).toBe('java.lang.NumberFormatException: For input string: "x"');
    expect(nfe(() => decodeInt32('0xZZ'))).toBe(
      'java.lang.NumberFormatException: For input string: "ZZ" under radix 16',
    );
    expect(nfe(() => decodeInt32(''))).toBe('java.lang.NumberFormatException: Zero length string');
    expect(nfe(() => decodeInt32('--1'))).toBe('java.lang.NumberFormatException: Sign character in wrong position');
  });
});

describe('Double.parseDouble grammar (commons-cli: "-5" is an argument)', () => {
  it.each(['-1', '5', '-1.5', '1e3', '-.5', '1.', 'NaN', '-Infinity', '1f', '2D', ' 3 ', '0x1p3'])(
    '%s is a double',
    (s) => {
      expect(isJavaDouble(s)).toBe(true);
    },
  );
  it.each(['-s', '-', '', 'e3', '1e', '0x10', '--1', '-v'])('%s is not', (s) => {
    expect(isJavaDouble(s)).toBe(false);
  });
});

describe('String.split and List.toString', () => {
  it('drops trailing empty strings only', () => {
    expect(javaSplit('a,b,,', ',')).toEqual(['a', 'b']);
    expect(javaSplit(',a', ',')).toEqual(['', 'a']);
    expect(javaSplit(',', ',')).toEqual([]);
    expect(javaSplit('', ',')).toEqual(['']);
    expect(javaSplit('/a/b', '/')).toEqual(['', 'a', 'b']);
  });
  it('lists as [a, b]', () => {
    expect(javaListString([])).toBe('[]');
    expect(javaListString(['/e1', '/e2'])).toBe('[/e1, /e2]');
  });
});

describe('records as zkCli prints them', () => {
  it('StatPrinter', () => {
    const text = statLines({
      czxid: 0x100000002,
      mzxid: 0x100000005,
      ctime: 1566278992000,
      mtime: 1566278993000,
      version: 2,
      cversion: 1,
      aversion: 0,
      ephemeralOwner: 0x100000abcd0000n,
      dataLength: 5,
      numChildren: 1,
      pzxid: 0x100000003,
    });
    expect(text).toBe(
      [
        'cZxid = 0x100000002',
        'ctime = Tue Aug 20 05:29:52 UTC 2019',
        'mZxid = 0x100000005',
        'mtime = Tue Aug 20 05:29:53 UTC 2019',
        'pZxid = 0x100000003',
        'cversion = 1',
        'dataVersion = 2',
        'aclVersion = 0',
        'ephemeralOwner = 0x100000abcd0000',
        'dataLength = 5',
        'numChildren = 1',
        '',
      ].join('\n'),
    );
  });

  it('ZKUtil.getPermString and the jute Id', () => {
    expect(permString(31)).toBe('cdrwa');
    expect(permString(1 | 16)).toBe('ra');
    expect(permString(0)).toBe('');
    expect(aclLine({ perms: 1, id: { scheme: 'world', id: 'anyone' } })).toBe("'world,'anyone\n: r");
    expect(aclLine({ perms: 31, id: { scheme: 'x', id: 'a,b%c}\n' } })).toBe("'x,'a%2Cb%25c%7D%0A\n: cdrwa");
  });

  it('StatsTrack round-trips the 3.8 quota text', () => {
    const t = new StatsTrack('count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=10');
    expect([t.count, t.bytes, t.countHardLimit, t.byteHardLimit]).toEqual([5n, -1n, 10n, -1n]);
    expect(t.toString()).toBe('count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=10');
    expect(new StatsTrack('count=2,bytes=5').toString()).toBe('count=2,bytes=5');
    expect(new StatsTrack('').toString()).toBe('count=-1,bytes=-1');
    const n = new StatsTrack();
    n.countHardLimit = 3n;
    expect(n.toString()).toBe('count=-1,bytes=-1=;countHardLimit=3');
  });
});
