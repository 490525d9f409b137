// StaticHostProvider of 3.8: the servers of the connect string in a shuffled order; next()
// walks the ring, and after trying them all spins (waits up to spinDelay ms) before the next
// round. updateServerList rebalances as the docs describe: when the list grows, a client
// moves to a new server with the probability that keeps the load even.

export class StaticHostProvider {
  private servers: string[];
  private lastIndex = -1;
  private currentIndex = -1;

  constructor(
    servers: readonly string[],
    private readonly random: () => number,
  ) {
    this.servers = shuffle([...servers], random);
  }

  size(): number {
    return this.servers.length;
  }

  /** The next server, and how long to wait before connecting (spinDelay when the ring wrapped). */
  next(spinDelay: number): { addr: string; delayMs: number } {
    this.currentIndex = (this.currentIndex + 1) % this.servers.length;
    const wrapped = this.currentIndex === this.lastIndex;
    if (this.lastIndex === -1) this.lastIndex = 0;
    return { addr: this.servers[this.currentIndex]!, delayMs: wrapped ? spinDelay : 0 };
  }

  onConnected(): void {
    this.lastIndex = this.currentIndex;
  }

  current(): string {
    return this.servers[Math.max(0, this.currentIndex)]!;
  }

  /**
   * updateServerList: returns true if the client should move to another server. When servers
   * were added and the current one is still in the list, move with probability
   * 1 - old/new; when the current one was removed, always move.
   */
  updateServerList(servers: readonly string[], current: string): boolean {
    const shuffled = shuffle([...servers], this.random);
    const stillThere = shuffled.includes(current);
    let reconfig = !stillThere;
    if (stillThere && shuffled.length > this.servers.length) {
      reconfig = this.random() < 1 - this.servers.length / shuffled.length;
    }
    this.servers = shuffled;
    this.currentIndex = reconfig ? -1 : shuffled.indexOf(current);
    this.lastIndex = -1;
    return reconfig;
  }
}

function shuffle<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
