import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../protocol/server/txn.ts';
import { QueueChecker } from '../../../sim/checkers/recipes/queue.ts';
import { History, S, T, z } from '../helpers.ts';

const Q = '/queue';
const item = (k: number) => `${Q}/item-c1.${k}-${String(k).padStart(10, '0')}`;
const receipt = (k: number) => `/queue-taken/item-c1.${k}-${String(k).padStart(10, '0')}`;

/** c1 puts items 0 and 1; consumers c2 (S) and c3 (T) are connected. */
function base(): History {
  const h = new History(new QueueChecker(Q));
  h.ev('c2', 'client.connected', { session: S, timeout: 6000, server: 'localhost:2182' });
  h.ev('c3', 'client.connected', { session: T, timeout: 6000, server: 'localhost:2183' });
  for (const k of [0, 1]) {
    h.deliver(['s1'], z(1, k + 1), { type: OpCode.create, session: 0x9000n, path: item(k) });
    h.ev('c1', 'recipe', { what: 'queue-put', item: item(k), value: `c1#${k}` });
  }
  return h;
}

/** session takes item k at zxid (the multi: delete + receipt). */
function take(h: History, k: number, zxid: number, session: bigint): History {
  return h.deliver(['s1'], zxid, {
    type: OpCode.multi,
    session,
    ops: [
      { type: OpCode.delete, path: item(k) },
      { type: OpCode.create, path: receipt(k) },
    ],
  });
}

describe('queue checker', () => {
  it('is quiet on takes in order, each processed once by its taker', () => {
    const h = take(base(), 0, z(1, 3), S).ev('c2', 'recipe', {
      what: 'queue-took',
      session: S,
      item: item(0),
      value: 'c1#0',
    });
    take(h, 1, z(1, 4), T).ev('c3', 'recipe', { what: 'queue-took', session: T, item: item(1), value: 'c1#1' });
    expect(h.finish().messages()).toEqual([]);
  });

  it('fires on an item processed twice (a consumer that takes NoNode on its delete as done)', () => {
    const h = base().deliver(['s1'], z(1, 3), { type: OpCode.delete, session: S, path: item(0) });
    h.ev('c2', 'recipe', { what: 'queue-took', session: S, item: item(0), value: 'c1#0' });
    h.ev('c3', 'recipe', { what: 'queue-took', session: T, item: item(0), value: 'c1#0' });
    expect(h.messages()).toEqual([
      'queue: c3 processes /queue/item-c1.0-0000000000 (c1#0), already processed by c2: taken twice',
    ]);
  });

  it('fires on a consumer processing an item another session took', () => {
    const h = take(base(), 0, z(1, 3), S).ev('c3', 'recipe', {
      what: 'queue-took',
      session: T,
      item: item(0),
      value: 'c1#0',
    });
    expect(h.messages()).toEqual([
      'queue: c3 processes /queue/item-c1.0-0000000000 (c1#0) on session 0x2000, but session 0x1000 took it at 0x100000003',
    ]);
  });

  it('fires on takes out of sequence order, and on an item left in the queue', () => {
    const h = take(base(), 1, z(1, 3), S).ev('c2', 'recipe', {
      what: 'queue-took',
      session: S,
      item: item(1),
      value: 'c1#1',
    });
    expect(h.finish().messages()).toEqual([
      'queue: /queue/item-c1.0-0000000000 is never taken',
      'queue: /queue/item-c1.1-0000000001 was taken at 0x100000003 before /queue/item-c1.0-0000000000, which has a lower sequence number (never taken): not FIFO',
    ]);
  });

  it('fires on a take committed on a live session that its consumer never processed', () => {
    const h = take(take(base(), 0, z(1, 3), S), 1, z(1, 4), S);
    h.ev('c2', 'recipe', { what: 'queue-took', session: S, item: item(0), value: 'c1#0' });
    expect(h.finish().messages()).toEqual([
      'queue: /queue/item-c1.1-0000000001 was taken at 0x100000004 by session 0x1000, still live, which never processed it',
    ]);
  });
});
