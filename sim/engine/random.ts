// Named random streams derived from the run seed.
// Each consumer ("net", "disk", "faults", "node:3", ...) gets its own seedrandom stream,
// so adding a consumer never shifts the numbers another consumer sees.
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** Uniform real in [lo, hi). */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

class AleaRng implements Rng {
  private readonly prng: () => number;
  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }
  next(): number {
    return this.prng();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.prng() * (hi - lo + 1));
  }
  between(lo: number, hi: number): number {
    return lo + this.prng() * (hi - lo);
  }
  chance(p: number): boolean {
    return p > 0 && this.prng() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.prng() * items.length)]!;
  }
}

export class RandomStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number | string) {}
  /** The stream called `name`; the same name always gives the same stream object. */
  stream(name: string): Rng {
    let s = this.streams.get(name);
    if (!s) {
      s = new AleaRng(`zksim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
