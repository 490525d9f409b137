// The bits of Java's standard library whose exact behaviour zkCli's output depends on:
// Integer.parseInt / Long.parseLong / Integer.decode (and their NumberFormatException texts),
// Double.parseDouble's grammar (commons-cli calls "-5" an argument, not an option),
// Long.toHexString, java.util.Date.toString in UTC, List.toString, String.split.

/**
 * An exception zkCli does not catch: the JVM prints `Exception in thread "main" <toString()>` and
 * the stack, then exits. `frames` are the stack lines (innermost first, without "\tat "): the
 * JDK's, as OpenJDK 17.0.15 prints them, then the ones each zkCli layer adds on the way out.
 */
export class JavaCrash extends Error {
  readonly frames: string[];
  constructor(
    readonly javaClass: string,
    readonly javaMessage: string,
    frames: string[] = [],
  ) {
    super(`${javaClass}: ${javaMessage}`);
    this.frames = [...frames];
  }
  /** Throwable.toString(). */
  override toString(): string {
    return `${this.javaClass}: ${this.javaMessage}`;
  }
  /** Adds the frames of the caller(s), innermost first. */
  at(...frames: string[]): this {
    this.frames.push(...frames);
    return this;
  }
  /** What the default uncaught-exception handler prints. */
  trace(): string {
    return `Exception in thread "main" ${this.toString()}\n${this.frames.map((f) => `\tat ${f}\n`).join('')}`;
  }
}

/** A java.lang.NumberFormatException (zkCli catches some, lets others crash the shell). */
export class NumberFormatException extends JavaCrash {
  constructor(message: string, frames: string[] = []) {
    super('java.lang.NumberFormatException', message, frames);
  }
}

/** A java.lang.IllegalArgumentException (PathUtils, TTL checks, AddWatchMode.valueOf ...). */
export class IllegalArgumentException extends JavaCrash {
  constructor(message: string, frames: string[] = []) {
    super('java.lang.IllegalArgumentException', message, frames);
  }
}

const INTEGER = 'java.base/java.lang.Integer';

function forInputString(s: string, radix: number): NumberFormatException {
  // Integer.parseInt(String, int) throws from one of three lines of JDK 17's Integer.java
  const line = s.length === 0 ? 678 : s === '-' || s === '+' ? 658 : 668;
  return new NumberFormatException(`For input string: "${s}"${radix === 10 ? '' : ` under radix ${radix}`}`, [
    'java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)',
    `${INTEGER}.parseInt(Integer.java:${line})`,
  ]);
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

function parseIntegral(s: string, radix: number, min: bigint, max: bigint): bigint {
  if (s.length === 0) throw forInputString(s, radix);
  let i = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    i = 1;
    if (s.length === 1) throw forInputString(s, radix);
  }
  let v = 0n;
  for (; i < s.length; i++) {
    const d = DIGITS.indexOf(s[i]!.toLowerCase());
    // Character.digit also accepts other Unicode digits; ASCII is what a shell line carries.
    if (d < 0 || d >= radix) throw forInputString(s, radix);
    v = v * BigInt(radix) + BigInt(d);
    if (v > max + 1n) throw forInputString(s, radix);
  }
  const r = negative ? -v : v;
  if (r < min || r > max) throw forInputString(s, radix);
  return r;
}

/** Integer.parseInt(s, radix); Integer.parseInt(s) when radix is 10 (one more frame). */
export function parseInt32(s: string, radix = 10): number {
  try {
    return Number(parseIntegral(s, radix, -(2n ** 31n), 2n ** 31n - 1n));
  } catch (e) {
    if (e instanceof NumberFormatException && radix === 10) e.at(`${INTEGER}.parseInt(Integer.java:786)`);
    throw e;
  }
}

/** Long.parseLong(s, radix), as a bigint (a long does not fit a double). */
export function parseInt64(s: string, radix = 10): bigint {
  return parseIntegral(s, radix, -(2n ** 63n), 2n ** 63n - 1n);
}

/** Integer.decode(nm): optional sign, then 0x / 0X / # (hex) or a leading 0 (octal). */
export function decodeInt32(nm: string): number {
  if (nm.length === 0) throw new NumberFormatException('Zero length string', [`${INTEGER}.decode(Integer.java:1423)`]);
  let index = 0;
  let negative = false;
  if (nm[0] === '-') {
    negative = true;
    index++;
  } else if (nm[0] === '+') index++;
  let radix = 10;
  if (nm.startsWith('0x', index) || nm.startsWith('0X', index)) {
    index += 2;
    radix = 16;
  } else if (nm.startsWith('#', index)) {
    index += 1;
    radix = 16;
  } else if (nm.startsWith('0', index) && nm.length > 1 + index) {
    index += 1;
    radix = 8;
  }
  if (nm.startsWith('-', index) || nm.startsWith('+', index)) {
    throw new NumberFormatException('Sign character in wrong position', [`${INTEGER}.decode(Integer.java:1447)`]);
  }
  const rest = nm.substring(index);
  const integerValueOf = (s: string) => {
    try {
      return Number(parseIntegral(s, radix, -(2n ** 31n), 2n ** 31n - 1n));
    } catch (e) {
      if (e instanceof NumberFormatException)
        e.at(`${INTEGER}.valueOf(Integer.java:973)`, `${INTEGER}.decode(Integer.java:1458)`);
      throw e;
    }
  };
  try {
    const v = integerValueOf(rest);
    return negative ? -v : v;
  } catch (e) {
    if (!(e instanceof NumberFormatException)) throw e;
    return integerValueOf(negative ? `-${rest}` : rest);
  }
}

// FloatingDecimal.readJavaFormatString, as a grammar (the string is trimmed first).
const JAVA_DOUBLE =
  /^[+-]?(?:NaN|Infinity|(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+)[fFdD]?)$/;

/** Whether Double.parseDouble(s) succeeds. */
export function isJavaDouble(s: string): boolean {
  return JAVA_DOUBLE.test(javaTrim(s));
}

/** String.trim(): strips every char <= ' ' at both ends. */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.substring(a, b);
}

/** Long.toHexString: two's complement for negatives (TTL and container ephemeralOwners are negative longs). */
export function toHexString(v: bigint | number): string {
  return BigInt.asUintN(64, BigInt(v)).toString(16);
}

export { javaDateString } from '../../javaDate.ts';

/** AbstractCollection.toString: "[a, b]". */
export function javaListString(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** String.split with a literal one-char separator: trailing empty strings are dropped. */
export function javaSplit(s: string, sep: string | RegExp): string[] {
  if (s.length === 0) return [''];
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
