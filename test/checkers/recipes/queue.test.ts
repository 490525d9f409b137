import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../protocol/server/txn.ts';
import { QUEUE_DRAIN_MS, QueueChecker } from '../../../sim/checkers/recipes/queue.ts';
import type { Message } from '../../../protocol/actor.ts';
import { History, S, T, z } from '../helpers.ts';

const Q = '/queue';
const U = 0x3000n;
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

  /**
   * c2 (S) sends its take of item 0 (xid 7); leader s2 proposes it at 0x200000001 and loses its
   * quorum before committing it; c2 hears nothing and goes on with session U (S expired); s2
   * leads epoch 3 from a log ending at `leadFrom`, then T takes item 1 (recipe-queue seed 251).
   */
  function undelivered(leadFrom: number, after = U): History {
    const h = base();
    h.ev('c2', 'client.call', { session: S, xid: 7, op: OpCode.multi, path: '' });
    h.ev('c2', 'send', {
      conn: 1,
      msg: {
        type: 'request',
        xid: 7,
        body: {
          op: OpCode.multi,
          ops: [
            { op: OpCode.delete, path: item(0), version: -1 },
            { op: OpCode.create, path: receipt(0), data: 'c2', acl: [], flags: 0 },
          ],
        },
      } as Message,
    });
    h.ev('s2', 'zab.propose', { zxid: z(2, 1), epoch: 2, type: OpCode.multi, session: S, cxid: 7 });
    h.ev('c2', 'client.connected', { session: after, timeout: 6000, server: 'localhost:2182' });
    h.ev('s2', 'zab.lead', { acceptedEpoch: 2, lastZxid: leadFrom });
    h.ev('s2', 'zab.established', { epoch: 3, acks: [2, 3] });
    return take(h, 1, z(3, 1), T).ev('c3', 'recipe', { what: 'queue-took', session: T, item: item(1), value: 'c1#1' });
  }

  it('is quiet on a take no server delivered that the next epoch took in, its session gone unanswered', () => {
    expect(undelivered(z(2, 1)).finish().messages()).toEqual([]);
  });

  it('fires when the next epoch truncated that take: the item is left', () => {
    expect(undelivered(z(1, 2)).finish().messages()).toEqual([
      'queue: /queue/item-c1.0-0000000000 is never taken',
      'queue: /queue/item-c1.1-0000000001 was taken at 0x300000001 before /queue/item-c1.0-0000000000, which has a lower sequence number (never taken): not FIFO',
    ]);
  });

  it("fires on such a take whose session is still its consumer's, never processed", () => {
    expect(undelivered(z(2, 1), S).finish().messages()).toEqual([
      'queue: /queue/item-c1.0-0000000000 was taken at 0x200000001 by session 0x1000, still live, which never processed it',
    ]);
  });

  /**
   * recipe-queue seed 388: T's take of item 0 (0x200000003) is logged by a quorum, never
   * committed in epoch 2; its answer is lost and no epoch is established after it to the end.
   * With the scenario's timing the end is judged only after an epoch established after the heal
   * has served a session timeout + QUEUE_DRAIN_MS.
   */
  const timing = { healMs: 45_000, sessionTimeoutMs: 6000 };
  function stalled(serveFromMs?: number): History {
    const h = new History(new QueueChecker(Q, timing));
    h.ev('c3', 'client.connected', { session: T, timeout: 6000, server: 'localhost:2183' });
    h.ev('s2', 'zab.established', { epoch: 2, acks: [2, 3] });
    h.deliver(['s2'], z(2, 1), { type: OpCode.create, session: 0x9000n, path: item(0) });
    h.ev('c1', 'recipe', { what: 'queue-put', item: item(0), value: 'c1#0' });
    h.ev('s2', 'zab.propose', { zxid: z(2, 3), epoch: 2, type: OpCode.multi, session: T, cxid: 78 });
    h.at(33_000).ev('s2', 'state', { state: 'LOOKING', leader: null, round: 2, peerEpoch: 2, zxid: z(2, 3) });
    if (serveFromMs !== undefined) {
      h.at(serveFromMs).ev('s3', 'zab.lead', { acceptedEpoch: 4, lastZxid: z(2, 1) });
      h.ev('s3', 'zab.established', { epoch: 5, acks: [2, 3] });
    }
    return h.at(95_000);
  }

  it('leaves the end unjudged when no epoch was established after the take to the end of the run', () => {
    expect(stalled().finish().messages()).toEqual([]);
  });

  it('leaves it unjudged when the last epoch served less than a session timeout + the drain bound', () => {
    expect(
      stalled(95_000 - 6000 - QUEUE_DRAIN_MS + 1)
        .finish()
        .messages(),
    ).toEqual([]);
  });

  it('fires on an item left once an epoch has served long enough (that epoch truncated the take)', () => {
    expect(
      stalled(95_000 - 6000 - QUEUE_DRAIN_MS)
        .finish()
        .messages(),
    ).toEqual(['queue: /queue/item-c1.0-0000000000 is never taken']);
  });
});
