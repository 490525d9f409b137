// Hand-built recipe histories: what a client believed (acquired / released) and what it wrote to
// the protected resource, on the History builder of the checker tests.
import type { History } from '../helpers.ts';

type Role = 'lock' | 'master';

export class RecipeEvents {
  private highest = 0;
  constructor(
    readonly h: History,
    readonly role: Role,
    /** The resource rejects tokens below the highest it accepted. */
    readonly fencing = false,
  ) {}

  acquire(n: string, token: number, session = BigInt(token)): this {
    this.h.ev(n, 'recipe', { what: 'acquired', role: this.role, session, token, node: '/lock' });
    return this.write(n, token);
  }
  release(n: string, token: number, why: 'done' | 'expired' | 'suspended' = 'done'): this {
    this.h.ev(n, 'recipe', { what: 'released', role: this.role, session: BigInt(token), token, why });
    return this;
  }
  write(n: string, token: number): this {
    const accepted = !this.fencing || token >= this.highest;
    if (accepted) this.highest = Math.max(this.highest, token);
    this.h.ev(n, 'recipe', { what: 'write', role: this.role, token, seq: 0, accepted, highest: this.highest });
    return this;
  }
  at(ms: number): this {
    this.h.at(ms);
    return this;
  }
}
