// java.util.Date.toString() in a UTC JVM, from a millisecond value (no clock read): how zkCli
// prints ctime/mtime and how the dump four-letter word prints expiry times.

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Proleptic Gregorian (year, month 1..12, day) of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/**
 * new java.util.Date(ms).toString() in a JVM whose default time zone is UTC:
 * "EEE MMM dd HH:mm:ss zzz yyyy", e.g. "Tue Aug 20 05:29:52 UTC 2019". Pure arithmetic on the
 * given value (no clock). Java switches to the Julian calendar before 1582-10-15; stat times
 * never go there, and this function stays proleptic Gregorian.
 */
export function javaDateString(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const msOfDay = ms - days * 86_400_000;
  const secOfDay = Math.floor(msOfDay / 1000);
  const [y, m, d] = civilFromDays(days);
  const weekday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const hh = Math.floor(secOfDay / 3600);
  const mm = Math.floor((secOfDay % 3600) / 60);
  const ss = secOfDay % 60;
  return `${DAY_NAMES[weekday]} ${MONTH_NAMES[m - 1]} ${pad2(d)} ${pad2(hh)}:${pad2(mm)}:${pad2(ss)} UTC ${y}`;
}
