// Scopes (protocol/actor.ts Scope, sim/engine/scope.ts): timers and fsync callbacks bound to
// the code that asked for them, cancelled and dropped when their scope closes — with its
// children, and with the whole incarnation when the process crashes — while the disk still
// makes synced data durable.
import { describe, expect, it } from 'vitest';
import type { Actor, Context } from '../../protocol/actor.ts';
import type { TraceEvent } from '../../sim/engine/trace.ts';
import { World } from '../../sim/engine/world.ts';

/** A process that does nothing by itself: the test drives its Context. */
class Idle implements Actor {
  constructor(readonly ctx: Context) {}
  start(): void {}
  onMessage(): void {}
}

function setup() {
  const world = new World(1);
  let actor: Idle | undefined;
  const node = world.addNode('n', (ctx) => (actor = new Idle(ctx)));
  world.start('n');
  const trace: TraceEvent[] = [];
  world.trace.subscribe((e) => trace.push(e));
  const fired: string[] = [];
  /** A timer that records its tag when it fires. */
  const timer = (scope: Context, ms: number, tag: string) => scope.setTimer(ms, tag, () => fired.push(tag));
  const timerEvents = () => trace.filter((e) => e.k === 'timer').map((e) => e.tag);
  return { world, node, root: () => actor!.ctx, fired, timer, timerEvents, trace };
}

describe('scopes', () => {
  it('close() cancels the scope’s pending timers; other scopes’ timers still fire, and a fired timer is not traced twice', () => {
    const { world, root, fired, timer, timerEvents } = setup();
    const a = root().scope('a');
    const b = root().scope('b');
    timer(a, 10, 'a1');
    timer(a, 20, 'a2');
    timer(b, 15, 'b1');
    timer(root(), 5, 'root');
    world.at(12, 'close a', () => a.close());
    world.run();
    expect(fired).toEqual(['root', 'a1', 'b1']);
    expect(timerEvents()).toEqual(['root', 'a1', 'b1']);
    expect(a.closed).toBe(true);
    expect(b.closed).toBe(false);
  });

  it('cancelTimer cancels one timer of its scope; an id of another scope, a fired one or an unknown one changes nothing', () => {
    const { world, root, fired, timer } = setup();
    const a = root().scope('a');
    const b = root().scope('b');
    const a1 = timer(a, 10, 'a1');
    const a2 = timer(a, 20, 'a2');
    const b1 = timer(b, 30, 'b1');
    a.cancelTimer(b1); // not a's
    a.cancelTimer(a2);
    world.at(15, 'cancel the fired one', () => a.cancelTimer(a1));
    a.cancelTimer(9999);
    world.run();
    expect(fired).toEqual(['a1', 'b1']);
  });

  it('nested scopes: closing a scope closes its children and grandchildren, not its parent or siblings', () => {
    const { world, root, fired, timer } = setup();
    const role = root().scope('role');
    const server = role.scope('server');
    const tracker = server.scope('sessions');
    const sibling = root().scope('sibling');
    expect(tracker.scopeName).toBe('n/role/server/sessions');
    timer(role, 10, 'role');
    timer(server, 10, 'server');
    timer(tracker, 10, 'sessions');
    timer(sibling, 10, 'sibling');
    timer(root(), 10, 'root');
    role.close();
    expect([role.closed, server.closed, tracker.closed, sibling.closed, root().closed]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    world.run();
    expect(fired).toEqual(['sibling', 'root']);
  });

  it('closing a child leaves the parent working; a scope opened on a closed scope is closed, and a closed scope takes no work', () => {
    const { world, root, fired, timer } = setup();
    const parent = root().scope('parent');
    const child = parent.scope('child');
    timer(child, 10, 'child');
    child.close();
    timer(parent, 10, 'parent');
    timer(child, 5, 'child again'); // set on a closed scope: never fires
    const late = child.scope('late');
    expect(late.closed).toBe(true);
    timer(late, 5, 'late');
    child.close(); // twice: nothing more happens
    world.run();
    expect(fired).toEqual(['parent']);
  });

  it('an fsync whose scope closed drops its callback, but the data still becomes durable (the trace still shows fsync-done)', () => {
    const { world, node, root, trace } = setup();
    const s = root().scope('writer');
    const done: string[] = [];
    root().disk.write('f', 'data');
    s.fsync('f', () => done.push('f'));
    root().disk.write('g', 'other');
    root().fsync('g', () => done.push('g'));
    s.close();
    world.run();
    expect(done).toEqual(['g']);
    expect(node.disk.durableView().get('f')).toBe('data');
    expect(trace.filter((e) => e.k === 'disk' && e.op === 'fsync-done')).toHaveLength(2);
    // Durable means it survives a crash.
    world.crash('n');
    expect(node.disk.read('f')).toBe('data');
    expect(node.disk.read('g')).toBe('other');
  });

  it('an fsync issued on a closed scope is made durable with no callback', () => {
    const { world, node, root } = setup();
    const s = root().scope('gone');
    s.close();
    root().disk.write('f', 'late');
    let called = false;
    s.fsync('f', () => (called = true));
    world.run();
    expect(called).toBe(false);
    world.crash('n');
    expect(node.disk.read('f')).toBe('late');
  });

  it('a crashed incarnation’s timers and fsync callbacks never run, not even in the next incarnation; its data is as durable as the crash left it', () => {
    const { world, node, root, fired, timer } = setup();
    const old = root();
    const child = old.scope('role');
    timer(old, 10, 'root');
    timer(child, 10, 'child');
    old.disk.write('f', 'x');
    let synced = false;
    old.fsync('f', () => (synced = true));
    world.crash('n');
    expect(old.closed).toBe(true);
    expect(child.closed).toBe(true);
    world.start('n'); // at once: the old timers would be due in the new incarnation
    timer(old, 1, 'set through the dead context');
    timer(root(), 20, 'new incarnation');
    world.run();
    expect(fired).toEqual(['new incarnation']);
    expect(synced).toBe(false);
    expect(node.disk.exists('f')).toBe(false); // the crash came before the fsync completed
  });

  it('a timer cancelled while it waits in a paused process does not fire on resume', () => {
    // n is paused from 5 to 20. A message arrives at about 7 and n's role timer comes due at
    // 10: both wait. On resume they run in order, and the message's handler ends the role.
    const world = new World(1);
    let onMessage = () => {};
    let n: Context | undefined;
    world.addNode('n', (ctx) => {
      n = ctx;
      return { start: () => ctx.net.listen('n:1'), onMessage: () => onMessage() };
    });
    let m: Context | undefined;
    world.addNode('m', (ctx) => {
      m = ctx;
      return { start() {}, onMessage() {} };
    });
    world.start('n');
    world.start('m');
    const fired: string[] = [];
    const role = n!.scope('role');
    role.setTimer(10, 'role', () => fired.push('role'));
    onMessage = () => {
      fired.push('message');
      role.close();
    };
    let conn = -1;
    world.at(0, 'connect', () => (conn = m!.net.connect('n:1', 1000)));
    world.at(5, 'pause', () => world.pause('n'));
    world.at(6, 'send', () => m!.net.send(conn, { type: 'end the role' }));
    world.at(20, 'resume', () => world.resume('n'));
    world.run();
    expect(fired).toEqual(['message']);
  });
});
