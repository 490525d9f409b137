// ExpiryQueue of 3.8: elements expire in buckets on a grid of expirationInterval ms. Updating
// an element moves it to the bucket of roundToNextInterval(now + timeout); the bucket it
// leaves stays in the map, empty, until its time comes and it is polled (the `dump` four-letter
// word shows such empty sets). NIOServerCnxnFactory keeps one for its connections. Every `now`
// is the caller's monotonic clock (3.8's ExpiryQueue reads Time.currentElapsedTime() itself).

export class ExpiryQueue<E> {
  private readonly elemMap = new Map<E, number>();
  private readonly expiryMap = new Map<number, Set<E>>();
  private nextExpirationTime: number;

  constructor(
    readonly expirationInterval: number,
    now: number,
  ) {
    this.nextExpirationTime = this.roundToNextInterval(now);
  }

  roundToNextInterval(time: number): number {
    return (Math.floor(time / this.expirationInterval) + 1) * this.expirationInterval;
  }

  get size(): number {
    return this.elemMap.size;
  }

  remove(elem: E): void {
    const t = this.elemMap.get(elem);
    if (t === undefined) return;
    this.elemMap.delete(elem);
    this.expiryMap.get(t)?.delete(elem);
  }

  /** The element's new expiry time, or null when it did not move. */
  update(elem: E, timeout: number, now: number): number | null {
    const prev = this.elemMap.get(elem);
    const next = this.roundToNextInterval(now + timeout);
    if (next === prev) return null;
    let set = this.expiryMap.get(next);
    if (!set) this.expiryMap.set(next, (set = new Set()));
    set.add(elem);
    this.elemMap.set(elem, next);
    if (prev !== undefined) this.expiryMap.get(prev)?.delete(elem);
    return next;
  }

  /** When the next bucket is due. */
  get nextExpiration(): number {
    return this.nextExpirationTime;
  }

  /** Every bucket whose time has come (the expirer thread polls each in turn): their elements. */
  poll(now: number): E[] {
    const out: E[] = [];
    while (now >= this.nextExpirationTime) {
      const set = this.expiryMap.get(this.nextExpirationTime);
      this.expiryMap.delete(this.nextExpirationTime);
      this.nextExpirationTime += this.expirationInterval;
      if (!set) continue;
      for (const e of set) {
        this.elemMap.delete(e);
        out.push(e);
      }
    }
    return out;
  }

  /** ExpiryQueue.dump: "Sets (n)/(m):" and each bucket by time, empty ones included. */
  dump(dateOf: (ms: number) => string, elemString: (e: E) => string): string {
    const keys = [...this.expiryMap.keys()].sort((a, b) => a - b);
    let s = `Sets (${this.expiryMap.size})/(${this.elemMap.size}):\n`;
    for (const t of keys) {
      const set = this.expiryMap.get(t)!;
      s += `${set.size} expire at ${dateOf(t)}:\n`;
      for (const e of set) s += `\t${elemString(e)}\n`;
    }
    return s;
  }
}
