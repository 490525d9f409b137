// A connection attempt cut before its handshake completes must still end for the connecting
// side: a refusal when the peer's process dies, the connect timeout across a partition.
// (Regression: such an attempt used to vanish, and QuorumCnxManager waited on it forever.)
import { describe, expect, it } from 'vitest';
import type { Actor, ConnId, Context } from '../../protocol/actor.ts';
import { World } from '../../sim/engine/world.ts';

class Dialer implements Actor {
  seen: string[] = [];
  constructor(private readonly ctx: Context) {}
  start(): void {
    this.ctx.net.listen(`${this.ctx.id}:1`);
  }
  dial(addr: string): void {
    this.ctx.net.connect(addr, 3000);
  }
  onConnect(): void {
    this.seen.push(`open@${Math.round(this.ctx.currentElapsedTime() % 100000)}`);
  }
  onConnectFailed(_c: ConnId, why: string): void {
    this.seen.push(why);
  }
  onMessage(): void {}
}

function setup() {
  const world = new World(1);
  world.net.defaults = { latencyMs: 5, jitterMs: 0, setupMs: 50 };
  const actors: Record<string, Dialer> = {};
  for (const n of ['a', 'b']) world.addNode(n, (ctx) => (actors[n] = new Dialer(ctx)));
  world.start('a');
  world.start('b');
  return { world, a: () => actors.a!, b: () => actors.b! };
}

describe('connection handshakes cut short', () => {
  it('the peer crashes during the handshake: the dialer hears refused', () => {
    const { world, a } = setup();
    world.at(0, 'dial', () => a().dial('b:1'));
    world.at(20, 'crash b', () => world.crash('b'));
    world.run({ untilMs: 10_000 });
    expect(a().seen).toEqual(['refused']);
  });

  it('a partition cuts the handshake: the dialer hears its connect timeout', () => {
    const { world, a } = setup();
    world.at(0, 'dial', () => a().dial('b:1'));
    world.at(20, 'partition', () => {
      world.net.block('a', 'b');
      world.net.block('b', 'a');
    });
    world.run({ untilMs: 10_000 });
    expect(a().seen).toEqual(['timeout']);
  });
});
