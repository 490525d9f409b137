// `nc`: send a four-letter word to a server's client port and read the answer.
import type { Actor, ConnId, Context, Message } from '../../protocol/actor.ts';
import type { FourLetterAnswer } from '../../protocol/proto.ts';
import type { World } from '../engine/world.ts';

class Netcat implements Actor {
  answer: string | undefined;
  private conn: ConnId | undefined;
  constructor(
    private readonly ctx: Context,
    private readonly addr: string,
    private readonly cmd: string,
  ) {}
  start(): void {
    this.conn = this.ctx.net.connect(this.addr, 2000);
  }
  onConnect(conn: ConnId): void {
    this.ctx.net.send(conn, { type: '4lw', cmd: this.cmd } as Message);
  }
  onConnectFailed(): void {
    this.answer = '';
  }
  onMessage(_conn: ConnId, msg: Message): void {
    if (msg.type === '4lw-answer') this.answer = (msg as FourLetterAnswer).text;
  }
  onClose(conn: ConnId): void {
    if (conn === this.conn && this.answer === undefined) this.answer = '';
  }
}

/** echo CMD | nc ADDR: runs the world until the answer (or the connection) ends. */
export function fourLetterWord(world: World, addr: string, cmd: string): string {
  const name = `nc${[...world.nodes.keys()].filter((n) => n.startsWith('nc')).length}`;
  let nc: Netcat | undefined;
  world.addNode(name, (ctx) => (nc = new Netcat(ctx, addr, cmd)));
  world.start(name);
  world.run({ stopWhen: () => nc!.answer !== undefined, untilMs: world.nowMs + 10_000 });
  return nc!.answer ?? '';
}
